/**
 * Calls from the network to a company in parallel operation. The old provider forwards each
 * legacy number to the employee's provisional number on the new trunk, marking the forward with
 * Diversion, History-Info, both or neither; belay must ring the right employee's phone in every
 * case, tell the phone the call was forwarded from the legacy number (a Diversion line, whatever
 * the network used), and keep the originally dialled number and the reason in the call record. A DDI of the
 * company's block without an employee reaches the reception (or, without one, is refused with a
 * warning, never dropped silently); a forward to a mobile, and a mobile rung in parallel with
 * the desk phone, go back out showing the original caller; and a second company on the same
 * carrier gets its own calls.
 *
 * One belay serve and one simulated carrier for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCarrier } from '../../src/lab/index.js';
import { hasPeer } from '../support/peers.js';
import { BelayServer, eventually } from './support/belay-server.js';
import { connectTrunk, holdCompanyNumbers, startCarrier } from './support/carrier-trunks.js';
import { Company, koelnCompany } from './support/company.js';
import { loggedValue, passed } from './support/sipp-phone.js';

const STYLES = [
  { extension: '21', style: 'diversion' },
  { extension: '22', style: 'history-info' },
  { extension: '24', style: 'both' },
  { extension: '23', style: 'none' },
] as const;

/** A mobile in the network that employee 25 forwards every call to. */
const MOBILE = '+4917012345678';
/** The mobile employee 26 has rung in parallel with the desk phone. */
const PARALLEL_MOBILE = '+4915112345678';

describe.skipIf(!hasPeer('sipp'))('calls from the network to a company in parallel operation', () => {
  let belay: BelayServer;
  let carrier: SimulatedCarrier;
  let acme: Company;
  let other: Company;
  let acmeTrunk: { readonly belayId: string; readonly carrierId: string };

  beforeAll(async () => {
    carrier = await startCarrier();
    belay = await BelayServer.start();
    acme = await Company.create(
      belay,
      koelnCompany('acme', { legacy: '+49 221 4711', provisional: '+49 221 98765' }, [
        { extension: '10', name: 'Zentrale', number: '-10' },
        { extension: '21', name: 'Anna Diversion', number: '-21' },
        { extension: '22', name: 'Bert History', number: '-22' },
        { extension: '23', name: 'Carla Plain', number: '-23' },
        { extension: '24', name: 'Dieter Both', number: '-24' },
        { extension: '25', name: 'Eva Mobil', number: '-25' },
        { extension: '26', name: 'Frank Parallel', number: '-26' },
      ]),
    );
    other = await Company.create(belay, koelnCompany('other', { legacy: '+49 221 5522', provisional: '+49 221 98766' }, [{ extension: '23', name: 'Otto Other', number: '-23' }]));
    for (const company of [acme, other]) {
      for (const { extension } of company.plan.employees) await company.moveNumber(extension, 'provisional_active', 'forwarding_requested', 'forwarding_active');
      await holdCompanyNumbers(carrier, company);
    }
    for (const { extension, style } of STYLES) {
      const { legacyNumber, provisionalNumber } = acme.employee(extension);
      carrier.forward(legacyNumber ?? '', provisionalNumber ?? '', style);
    }
    acmeTrunk = await connectTrunk(carrier, acme, { name: 'main', profile: 'telekom', numbers: await acme.numbers('provisional'), allowed: await acme.numbers('legacy') });
    await connectTrunk(carrier, other, { name: 'main', profile: 'generic', numbers: await other.numbers('provisional'), allowed: await other.numbers('legacy') });
    await acme.setReception('10');
    await acme.updateUser('25', { forwarding: { always: { kind: 'external', number: MOBILE } } });
    await acme.updateUser('26', { ringExternal: PARALLEL_MOBILE });
    carrier.addSubscriber(MOBILE);
    carrier.addSubscriber(PARALLEL_MOBILE);
    await acme.awaitPhase('25', 'parallel');
    await acme.awaitPhase('26', 'parallel');
    await other.awaitPhase('23', 'parallel');
  }, 60_000);
  afterAll(async () => {
    await belay?.stop();
    await carrier?.stop();
  });

  it.each(STYLES)('a call to the legacy number of $extension, forwarded with $style, rings their phone', { timeout: 30_000 }, async ({ extension, style }) => {
    const { legacyNumber, provisionalNumber } = acme.employee(extension);
    const phone = acme.phone(extension);
    await phone.register();
    const answering = await phone.answer();

    const caller = `+4930555100${extension}`;
    const result = await carrier.call(caller, legacyNumber ?? '', { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    // the phone echoes the caller's audio: media flows both ways through the SDP belay relayed
    expect(result.rtpReceived).toBeGreaterThan(0);
    const run = await answering.done;
    passed(run);
    expect(loggedValue(run, 'from')).toContain(caller);
    // the desk phone is told the call was forwarded from the legacy number (RFC 5806), written in the tenant's domain
    const diversion = loggedValue(run, 'diversion');
    if (style === 'none') expect(diversion).not.toContain('reason=');
    else expect(diversion).toContain(`<sip:${legacyNumber ?? ''}@${acme.domain};user=phone>;reason=unconditional;counter=1;privacy=off`);

    const [record] = await belay.calls(acme.slug, (r) => r.answeredBy?.extension === extension);
    expect(record).toMatchObject({ direction: 'inbound', trunkId: acmeTrunk.belayId, disposition: 'answered', presentedNumber: caller });
    if (style === 'none') {
      // nothing says the call was forwarded: the provisional number in the Request-URI finds the employee
      expect(record).toMatchObject({ dialled: provisionalNumber, originalCalled: null, diversionReason: null });
    } else {
      expect(record).toMatchObject({ originalCalled: legacyNumber, diversionReason: 'unconditional' });
    }
  });

  it('rings the reception for a DDI of the block that belongs to no employee', { timeout: 30_000 }, async () => {
    const reception = acme.phone('10');
    await reception.register();
    const answering = await reception.answer();
    const unassigned = (await acme.numbers('provisional')).at(-1) ?? '';

    const result = await carrier.call('+4989123456', unassigned, { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    passed(await answering.done);
    const [record] = await belay.calls(acme.slug, (r) => r.dialled === unassigned);
    expect(record).toMatchObject({ direction: 'inbound', answeredBy: { extension: '10' }, presentedNumber: '+4989123456' });
  });

  it('refuses a DDI without an employee with 404 and warns when the company has no reception', { timeout: 30_000 }, async () => {
    const unassigned = (await other.numbers('provisional')).at(-1) ?? '';
    const result = await carrier.call('+4989123457', unassigned, { holdMs: 300 });
    expect(result).toMatchObject({ status: 404, answered: false });
    const warning = await eventually('the warning', async () => belay.logged(`a call for ${unassigned} of tenant other was refused`)[0]);
    expect(warning).toMatchObject({ level: 40 });
  });

  it('forwards a call to a mobile showing the original caller, with a Diversion naming the employee', { timeout: 30_000 }, async () => {
    const { legacyNumber, provisionalNumber } = acme.employee('25');
    const { identity } = await acme.identity('25');
    expect(identity.upn).toBe(legacyNumber);
    const caller = '+4940987654';

    const result = await carrier.call(caller, provisionalNumber ?? '', { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    const [received, ...more] = carrier.received(MOBILE);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ shownNumber: caller, viaTrunk: acmeTrunk.carrierId, answered: true });
    // one diversion, belay's: it names the number the employee is known by (the legacy one, in parallel operation)
    expect(received?.diversion).toHaveLength(1);
    expect(received?.diversion[0]).toContain(`${identity.upn ?? 'no number'}@`);
    expect(received?.diversion[0]).toContain('reason=unconditional');
    const [record] = await belay.calls(acme.slug, (r) => r.dialled === MOBILE || r.forwarding.some((hop) => hop.to === MOBILE));
    expect(record).toMatchObject({ disposition: 'answered', forwarding: [{ from: '25', to: MOBILE, reason: 'unconditional' }] });
  });

  it('rings a mobile in parallel with the desk phone, showing the original caller; the desk phone stops when the mobile answers', { timeout: 30_000 }, async () => {
    const { provisionalNumber } = acme.employee('26');
    const { identity } = await acme.identity('26');
    const desk = acme.phone('26');
    await desk.register();
    const ringing = await desk.answer('callee-rings.xml');
    const caller = '+4921198765';

    const result = await carrier.call(caller, provisionalNumber ?? '', { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    passed(await ringing.done);
    const [received, ...more] = carrier.received(PARALLEL_MOBILE);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ shownNumber: caller, viaTrunk: acmeTrunk.carrierId, answered: true });
    expect(received?.diversion).toHaveLength(1);
    expect(received?.diversion[0]).toContain(`${identity.upn ?? 'no number'}@`);
    const [record] = await belay.calls(acme.slug, (r) => r.presentedNumber === caller);
    expect(record).toMatchObject({ direction: 'inbound', disposition: 'answered', answeredBy: null });
  });

  it('rings the phone of the company whose number is called when two companies share the carrier', { timeout: 30_000 }, async () => {
    const phone = other.phone('23');
    await phone.register();
    const answering = await phone.answer();
    const { provisionalNumber } = other.employee('23');

    const result = await carrier.call('+4969123456', provisionalNumber ?? '', { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    passed(await answering.done);
    const [record] = await belay.calls(other.slug, (r) => r.dialled === provisionalNumber);
    expect(record).toMatchObject({ direction: 'inbound', answeredBy: { extension: '23' } });
  });
});
