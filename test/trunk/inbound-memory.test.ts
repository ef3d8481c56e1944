/**
 * Calls in from the public network, carrier ↔ belay ↔ phone on the memory network: a call from a
 * trunk's address is taken without a challenge; the provisional number rings its employee; a call
 * the old provider forwarded rings the employee whose legacy number it names (Diversion or
 * History-Info); a DDI without an employee rings the reception, or is refused with 404 and a
 * warning; the phone shows the caller's number, and on a forwarded call (only there) a Diversion
 * naming the number first called; the record keeps the original called number; and every
 * inbound number is reported for the port automation.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Method, Status, headerValues } from '../../src/sip/index.js';
import { testSdp } from '../calls/support/test-phone.js';
import type { IncomingCall, TestPhone } from '../calls/support/test-phone.js';
import { BELAY, TrunkPbx } from './support/trunk-pbx.js';
import { ACME, acmeTrunk, acmeUser, legacyOf, numbersOf, provisionalOf } from './support/trunk-world.js';

const ALICE = acmeUser('201', 'Alice Adler');
const ERIKA = acmeUser('223', 'Erika Muster');
const CARRIER = acmeTrunk('trunk-a', '198.51.100.1');
const OUTSIDE = '+4930123456';
const SDP = testSdp('198.51.100.50', 6000);

let pbx: TrunkPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

const ring = (call: IncomingCall) => call.ring();

async function setUp(reception: string | null = '201') {
  const at = await TrunkPbx.start([ALICE, ERIKA], { trunks: [CARRIER], employees: [numbersOf(ALICE, 'ported'), numbersOf(ERIKA, 'forwarding_verified')], reception });
  pbx = at;
  const network = await at.carrier(CARRIER.host);
  const alice = await at.phone(ALICE, { onInvite: ring });
  const erika = await at.phone(ERIKA, { onInvite: ring });
  /** A caller in the network dials `number` (as the carrier delivers it: +E.164 at belay's address), with extra header lines. */
  const dial = (number: string, extra: readonly string[] = []) =>
    network.dial(`sip:${number}@${BELAY.host}`, {
      sdp: SDP,
      headers: [
        { name: 'P-Asserted-Identity', value: `"Max Muster" <sip:${OUTSIDE}@sip.carrier.example;user=phone>` },
        ...extra.map((line) => {
          const [name = '', ...value] = line.split(': ');
          return { name, value: value.join(': ') };
        }),
      ],
    });
  return { at, network, alice, erika, dial };
}

const only = (phone: TestPhone): IncomingCall => {
  const call = phone.incoming[0];
  if (!call) throw new Error('the phone was not rung');
  return call;
};

describe('calls in from a trunk', () => {
  it('rings the employee of a provisional number, showing the caller\'s number, without a challenge', async () => {
    const { at, erika, dial } = await setUp();
    const call = dial(provisionalOf('223'));
    at.run(100);
    expect(call.statuses).not.toContain(Status.ProxyAuthenticationRequired);
    const invite = only(erika).request;
    expect(invite.from.uri).toMatchObject({ user: OUTSIDE });
    expect(invite.from.displayName).toBe('Max Muster');
    expect(headerValues(invite, 'P-Asserted-Identity')).toEqual([`"Max Muster" <sip:${OUTSIDE}@acme.example>`]);
    // a call dialled straight to the number was not forwarded: the phone is told of no diversion
    expect(headerValues(invite, 'Diversion')).toEqual([]);
    only(erika).answer(testSdp('192.0.2.21', 7000));
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    // the phone is told nothing about belay's users in the answer
    expect(headerValues(call.final!, 'P-Asserted-Identity')).toEqual([]);
    call.send(Method.BYE);
    at.run(100);
    expect(at.calls.records).toMatchObject([
      {
        direction: 'inbound',
        trunkId: 'trunk-a',
        dialled: provisionalOf('223'),
        caller: { userId: null, extension: null, name: 'Max Muster' },
        presentedNumber: OUTSIDE,
        originalCalled: null,
        answeredBy: { extension: '223' },
      },
    ]);
    expect(at.inboundNumbers).toEqual([{ tenantId: ACME.id, number: provisionalOf('223'), at: expect.any(Number) }]);
  });

  it.each([
    ['Diversion', [`Diversion: <sip:${legacyOf('201')}@carrier.example;user=phone>;reason=unconditional;counter=1`], 'unconditional'],
    ['History-Info', [`History-Info: <sip:${legacyOf('201')}@carrier.example;user=phone>;index=1`, `History-Info: <sip:${provisionalOf('223')}@carrier.example;user=phone;cause=486>;index=1.1`], 'user-busy'],
  ] as const)('routes a call the old provider forwarded by the legacy number in %s, and tells the phone it was forwarded from it', async (_, lines, reason) => {
    const { at, alice, erika, dial } = await setUp();
    dial(provisionalOf('223'), lines);
    at.run(100);
    expect(erika.incoming).toHaveLength(0);
    const { request } = only(alice);
    expect(request.from.uri).toMatchObject({ user: OUTSIDE });
    // the number first called, in the tenant's domain, whatever the carrier wrote
    expect(headerValues(request, 'Diversion')).toEqual([`<sip:${legacyOf('201')}@acme.example;user=phone>;reason=${reason};counter=1;privacy=off`]);
    expect(headerValues(request, 'History-Info')).toEqual([]);
    only(alice).reject(Status.BusyHere);
    at.run(100);
    expect(at.calls.records).toMatchObject([{ originalCalled: legacyOf('201'), diversionReason: reason, dialled: provisionalOf('223'), disposition: 'busy' }]);
  });

  it('sends a DDI without an employee to the reception', async () => {
    const { at, alice, dial } = await setUp();
    dial('+492219876577');
    at.run(100);
    expect(only(alice).request.from.uri).toMatchObject({ user: OUTSIDE });
  });

  it('refuses a DDI without an employee with 404 and a warning when no reception is set, and records it', async () => {
    const { at, dial } = await setUp(null);
    const call = dial('+492219876577');
    at.run(100);
    expect(call.final?.status).toBe(Status.NotFound);
    expect(headerValues(call.final!, 'Reason')[0]).toMatch(/no reception/);
    expect(at.logs.some((l) => l.level === 'warn' && /no reception extension/.test(l.message))).toBe(true);
    expect(at.calls.records).toMatchObject([{ direction: 'inbound', dialled: '+492219876577', disposition: 'rejected', sipStatus: 404 }]);
  });

  it('shows an anonymous caller as anonymous', async () => {
    const { at, erika, network } = await setUp();
    network.dial(`sip:${provisionalOf('223')}@${BELAY.host}`, { sdp: SDP, headers: [{ name: 'Privacy', value: 'id' }] });
    at.run(100);
    expect(only(erika).request.from).toMatchObject({ displayName: 'Anonymous', uri: { user: 'anonymous', host: 'anonymous.invalid' } });
  });

  it('takes no call from an address that is not a trunk\'s: it must authenticate as a user', async () => {
    const { at, erika } = await setUp();
    const stranger = await at.carrier('198.51.100.99');
    const call = stranger.dial(`sip:${provisionalOf('223')}@${BELAY.host}`, { sdp: SDP });
    at.run(100);
    expect(call.final?.status).toBe(Status.Forbidden);
    expect(erika.incoming).toHaveLength(0);
  });
});
