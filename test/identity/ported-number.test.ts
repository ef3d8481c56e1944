/**
 * The port: the network's porting table moves an employee's legacy number to the new provider,
 * where it is one of belay's trunk numbers, and the employee's number state switches to ported.
 * From then on calls to that number arrive on the trunk directly (no forward, nothing recorded as
 * diverted), and outbound calls present and carry the ported number itself.
 *
 * One belay serve and one simulated carrier for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCarrier } from '../../src/lab/index.js';
import { hasPeer } from '../support/peers.js';
import { BelayServer } from './support/belay-server.js';
import { NEW_PROVIDER, connectTrunk, holdCompanyNumbers, startCarrier } from './support/carrier-trunks.js';
import { Company, koelnCompany } from './support/company.js';
import { loggedValue, passed } from './support/sipp-phone.js';

const CALLEE = '+4930987650';

describe.skipIf(!hasPeer('sipp'))('an employee whose legacy number has been ported', () => {
  let belay: BelayServer;
  let carrier: SimulatedCarrier;
  let company: Company;
  let trunk: { readonly belayId: string; readonly carrierId: string };
  let legacy: string;

  beforeAll(async () => {
    carrier = await startCarrier();
    belay = await BelayServer.start();
    company = await Company.create(belay, koelnCompany('ported', { legacy: '+49 221 4711', provisional: '+49 221 98765' }, [{ extension: '23', name: 'Erika Muster', number: '-23' }]));
    await company.moveNumber('23', 'provisional_active', 'forwarding_requested', 'forwarding_active');
    await holdCompanyNumbers(carrier, company);
    const { legacyNumber, provisionalNumber } = company.employee('23');
    legacy = legacyNumber ?? '';
    carrier.forward(legacy, provisionalNumber ?? '', 'diversion');
    // the trunk carries the legacy numbers too: they count once ported to the new provider
    const legacyNumbers = await company.numbers('legacy');
    trunk = await connectTrunk(carrier, company, { name: 'main', profile: 'telekom', numbers: [...(await company.numbers('provisional')), ...legacyNumbers], allowed: legacyNumbers });
    carrier.addSubscriber(CALLEE);
    await company.awaitPhase('23', 'parallel');

    carrier.port(legacy, NEW_PROVIDER);
    await company.moveNumber('23', 'ported');
    await company.awaitPhase('23', 'ported');
  }, 60_000);
  afterAll(async () => {
    await belay?.stop();
    await carrier?.stop();
  });

  it('shows the ported number as both the presented and the network number on the identity API', async () => {
    expect(await company.identity('23')).toMatchObject({ identity: { upn: legacy, npn: legacy, phase: 'ported', onOldSystem: false }, presented: { allowed: true } });
  });

  it('receives a call to the ported number directly on the trunk', { timeout: 30_000 }, async () => {
    const phone = company.phone('23');
    await phone.register();
    const answering = await phone.answer();

    const result = await carrier.call('+4989555123', legacy, { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    const run = await answering.done;
    passed(run);
    expect(loggedValue(run, 'from')).toContain('+4989555123');
    const [record] = await belay.calls(company.slug, (r) => r.direction === 'inbound');
    expect(record).toMatchObject({ trunkId: trunk.belayId, dialled: legacy, originalCalled: null, diversionReason: null, answeredBy: { extension: '23' } });
  });

  it('presents and carries the ported number on an outbound call', { timeout: 30_000 }, async () => {
    passed(await company.phone('23').dial(`0${CALLEE.slice(3)}`));
    const [received, ...more] = carrier.received(CALLEE);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ shownNumber: legacy, npn: legacy, viaTrunk: trunk.carrierId, answered: true });
    const [record] = await belay.calls(company.slug, (r) => r.dialled === CALLEE);
    expect(record).toMatchObject({ direction: 'outbound', presentedNumber: legacy, networkNumber: legacy, identityNote: null });
  });
});
