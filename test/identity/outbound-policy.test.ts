/**
 * What belay decides before a call leaves over a trunk: a presented number the company may not
 * show (§ 120 TKG) is replaced by the network number, and the call record says why; emergency
 * calls carry a number of the new trunk registered at the employee's site, never the legacy one,
 * and go over the site's trunk; a colleague still on the old system is called at their legacy
 * number; the class of service refuses premium-rate numbers with 403; and a trunk that answers
 * 503 is passed over for the next one.
 *
 * One belay serve and one simulated carrier for the file; a SIPp carrier edge plays the broken trunk.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCarrier } from '../../src/lab/index.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort, runSipp } from '../support/sipp.js';
import { BelayServer } from './support/belay-server.js';
import { CARRIER_DOMAIN, connectTrunk, holdCompanyNumbers, startCarrier } from './support/carrier-trunks.js';
import { Company, koelnCompany } from './support/company.js';
import { loggedValue, passed } from './support/sipp-phone.js';

const CALLEE = '+4930111222';
const PREMIUM = '+499001234567';

describe.skipIf(!hasPeer('sipp'))('what belay decides for outbound calls', () => {
  let belay: BelayServer;
  let carrier: SimulatedCarrier;
  let company: Company;
  let mainTrunk: { readonly belayId: string; readonly carrierId: string };
  let siteTrunk: { readonly belayId: string; readonly carrierId: string };
  /** The number registered at the Köln site for emergency calls. */
  let siteNumber: string;

  beforeAll(async () => {
    carrier = await startCarrier();
    belay = await BelayServer.start();
    company = await Company.create(belay, {
      slug: 'policy',
      name: 'Policy AG',
      sites: [{ name: 'Köln', areaCode: '0221' }],
      blocks: [
        { kind: 'legacy', base: '+49 221 4711', range: '00-99', site: 'Köln', line: { provider: 'Telekom', id: 'AS-0221-4711' } },
        // the service hotline: a shared-cost number, never presentable as the caller's number
        { kind: 'legacy', base: '+49 180 5 1234', range: '00-99', site: 'Köln', line: { provider: 'Telekom', id: 'AS-01805-1234' } },
        { kind: 'provisional', base: '+49 221 98765', range: '00-99', site: 'Köln' },
      ],
      employees: [
        { extension: '23', name: 'Erika Muster', number: '+49 221 4711 23', site: 'Köln' },
        { extension: '24', name: 'Max Noch-Alt', number: '+49 221 4711 24', site: 'Köln' },
        { extension: '30', name: 'Service Hotline', number: '+49 180 5 123430', site: 'Köln' },
        { extension: '31', name: 'Paul Standard', number: '+49 221 4711 31', site: 'Köln' },
        { extension: '32', name: 'Petra Premium', number: '+49 221 4711 32', site: 'Köln' },
      ],
    });
    for (const extension of ['23', '30', '31', '32']) await company.moveNumber(extension, 'provisional_active');
    await holdCompanyNumbers(carrier, company);
    const provisional = await company.numbers('provisional');
    siteNumber = provisional[0] ?? '';
    const allowed = (await company.numbers('legacy')).filter((n) => n.startsWith('+49221'));
    mainTrunk = await connectTrunk(carrier, company, { name: 'main', profile: 'telekom', numbers: provisional, allowed, priority: 1 });
    siteTrunk = await connectTrunk(carrier, company, { name: 'koeln', profile: 'telekom', numbers: provisional, allowed, priority: 2, site: 'Köln' });
    await company.setEmergencyNumber('Köln', siteNumber);
    await company.updateUser('32', { classOfService: 'premium' });
    carrier.addSubscriber(CALLEE);
    carrier.addSubscriber(PREMIUM);
    // 24 still works on the old PBX, reached through the old provider
    carrier.addSubscriber(company.employee('24').legacyNumber ?? '');
    for (const extension of ['23', '30', '31', '32']) await company.awaitPhase(extension, 'parallel');
  }, 60_000);
  afterAll(async () => {
    await belay?.stop();
    await carrier?.stop();
  });

  it('replaces a presented number the company may not show by the network number, and records why', { timeout: 30_000 }, async () => {
    const { legacyNumber, provisionalNumber } = company.employee('30');
    expect(await company.identity('30')).toMatchObject({ identity: { upn: legacyNumber, phase: 'parallel' }, presented: { number: legacyNumber, allowed: false, rule: 'special' } });

    passed(await company.phone('30').dial(`0${CALLEE.slice(3)}`));
    const received = carrier.received(CALLEE).find((call) => call.npn === provisionalNumber);
    expect(received).toMatchObject({ shownNumber: provisionalNumber, viaTrunk: mainTrunk.carrierId, answered: true });
    const [record] = await belay.calls(company.slug, (r) => r.caller.extension === '30');
    expect(record).toMatchObject({ direction: 'outbound', presentedNumber: provisionalNumber, networkNumber: provisionalNumber });
    expect(record?.identityNote).toContain(legacyNumber ?? 'the legacy number');
  });

  it('sends an emergency call over the site’s trunk with the employee’s provisional number, never the legacy one', { timeout: 30_000 }, async () => {
    const { legacyNumber, provisionalNumber } = company.employee('23');
    expect(await company.identity('23')).toMatchObject({ emergency: { number: provisionalNumber, problem: null } });
    passed(await company.phone('23').dial('112'));
    const call = carrier.emergencyCalls().find((c) => c.npn === provisionalNumber);
    expect(call).toMatchObject({ shownNumber: provisionalNumber, viaTrunk: siteTrunk.carrierId, answered: true });
    expect(carrier.emergencyCalls().filter((c) => c.npn === legacyNumber || c.shownNumber === legacyNumber)).toEqual([]);
    const [record] = await belay.calls(company.slug, (r) => r.caller.extension === '23' && r.emergency);
    expect(record).toMatchObject({ dialled: '112', direction: 'outbound', trunkId: siteTrunk.belayId, networkNumber: provisionalNumber, disposition: 'answered' });
  });

  it('sends an emergency call of an employee without a live new number with the site’s emergency number', { timeout: 30_000 }, async () => {
    const { legacyNumber } = company.employee('24');
    expect(await company.identity('24')).toMatchObject({ emergency: { number: siteNumber, problem: null } });
    passed(await company.phone('24').dial('110'));
    const [record] = await belay.calls(company.slug, (r) => r.caller.extension === '24' && r.emergency);
    expect(record).toMatchObject({ dialled: '110', networkNumber: siteNumber, trunkId: siteTrunk.belayId, disposition: 'answered' });
    const calls = carrier.emergencyCalls().filter((c) => c.npn === siteNumber);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ viaTrunk: siteTrunk.carrierId });
    expect(calls[0]?.shownNumber).not.toBe(legacyNumber);
  });

  it('reaches a colleague still on the old system at their legacy number, over the trunk', { timeout: 30_000 }, async () => {
    const caller = company.employee('23');
    const colleague = company.employee('24');
    expect(await company.identity('24')).toMatchObject({ identity: { phase: 'before', onOldSystem: true } });

    passed(await company.phone('23').dial('24'));
    const [received, ...more] = carrier.received(colleague.legacyNumber ?? '');
    expect(more).toEqual([]);
    expect(received).toMatchObject({ shownNumber: caller.legacyNumber, npn: caller.provisionalNumber, viaTrunk: mainTrunk.carrierId, answered: true });
    const [record] = await belay.calls(company.slug, (r) => r.caller.extension === '23' && r.dialled === '24');
    expect(record).toMatchObject({ direction: 'outbound', trunkId: mainTrunk.belayId, presentedNumber: caller.legacyNumber, disposition: 'answered' });
  });

  it('refuses a premium-rate number with 403 under the default class of service, and records it', { timeout: 30_000 }, async () => {
    const run = await company.phone('31').dial('09001234567', 'phone-refused.xml');
    passed(run);
    expect(loggedValue(run, 'reason')).toMatch(/cause=403/);
    const [record] = await belay.calls(company.slug, (r) => r.caller.extension === '31');
    expect(record).toMatchObject({ dialled: PREMIUM, sipStatus: 403, direction: 'outbound' });
    expect(record?.blockReason).toBeTruthy();
    expect(carrier.received(PREMIUM).filter((c) => c.npn === company.employee('31').provisionalNumber)).toEqual([]);
  });

  it('lets a user whose class of service includes premium numbers call one', { timeout: 30_000 }, async () => {
    passed(await company.phone('32').dial('09001234567'));
    expect(carrier.received(PREMIUM).find((c) => c.npn === company.employee('32').provisionalNumber)).toMatchObject({ answered: true });
  });

  it('fails over to the next trunk when the first answers 503', { timeout: 40_000 }, async () => {
    const other = await Company.create(belay, koelnCompany('failover', { legacy: '+49 221 5533', provisional: '+49 221 98767' }, [{ extension: '23', name: 'Fritz Failover', number: '-23' }]));
    await other.moveNumber('23', 'provisional_active');
    await holdCompanyNumbers(carrier, other);
    const edgePort = await freeSippPort();
    await other.addTrunk({ name: 'primary', profile: 'telekom', host: '127.0.0.1', port: edgePort, domain: CARRIER_DOMAIN, priority: 1 });
    const backup = await connectTrunk(carrier, other, { name: 'backup', profile: 'telekom', numbers: await other.numbers('provisional'), allowed: await other.numbers('legacy'), priority: 2 });
    await other.awaitPhase('23', 'parallel');
    const callee = '+4930111333';
    carrier.addSubscriber(callee);

    const edge = runSipp({
      scenario: { file: fileURLToPath(new URL('./scenarios/trunk-unavailable.xml', import.meta.url)) },
      remote: `127.0.0.1:${belay.sipPort}`,
      transport: 'udp',
      calls: 1,
      timeoutMs: 20_000,
      traceMessages: true,
      extraArgs: ['-p', String(edgePort)],
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    passed(await other.phone('23').dial(`0${callee.slice(3)}`));
    const edgeRun = await edge;
    passed(edgeRun);
    expect(loggedValue(edgeRun, 'request')).toContain('+4930111333');
    expect(carrier.received(callee)).toMatchObject([{ viaTrunk: backup.carrierId, shownNumber: other.employee('23').legacyNumber, answered: true }]);
    const [record] = await belay.calls(other.slug, (r) => r.dialled === callee);
    expect(record).toMatchObject({ direction: 'outbound', trunkId: backup.belayId, disposition: 'answered' });
  });
});
