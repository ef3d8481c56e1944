/**
 * Calls out over trunks, phone ↔ belay ↔ carrier on the memory network: failover to the next
 * trunk on 503 (never on 486), the trunks' limits, Digest toward the carrier, the class of
 * service, the presented and network numbers per phase and per profile (a forbidden presented
 * number replaced), emergency calls, a colleague still on the old system, and forwarding to an
 * external number with the original caller's number and a Diversion. Each call leaves its record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../../src/centrex/index.js';
import type { DirectoryUser } from '../../src/centrex/index.js';
import { Method, Status, headerValues } from '../../src/sip/index.js';
import type { SipRequest } from '../../src/sip/index.js';
import { testSdp } from '../calls/support/test-phone.js';
import type { IncomingCall, TestPhone } from '../calls/support/test-phone.js';
import { TrunkPbx, challenging } from './support/trunk-pbx.js';
import { COLOGNE, acmeTrunk, acmeUser, legacyOf, numbersOf, provisionalOf } from './support/trunk-world.js';
import type { WorldSpec } from './support/trunk-world.js';

const ALICE = acmeUser('201', 'Alice Adler');
const ERIKA = acmeUser('223', 'Erika Muster');
const MAX = acmeUser('224', 'Max Mann');
const CARRIER_A = acmeTrunk('trunk-a', '198.51.100.1', { priority: 1 });
const CARRIER_B = acmeTrunk('trunk-b', '198.51.100.2', { priority: 2 });
const OUTSIDE = '+4930123456';
const SDP = testSdp('192.0.2.20', 4000);

let pbx: TrunkPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

async function setUp(users: readonly DirectoryUser[], world: WorldSpec) {
  pbx = await TrunkPbx.start(users, world);
  return pbx;
}

const answer = (call: IncomingCall) => {
  call.ring();
  call.answer(testSdp('198.51.100.50', 6000));
};
const invites = (peer: TestPhone): SipRequest[] => peer.incoming.map((c) => c.request);

describe('calls out over the trunks', () => {
  it('fails over to the next trunk on 503, and the record names the trunk that answered', async () => {
    const at = await setUp([ERIKA], { trunks: [CARRIER_A, CARRIER_B], employees: [numbersOf(ERIKA, 'forwarding_active')] });
    const a = await at.carrier(CARRIER_A.host, (c) => c.reject(Status.ServiceUnavailable));
    const b = await at.carrier(CARRIER_B.host, answer);
    const erika = await at.phone(ERIKA);
    const call = erika.dial('030123456', { sdp: SDP });
    at.run(200);
    expect(call.final?.status).toBe(Status.OK);
    expect(invites(a)).toHaveLength(1);
    const [invite] = invites(b);
    expect(invite?.uri).toMatchObject({ user: OUTSIDE, host: 'sip.carrier.example' });
    expect(invite?.body.toString()).toBe(SDP);
    expect(at.logs.some((l) => l.level === 'warn' && /trunk failed/.test(l.message))).toBe(true);
    call.send(Method.BYE);
    at.run(100);
    expect(at.calls.records).toMatchObject([
      { dialled: OUTSIDE, direction: 'outbound', trunkId: 'trunk-b', presentedNumber: legacyOf('223'), networkNumber: provisionalOf('223'), disposition: 'answered', answeredBy: null },
    ]);
  });

  it('does not fail over when the far end is busy: 486 goes back to the caller', async () => {
    const at = await setUp([ERIKA], { trunks: [CARRIER_A, CARRIER_B] });
    const a = await at.carrier(CARRIER_A.host, (c) => c.reject(Status.BusyHere));
    const b = await at.carrier(CARRIER_B.host, answer);
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(200);
    expect(call.final?.status).toBe(Status.BusyHere);
    expect(invites(a)).toHaveLength(1);
    expect(invites(b)).toHaveLength(0);
    expect(at.calls.records).toMatchObject([{ disposition: 'busy', trunkId: 'trunk-a', direction: 'outbound' }]);
  });

  it('gives the caller the network\'s answer for a number it does not know', async () => {
    const at = await setUp([ERIKA], { trunks: [CARRIER_A, CARRIER_B] });
    await at.carrier(CARRIER_A.host, (c) => c.reject(Status.NotFound, [{ name: 'Reason', value: 'Q.850;cause=1;text="Unallocated number"' }]));
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(200);
    expect(call.final?.status).toBe(Status.NotFound);
    expect(headerValues(call.final!, 'Reason')).toEqual(['Q.850;cause=1;text="Unallocated number"']);
  });

  it('passes over a trunk at its limit of concurrent calls; with no trunk left the caller gets 503', async () => {
    const limited = acmeTrunk('trunk-a', '198.51.100.1', { priority: 1, maxCalls: 1 });
    const at = await setUp([ERIKA, ALICE], { trunks: [limited] });
    const a = await at.carrier(limited.host, (c) => c.ring());
    const first = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(100);
    const second = (await at.phone(ALICE)).dial('+4930999999', { sdp: SDP });
    at.run(100);
    expect(invites(a)).toHaveLength(1);
    expect(first.final).toBeUndefined();
    expect(second.final?.status).toBe(Status.ServiceUnavailable);
    expect(at.logs.some((l) => /concurrent calls/.test(l.message))).toBe(true);
    // the first call ends: its slot is free again
    first.cancel();
    at.run(100);
    const third = (await at.phone(ALICE)).dial('+4930999999', { sdp: SDP });
    at.run(100);
    expect(invites(a)).toHaveLength(2);
    expect(third.final).toBeUndefined();
  });

  it('answers the carrier\'s Digest challenge with the trunk\'s credentials', async () => {
    const registered = acmeTrunk('trunk-a', '198.51.100.1', { mode: 'register', username: '4922198765430', password: 'trunk-secret' });
    const at = await setUp([ERIKA], { trunks: [registered] });
    const a = await at.carrier(registered.host, challenging(at.clock, { username: '4922198765430', password: 'trunk-secret' }, answer));
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(200);
    expect(call.final?.status).toBe(Status.OK);
    const [challenged, authorized] = invites(a);
    expect(challenged && headerValues(challenged, 'Proxy-Authorization')).toEqual([]);
    expect(authorized?.callId).toBe(challenged?.callId);
    expect(authorized?.cseq.seq).toBe((challenged?.cseq.seq ?? 0) + 1);
  });

  it('refuses a number the class of service does not allow with 403 and the reason, and records the block', async () => {
    const local = acmeUser('223', 'Erika Muster', { classOfService: 'local' });
    const at = await setUp([local], { trunks: [CARRIER_A], employees: [numbersOf(local, 'ported')] });
    const a = await at.carrier(CARRIER_A.host, answer);
    const phone = await at.phone(local);
    const call = phone.dial('0041441234567', { sdp: SDP });
    at.run(100);
    expect(call.final?.status).toBe(Status.Forbidden);
    expect(headerValues(call.final!, 'Reason')[0]).toMatch(/class of service local does not permit international calls/);
    expect(invites(a)).toHaveLength(0);
    const nearby = phone.dial('4711099', { sdp: SDP });
    at.run(100);
    expect(nearby.final?.status).toBe(Status.OK);
    expect(invites(a)[0]?.uri).toMatchObject({ user: '+492214711099' });
    expect(at.calls.records[0]).toMatchObject({ dialled: '+41441234567', disposition: 'rejected', sipStatus: 403, direction: 'outbound', blockReason: expect.stringMatching(/international/) });
  });
});

describe('the numbers a call out presents', () => {
  it.each([
    ['generic', { from: legacyOf('223'), ppi: [], pai: [`<sip:${provisionalOf('223')}@sip.carrier.example;user=phone>`] }],
    ['telekom', { from: legacyOf('223'), ppi: [`<sip:${provisionalOf('223')}@sip.carrier.example;user=phone>`], pai: [] }],
    ['dts', { from: provisionalOf('223'), ppi: [`<sip:${legacyOf('223')}@sip.carrier.example>`], pai: [] }],
  ] as const)('parallel operation on a %s trunk: the legacy number shown, the provisional one as network number', async (profile, lines) => {
    const trunk = acmeTrunk('trunk-a', '198.51.100.1', { profile: BUILTIN_PROFILES[profile] });
    const at = await setUp([ERIKA], { trunks: [trunk], employees: [numbersOf(ERIKA, 'forwarding_verified')] });
    const a = await at.carrier(trunk.host, answer);
    (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(100);
    const [invite] = invites(a);
    expect(invite?.from.uri).toMatchObject({ user: lines.from });
    expect(invite && headerValues(invite, 'P-Preferred-Identity')).toEqual(lines.ppi);
    expect(invite && headerValues(invite, 'P-Asserted-Identity')).toEqual(lines.pai);
  });

  it('replaces a presented number the tenant may not show with the network number, logs it and keeps it in the record', async () => {
    const at = await setUp([ERIKA], { trunks: [CARRIER_A], employees: [numbersOf(ERIKA, 'forwarding_active', { legacy: '+4319876543' })] });
    const a = await at.carrier(CARRIER_A.host, answer);
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(100);
    expect(invites(a)[0]?.from.uri).toMatchObject({ user: provisionalOf('223') });
    expect(at.logs.some((l) => l.level === 'warn' && l.message.includes('+4319876543'))).toBe(true);
    call.send(Method.BYE);
    at.run(100);
    expect(at.calls.records[0]).toMatchObject({ presentedNumber: provisionalOf('223'), identityNote: expect.stringContaining('+4319876543') });
  });

  it('sends an emergency call over the site\'s trunk with the number registered there, and flags it', async () => {
    const elsewhere = acmeTrunk('trunk-bonn', '198.51.100.3', { priority: 1, siteId: 'site-bonn' });
    const cologne = acmeTrunk('trunk-cologne', '198.51.100.4', { priority: 2, siteId: COLOGNE.id });
    const internalOnly = acmeUser('224', 'Max Mann', { classOfService: 'internal' });
    const at = await setUp([internalOnly], { trunks: [elsewhere, cologne], employees: [numbersOf(internalOnly, 'planned')] });
    const bonn = await at.carrier(elsewhere.host, answer);
    const psap = await at.carrier(cologne.host, answer);
    const call = (await at.phone(internalOnly)).dial('112', { sdp: SDP });
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(invites(bonn)).toHaveLength(0);
    const [invite] = invites(psap);
    expect(invite?.uri).toMatchObject({ user: '112' });
    expect(invite?.from.uri).toMatchObject({ user: COLOGNE.emergencyNumber });
    expect(invite && headerValues(invite, 'P-Asserted-Identity')).toEqual([`<sip:${COLOGNE.emergencyNumber}@sip.carrier.example;user=phone>`]);
    call.send(Method.BYE);
    at.run(100);
    expect(at.calls.records[0]).toMatchObject({ dialled: '112', emergency: true, networkNumber: COLOGNE.emergencyNumber, trunkId: 'trunk-cologne' });
  });
});

describe('calls that leave belay on an employee\'s behalf', () => {
  it('reaches a colleague still on the old system at their legacy number', async () => {
    const at = await setUp([ALICE, MAX], { trunks: [CARRIER_A], employees: [numbersOf(ALICE, 'ported'), numbersOf(MAX, 'planned')] });
    const a = await at.carrier(CARRIER_A.host, answer);
    const call = (await at.phone(ALICE)).dial('224', { sdp: SDP });
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    const [invite] = invites(a);
    expect(invite?.uri).toMatchObject({ user: legacyOf('224') });
    expect(invite?.from.uri).toMatchObject({ user: legacyOf('201') });
    expect(invite && headerValues(invite, 'Diversion')).toEqual([]);
  });

  it('forwards to an external number presenting the original caller\'s number, with a Diversion naming the employee\'s number', async () => {
    const bob = acmeUser('202', 'Bob Berger', { forwarding: { always: { kind: 'external', number: '+491701234567' } } });
    const at = await setUp([ALICE, bob], { trunks: [CARRIER_A], employees: [numbersOf(ALICE, 'ported'), numbersOf(bob, 'forwarding_active')] });
    const a = await at.carrier(CARRIER_A.host, answer);
    const call = (await at.phone(ALICE)).dial('202', { sdp: SDP });
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    const [invite] = invites(a);
    expect(invite?.uri).toMatchObject({ user: '+491701234567' });
    expect(invite?.from.uri).toMatchObject({ user: legacyOf('201') });
    expect(invite && headerValues(invite, 'P-Asserted-Identity')).toEqual([`<sip:${provisionalOf('202')}@sip.carrier.example;user=phone>`]);
    expect(invite && headerValues(invite, 'Diversion')).toEqual([`<sip:${legacyOf('202')}@sip.carrier.example;user=phone>;reason=unconditional;counter=1;privacy=off`]);
    call.send(Method.BYE);
    at.run(100);
    expect(at.calls.records[0]).toMatchObject({ direction: 'outbound', forwarding: [{ from: '202', to: '+491701234567', reason: 'unconditional' }], trunkId: 'trunk-a' });
  });

  it('rings a user\'s external number together with their desk phone; the desk answering cancels the other', async () => {
    const bob = acmeUser('202', 'Bob Berger', { ringExternal: '+491701234567' });
    const at = await setUp([ALICE, bob], { trunks: [CARRIER_A], employees: [numbersOf(bob, 'ported')] });
    const a = await at.carrier(CARRIER_A.host, (c) => c.ring());
    const desk = await at.phone(bob, { onInvite: (c) => c.ring() });
    const call = (await at.phone(ALICE)).dial('202', { sdp: SDP });
    at.run(100);
    const [mobile] = a.incoming;
    expect(mobile && headerValues(mobile.request, 'Diversion')[0]).toMatch(/reason=follow-me/);
    desk.incoming[0]?.answer(testSdp('192.0.2.22', 7000));
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(mobile?.cancel && headerValues(mobile.cancel, 'Reason')).toEqual(['SIP;cause=200;text="Call completed elsewhere"']);
    call.send(Method.BYE);
    at.run(100);
    expect(at.calls.records[0]).toMatchObject({ direction: 'internal', answeredBy: { extension: '202' } });
  });
});

