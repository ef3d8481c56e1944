/**
 * A carrier that challenges requests inside the call, phone ↔ belay ↔ carrier on the memory
 * network: belay answers a 401/407 to the BYE or re-INVITE it sends toward the carrier with the
 * trunk's account (same Call-ID, the next CSeq), acknowledges a re-INVITE answered after a
 * challenge with that INVITE's CSeq, and stops after one retry when the carrier keeps refusing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Method, Status, headerValues } from '../../src/sip/index.js';
import type { SipMethod, SipRequest } from '../../src/sip/index.js';
import { testSdp } from '../calls/support/test-phone.js';
import type { IncomingCall, OutgoingCall } from '../calls/support/test-phone.js';
import { TrunkPbx, challengeInCall } from './support/trunk-pbx.js';
import { acmeTrunk, acmeUser, numbersOf } from './support/trunk-world.js';

const ERIKA = acmeUser('223', 'Erika Muster');
const ACCOUNT = { username: '4922198765430', password: 'trunk-secret' };
const CARRIER = acmeTrunk('trunk-a', '198.51.100.1', { username: ACCOUNT.username, password: ACCOUNT.password, mode: 'register' });
const SDP = testSdp('192.0.2.20', 4000);
const FAR_SDP = testSdp('198.51.100.50', 6000);

let pbx: TrunkPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

const received = (far: IncomingCall, method: SipMethod): SipRequest[] => far.received.filter((r) => r.method === method);

/** A call from Erika answered by the carrier, and the carrier's side of it. */
async function answeredCall(): Promise<{ at: TrunkPbx; call: OutgoingCall; far: IncomingCall }> {
  const at = (pbx = await TrunkPbx.start([ERIKA], { trunks: [CARRIER], employees: [numbersOf(ERIKA, 'ported')] }));
  const carrier = await at.carrier(CARRIER.host, (c) => c.answer(FAR_SDP));
  const call = (await at.phone(ERIKA)).dial('+4930123456', { sdp: SDP });
  at.run(100);
  expect(call.final?.status).toBe(Status.OK);
  return { at, call, far: carrier.incoming[0]! };
}

describe('a carrier that challenges requests in the call', () => {
  it('gets the BYE again with Proxy-Authorization and the next CSeq after a 407, and its 200 ends the call', async () => {
    const { at, call, far } = await answeredCall();
    challengeInCall(far, at.clock, ACCOUNT, { status: Status.ProxyAuthenticationRequired, methods: [Method.BYE] });
    call.send(Method.BYE);
    at.run(40_000);
    const [first, retried, ...more] = received(far, Method.BYE);
    expect(headerValues(first!, 'Proxy-Authorization')).toEqual([]);
    expect(headerValues(retried!, 'Proxy-Authorization')).toHaveLength(1);
    expect(retried?.callId).toBe(first?.callId);
    expect(retried?.cseq.seq).toBe((first?.cseq.seq ?? 0) + 1);
    // the retried BYE was accepted: no third one, the carrier's dialog is over
    expect(more).toEqual([]);
    expect(far.ended).toBe(true);
    expect(call.answers.map((r) => r.status)).toEqual([Status.OK]);
    expect(at.calls.records).toMatchObject([{ disposition: 'answered', trunkId: CARRIER.id }]);
    expect(at.gate.activeCalls(CARRIER.id)).toBe(0);
  });

  it('gets hold from the phone again with Authorization after a 401; the phone gets the 200 and the carrier the ACK with the retried CSeq', async () => {
    const { at, call, far } = await answeredCall();
    challengeInCall(far, at.clock, ACCOUNT, { status: Status.Unauthorized, methods: [Method.INVITE] });
    call.send(Method.INVITE, { sdp: testSdp('192.0.2.20', 4000, 'sendonly') });
    at.run(100);
    const [first, retried, ...more] = received(far, Method.INVITE);
    expect(headerValues(first!, 'Authorization')).toEqual([]);
    expect(headerValues(retried!, 'Authorization')).toHaveLength(1);
    expect(retried?.cseq.seq).toBe((first?.cseq.seq ?? 0) + 1);
    expect(retried?.body.toString()).toContain('a=sendonly');
    expect(more).toEqual([]);
    expect(call.answers.map((r) => r.status)).toEqual([Status.OK]);
    expect(call.answers[0]?.body.toString()).toContain('a=sendonly');
    // the first ACK is the answer's, the second the re-INVITE's
    const [, ack, ...moreAcks] = received(far, Method.ACK);
    expect(ack?.cseq).toEqual({ seq: retried?.cseq.seq, method: Method.ACK });
    expect(headerValues(ack!, 'Authorization')).toEqual(headerValues(retried!, 'Authorization'));
    expect(moreAcks).toEqual([]);
    // with the ACK in, the carrier stops repeating its 2xx: no ACK more, and the call goes on
    at.run(40_000);
    expect(received(far, Method.ACK)).toHaveLength(2);
    expect(at.calls.records).toEqual([]);
  });

  it('gives up after one retry when the carrier challenges the BYE again with the same nonce, and ends the call on its side', async () => {
    const { at, call, far } = await answeredCall();
    challengeInCall(far, at.clock, ACCOUNT, { status: Status.ProxyAuthenticationRequired, methods: [Method.BYE], stubborn: true });
    call.send(Method.BYE);
    at.run(40_000);
    const byes = received(far, Method.BYE);
    expect(byes.map((bye) => headerValues(bye, 'Proxy-Authorization').length)).toEqual([0, 1]);
    expect(call.answers.map((r) => r.status)).toEqual([Status.OK]);
    expect(at.calls.records).toMatchObject([{ disposition: 'answered', trunkId: CARRIER.id }]);
    expect(at.gate.activeCalls(CARRIER.id)).toBe(0);
  });
});
