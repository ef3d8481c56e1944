import { describe, expect, it } from 'vitest';
import { MemoryNetwork, SimulatedClock, SipStack, Status, sequentialIds, withMaxForwards } from '../../sip/index.js';
import type { ServerTransaction, SipRequest } from '../../sip/index.js';
import { ACME, OTHER, acmeTelephony, acmeTrunk, acmeUser, legacyOf, numbersOf, provisionalOf } from '../../../test/trunk/support/trunk-world.js';
import { InMemoryDirectory } from '../directory/index.js';
import { callerStep, destinationStep, normalizeStep, numberStep, requestStep, routeStep, sessionTimerStep, tenantStep } from './call-setup.js';
import type { Authenticated, FromTrunk, Received, StepResult } from './call-setup.js';
import { defaultCallPolicy } from './b2bua.js';
import { callRouter, defaultRoutePolicy } from './decide-route.js';

const ALICE = { ...acmeUser('201', 'Alice'), sipUsername: 'alice' };
const ERIKA = acmeUser('223', 'Erika Muster');
const CARRIER = acmeTrunk('carrier', '198.51.100.1');
const SHARED = acmeTrunk('shared', '198.51.100.2', { tenantId: null });

const directory = new InMemoryDirectory();
directory.putTenant(ACME, 1);
directory.putTenant(OTHER, 2);
directory.putUser(ALICE, 3);
directory.putUser(ERIKA, 4);
const telephony = acmeTelephony({ trunks: [CARRIER, SHARED], employees: [numbersOf(ALICE, 'ported'), numbersOf(ERIKA, 'forwarding_active')], reception: '201' });

/** A new INVITE as the B2BUA receives it: through a stack on the memory network, with its real server transaction. */
async function received(lines: { readonly uri?: string; readonly extra?: readonly string[]; readonly contact?: boolean } = {}): Promise<Received> {
  const clock = new SimulatedClock(0);
  const network = new MemoryNetwork({ clock, latencyMs: 1 });
  let got: { tx: ServerTransaction; request: SipRequest } | undefined;
  const stack = new SipStack({
    transports: [(handlers) => Promise.resolve(network.attach({ host: '192.0.2.10', port: 5060, ...handlers }))],
    clock,
    ids: sequentialIds('b'),
    delegate: { onRequest: (tx, request) => (got = { tx, request }) },
  });
  await stack.start();
  const phone = network.attach({ host: '192.0.2.20', port: 5060, onMessage: () => undefined });
  const text = [
    `INVITE ${lines.uri ?? 'sip:202@acme.example'} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK-phone-1;rport',
    'Max-Forwards: 70',
    'From: <sip:alice@acme.example>;tag=a',
    'To: <sip:202@acme.example>',
    'Call-ID: setup-1',
    'CSeq: 1 INVITE',
    ...(lines.contact === false ? [] : ['Contact: <sip:alice@192.0.2.20:5060>']),
    ...(lines.extra ?? []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  await phone.send(Buffer.from(text), { host: '192.0.2.10', port: 5060 });
  clock.advance(5);
  await stack.stop();
  if (!got) throw new Error('the INVITE did not arrive');
  return { ...got, source: got.tx.source };
}

const authenticated = async (lines?: Parameters<typeof received>[0]): Promise<Authenticated> => ({ ...(await received(lines)), tenant: ACME, caller: { kind: 'user', user: ALICE } });

function rejected<T>(result: StepResult<T>) {
  if (result.kind !== 'reject') throw new Error('the step continued');
  return result.rejection;
}

describe('call setup steps', () => {
  it('request: 483 at Max-Forwards 0, 482 for a branch the B2BUA itself sent, 400 without a Contact', async () => {
    const step = requestStep({ branches: new Set(['z9hG4bK-loop']) });
    const input = await received();
    expect(step.run(input)).toEqual({ kind: 'continue', value: input });
    expect(rejected(step.run({ ...input, request: withMaxForwards(input.request, 0) }))).toMatchObject({ status: Status.TooManyHops });
    const looped = await received({ extra: ['Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-loop'] });
    expect(rejected(step.run(looped))).toMatchObject({ status: Status.LoopDetected });
    expect(rejected(step.run(await received({ contact: false })))).toMatchObject({ status: Status.BadRequest });
  });

  it('session timer: 422 with our Min-SE below it, 400 when malformed, and the offer the callee gets', async () => {
    const step = sessionTimerStep({ sessionTimer: defaultCallPolicy.sessionTimer });
    const tooSmall = rejected(step.run(await received({ extra: ['Supported: timer', 'Session-Expires: 60'] })));
    expect(tooSmall).toMatchObject({ status: Status.SessionIntervalTooSmall, headers: [{ name: 'Min-SE', value: '90' }] });
    expect(rejected(step.run(await received({ extra: ['Session-Expires: soon'] })))).toMatchObject({ status: Status.BadRequest });
    const offered = step.run(await received({ extra: ['Supported: timer', 'Session-Expires: 3600;refresher=uas', 'Min-SE: 120'] }));
    expect(offered.kind === 'continue' && offered.value.sessionOffer).toEqual({ interval: 1800, minSE: 120, refresher: 'uas' });
    const none = step.run(await received({ extra: ['Session-Expires: 600'] }));
    expect(none.kind === 'continue' && none.value.sessionOffer).toBeUndefined();
  });

  it('tenant: a call to another tenant\'s domain is refused; a domain of no tenant (an IP address) stays in the caller\'s', async () => {
    const step = tenantStep({ directory });
    const foreign = rejected(step.run(await authenticated({ uri: 'sip:202@globex.example' })));
    expect(foreign.status).toBe(Status.Forbidden);
    expect(foreign.headers).toEqual([{ name: 'Reason', value: 'SIP;cause=403;text="calls to another tenant are not possible"' }]);
    expect(step.run(await authenticated({ uri: 'sip:202@192.0.2.10' })).kind).toBe('continue');
  });

  it('normalize and route: 484 without a user part, 404 for an unknown extension with the reason', async () => {
    expect(rejected(normalizeStep({ directory, telephony }).run(await authenticated({ uri: 'sip:acme.example' })))).toMatchObject({ status: Status.AddressIncomplete });
    const router = callRouter({ directory, bindings: { bindingsFor: () => [] }, telephony }, defaultRoutePolicy);
    const input = { ...(await authenticated()), dialled: 'bob', target: { kind: 'extension', extension: 'bob' } } as const;
    const unknown = rejected(routeStep({ router }).run(input));
    expect(unknown).toMatchObject({ status: Status.NotFound, headers: [{ name: 'Reason', value: 'SIP;cause=404;text="extension bob does not exist"' }] });
    expect(unknown.route).toMatchObject({ kind: 'reject', diversions: [] });
  });

  it.each([
    ['sip:223@acme.example', { kind: 'extension', extension: '223' }],
    ['sip:alice@acme.example', { kind: 'extension', extension: '201' }],
    ['sip:0221-4711-99@acme.example', { kind: 'external', number: '+49221471199' }],
    ['sip:4711099@acme.example', { kind: 'external', number: '+492214711099' }],
    ['tel:+49-30-123456', { kind: 'external', number: '+4930123456' }],
    ['sip:112@acme.example', { kind: 'emergency', number: '112' }],
  ] as const)('normalize reads %s with the dial plan and the caller\'s area code as %j', async (uri, target) => {
    const addressed = normalizeStep({ directory, telephony }).run(await authenticated({ uri }));
    expect(addressed.kind === 'continue' && addressed.value.target).toEqual(target);
  });

  it('normalize refuses digits that are no number with 404, the reason and what was dialled', async () => {
    expect(rejected(normalizeStep({ directory, telephony }).run(await authenticated({ uri: 'sip:12@acme.example' })))).toMatchObject({
      status: Status.NotFound,
      dialled: '12',
      headers: [{ name: 'Reason', value: expect.stringContaining('12 is no extension') }],
    });
  });
});

describe('call setup steps for a call from a trunk', () => {
  const fromCarrier = async (trunk = CARRIER, extra: readonly string[] = [], uri = 'sip:+492219876523@192.0.2.10'): Promise<FromTrunk> => {
    const caller = callerStep(trunk).run(await received({ uri, extra: ['P-Asserted-Identity: "Max Muster" <sip:+4930123456@carrier.example>', ...extra] }));
    if (caller.kind !== 'continue') throw new Error('the caller step refused');
    return caller.value;
  };
  const addressed = async (from: FromTrunk) => {
    const number = numberStep({ directory, telephony }).run(from);
    if (number.kind !== 'continue') throw new Error(`the number step refused: ${JSON.stringify(number.rejection)}`);
    return destinationStep({ directory, telephony }).run(number.value);
  };

  it('caller: the external number and name as the carrier asserts them', async () => {
    expect((await fromCarrier()).caller).toEqual({ kind: 'external', trunkId: 'carrier', number: '+4930123456', name: 'Max Muster' });
    expect((await fromCarrier(CARRIER, ['Privacy: id'])).caller).toMatchObject({ number: null });
  });

  it('number and destination: a provisional number rings its employee', async () => {
    const result = await addressed(await fromCarrier());
    expect(result.kind === 'continue' && result.value).toMatchObject({
      tenant: ACME,
      dialled: provisionalOf('223'),
      target: { kind: 'extension', extension: '223' },
      inbound: { trunkId: 'carrier', called: provisionalOf('223'), originalCalled: null, diversionReason: null },
    });
  });

  it('number: a call the old provider forwarded is routed by the legacy number it recovers from Diversion', async () => {
    const forwarded = await fromCarrier(CARRIER, [`Diversion: <sip:${legacyOf('201')}@carrier.example>;reason=unconditional;counter=1`]);
    const result = await addressed(forwarded);
    expect(result.kind === 'continue' && result.value).toMatchObject({
      target: { kind: 'extension', extension: '201' },
      inbound: { called: provisionalOf('223'), originalCalled: legacyOf('201'), diversionReason: 'unconditional' },
    });
  });

  it('destination: a DDI without an employee reaches the reception; a number of nobody gets 404', async () => {
    const ddi = await addressed(await fromCarrier(CARRIER, [], 'sip:+492219876577@192.0.2.10'));
    expect(ddi.kind === 'continue' && ddi.value.target).toEqual({ kind: 'extension', extension: '201' });
    const nobody = numberStep({ directory, telephony }).run(await fromCarrier(SHARED, [], 'sip:+4989555555@192.0.2.10'));
    expect(rejected(nobody)).toMatchObject({ status: Status.NotFound });
  });

  it('destination: without a reception, a DDI without an employee is refused with 404 and a warning', async () => {
    const noReception = acmeTelephony({ trunks: [CARRIER], reception: null });
    const number = numberStep({ directory, telephony: noReception }).run(await fromCarrier(CARRIER, [], 'sip:+492219876577@192.0.2.10'));
    if (number.kind !== 'continue') throw new Error('the number step refused');
    const refused = rejected(destinationStep({ directory, telephony: noReception }).run(number.value));
    expect(refused).toMatchObject({ status: Status.NotFound, warning: expect.stringContaining('no reception') });
  });
});
