/**
 * The dialogs of calls over trunks, phone ↔ belay ↔ carrier on the memory network: the caller's
 * CANCEL toward the carrier, a 2xx that crosses it, requests the carrier sends in the call (hold,
 * BYE), Digest rounds and the CSeq of what follows, an inbound call without an offer, emergency
 * calls on trunks at their limits; a phone that shares a carrier's address is taken for the network.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Method, Status, headerValues, sequentialIds } from '../../src/sip/index.js';
import type { SipRequest } from '../../src/sip/index.js';
import { TestPhone, testSdp } from '../calls/support/test-phone.js';
import type { IncomingCall } from '../calls/support/test-phone.js';
import { BELAY, TrunkPbx, challenging } from './support/trunk-pbx.js';
import { DOMAIN, acmeTrunk, acmeUser, numbersOf, provisionalOf } from './support/trunk-world.js';
import type { WorldSpec } from './support/trunk-world.js';

const ERIKA = acmeUser('223', 'Erika Muster');
const CARRIER_A = acmeTrunk('trunk-a', '198.51.100.1', { priority: 1 });
const CARRIER_B = acmeTrunk('trunk-b', '198.51.100.2', { priority: 2 });
const OUTSIDE = '+4930123456';
const SDP = testSdp('192.0.2.20', 4000);
const FAR_SDP = testSdp('198.51.100.50', 6000);
const WORLD: WorldSpec = { trunks: [CARRIER_A, CARRIER_B], employees: [numbersOf(ERIKA, 'ported')] };

let pbx: TrunkPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

const methods = (requests: readonly SipRequest[]): string[] => requests.map((r) => r.method);

describe('dialogs over a trunk', () => {
  it('cancels a ringing trunk when the caller cancels, and tries no other trunk', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], WORLD));
    const a = await at.carrier(CARRIER_A.host, (c) => c.ring());
    const b = await at.carrier(CARRIER_B.host, (c) => c.ring());
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(100);
    call.cancel();
    at.run(100);
    expect(a.incoming[0]?.cancel).toBeDefined();
    expect(call.final?.status).toBe(Status.RequestTerminated);
    at.run(40_000);
    expect(b.incoming).toHaveLength(0);
    expect(at.gate.activeCalls(CARRIER_A.id)).toBe(0);
  });

  it('acknowledges and hangs up a 2xx that crosses the caller\'s CANCEL', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], WORLD));
    const a = await at.carrier(CARRIER_A.host, (c) => c.ring());
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(100);
    call.cancel();
    // the carrier answered before the CANCEL reached it
    a.incoming[0]?.answer(FAR_SDP);
    at.run(100);
    const far = a.incoming[0];
    expect(methods(far?.received ?? [])).toEqual([Method.ACK, Method.BYE]);
    expect(call.final?.status).toBe(Status.RequestTerminated);
  });

  it('relays hold from the carrier to the phone and the ACK back, then the carrier\'s BYE', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], WORLD));
    const a = await at.carrier(CARRIER_A.host, (c) => c.answer(FAR_SDP));
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    const far = a.incoming[0]!;
    far.send(Method.INVITE, { sdp: testSdp('198.51.100.50', 6000, 'sendonly') });
    at.run(100);
    const reinvite = call.received.find((r) => r.method === Method.INVITE);
    expect(reinvite?.body.toString()).toContain('a=sendonly');
    expect(far.answers.map((r) => r.status)).toEqual([Status.OK]);
    expect(call.received.map((r) => r.method)).toEqual([Method.INVITE, Method.ACK]);
    far.send(Method.BYE);
    at.run(100);
    expect(call.received.map((r) => r.method)).toEqual([Method.INVITE, Method.ACK, Method.BYE]);
    expect(at.calls.records).toMatchObject([{ disposition: 'answered', trunkId: 'trunk-a' }]);
    expect(at.gate.activeCalls(CARRIER_A.id)).toBe(0);
  });

  it('after a Digest round, acknowledges with the INVITE\'s CSeq and sends the BYE with the next one', async () => {
    const account = { username: '4922198765430', password: 'trunk-secret' };
    const registered = acmeTrunk('trunk-a', '198.51.100.1', { username: account.username, password: account.password, mode: 'register' });
    const at = (pbx = await TrunkPbx.start([ERIKA], { ...WORLD, trunks: [registered] }));
    const a = await at.carrier(registered.host, challenging(at.clock, account, (c) => c.answer(FAR_SDP)));
    const call = (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    const [first, second] = a.incoming.map((c) => c.request);
    expect(second?.callId).toBe(first?.callId);
    expect(second?.cseq.seq).toBe((first?.cseq.seq ?? 0) + 1);
    call.send(Method.BYE);
    at.run(100);
    const far = a.incoming[1]!;
    const [ack, bye] = far.received;
    expect(ack?.cseq).toMatchObject({ method: Method.ACK, seq: second?.cseq.seq });
    expect(headerValues(ack!, 'Proxy-Authorization')).toEqual(headerValues(second!, 'Proxy-Authorization'));
    expect(bye?.cseq).toMatchObject({ method: Method.BYE, seq: (second?.cseq.seq ?? 0) + 1 });
  });

  it('sends an emergency call although every trunk carries its limit', async () => {
    const full = [acmeTrunk('trunk-a', '198.51.100.1', { maxCalls: 1 }), acmeTrunk('trunk-b', '198.51.100.2', { maxCalls: 1, priority: 2 })];
    const at = (pbx = await TrunkPbx.start([ERIKA], { ...WORLD, trunks: full }));
    const a = await at.carrier('198.51.100.1', (c) => c.answer(FAR_SDP));
    const b = await at.carrier('198.51.100.2', (c) => c.answer(FAR_SDP));
    const erika = await at.phone(ERIKA);
    erika.dial('030111111', { sdp: SDP });
    erika.dial('030222222', { sdp: SDP });
    at.run(100);
    expect(a.incoming.length + b.incoming.length).toBe(2);
    const emergency = erika.dial('112', { sdp: SDP });
    at.run(100);
    expect(emergency.final?.status).toBe(Status.OK);
  });
});

describe('calls in over a trunk', () => {
  it('gives a phone at a carrier\'s address no more than the network gets: no call out, whatever it registered as', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], WORLD));
    const a = await at.carrier(CARRIER_A.host, (c) => c.answer(FAR_SDP));
    const phone = await TestPhone.start({
      username: ERIKA.sipUsername,
      password: `${ERIKA.extension}-secret`,
      domain: DOMAIN,
      server: { protocol: 'udp', ...BELAY },
      transport: (handlers) => Promise.resolve(at.network.attach({ host: CARRIER_A.host, port: 5062, ...handlers })),
      clock: at.clock,
      ids: sequentialIds('same-address-'),
    });
    try {
      phone.register();
      at.run(100);
      expect(phone.registrations.at(-1)?.status).toBe(Status.OK);
      const call = phone.dial('030123456', { sdp: SDP });
      at.run(100);
      expect(call.final?.status).toBe(Status.NotFound);
      expect(a.incoming).toHaveLength(0);
      expect(at.calls.records).toMatchObject([{ direction: 'inbound', caller: { userId: null } }]);
    } finally {
      await phone.stop();
    }
  });

  it('takes a call without an offer: the phone\'s offer goes to the carrier, the carrier\'s answer in its ACK to the phone', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], { trunks: [CARRIER_A], employees: [numbersOf(ERIKA, 'forwarding_verified')] }));
    const network = await at.carrier(CARRIER_A.host);
    const erika = await at.phone(ERIKA, { onInvite: (c) => c.answer(SDP) });
    const call = network.dial(`sip:${provisionalOf('223')}@${BELAY.host}`);
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(call.final?.body.toString()).toBe(SDP);
    const phoneSide: IncomingCall = erika.incoming[0]!;
    const ack = phoneSide.received.find((r) => r.method === Method.ACK);
    expect(ack?.body.toString()).toBe(SDP);
    call.send(Method.BYE);
    at.run(100);
    expect(phoneSide.received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
  });
});
