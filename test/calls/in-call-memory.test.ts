/**
 * An answered call in memory: hold and resume by re-INVITE in both directions, UPDATE, INFO,
 * BYE from the callee, glare, a call without an offer in the INVITE, and session timers
 * (RFC 4028): 422 below our Min-SE, refreshes relayed, BYE to both when a refresh is missing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Method, Status, headerValues } from '../../src/sip/index.js';
import { MemoryPbx, pbxUser } from './support/memory-pbx.js';
import { testSdp } from './support/test-phone.js';
import type { IncomingCall, OutgoingCall } from './support/test-phone.js';

const ALICE = pbxUser('201', 'Alice Adler');
const BOB = pbxUser('202', 'Bob Berger');
const OFFER = testSdp('192.0.2.20', 4000);
const ANSWER = testSdp('192.0.2.21', 5000);

let pbx: MemoryPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

/** Alice calls Bob, Bob answers; both ends of the answered call. */
async function answeredCall(headers: readonly { name: string; value: string }[] = [], sdp: string | null = OFFER): Promise<{ pbx: MemoryPbx; caller: OutgoingCall; callee: IncomingCall }> {
  pbx = await MemoryPbx.start([ALICE, BOB]);
  const alice = await pbx.phone(ALICE);
  const bob = await pbx.phone(BOB, { onInvite: (call) => call.answer(ANSWER) });
  const caller = alice.dial('202', { headers, ...(sdp === null ? {} : { sdp }) });
  pbx.run(100);
  const callee = bob.incoming[0];
  if (!callee || caller.final?.status !== Status.OK) throw new Error('the call was not answered');
  return { pbx, caller, callee };
}

const methods = (call: IncomingCall | OutgoingCall) => call.received.map((r) => r.method);

describe('in an answered call', () => {
  it('relays hold and resume from the caller with the SDP unchanged, and the ACK end to end', async () => {
    const { pbx, caller, callee } = await answeredCall();
    callee.answerOffer = (offer) => (offer.includes('a=sendonly') ? testSdp('192.0.2.21', 5000, 'recvonly') : ANSWER);
    const hold = testSdp('192.0.2.20', 4000, 'sendonly');
    caller.send(Method.INVITE, { sdp: hold });
    pbx.run(100);
    const reinvite = callee.received.find((r) => r.method === Method.INVITE);
    expect(reinvite?.body.toString()).toBe(hold);
    expect(caller.answers.at(-1)?.status).toBe(Status.OK);
    expect(caller.answers.at(-1)?.body.toString()).toContain('a=recvonly');
    expect(methods(callee)).toEqual([Method.ACK, Method.INVITE, Method.ACK]);
    caller.send(Method.INVITE, { sdp: OFFER });
    pbx.run(100);
    expect(callee.received.filter((r) => r.method === Method.INVITE).at(-1)?.body.toString()).toBe(OFFER);
    expect(methods(callee)).toEqual([Method.ACK, Method.INVITE, Method.ACK, Method.INVITE, Method.ACK]);
  });

  it('relays a re-INVITE, UPDATE and INFO from the callee to the caller', async () => {
    const { pbx, caller, callee } = await answeredCall();
    callee.send(Method.INVITE, { sdp: testSdp('192.0.2.21', 5000, 'inactive') });
    pbx.run(100);
    expect(caller.received.find((r) => r.method === Method.INVITE)?.body.toString()).toContain('a=inactive');
    expect(callee.answers.at(-1)?.status).toBe(Status.OK);
    expect(methods(caller)).toEqual([Method.INVITE, Method.ACK]);
    callee.send(Method.UPDATE, { sdp: ANSWER });
    callee.send(Method.INFO, { headers: [{ name: 'X-Dtmf', value: '5' }] });
    pbx.run(100);
    expect(methods(caller)).toEqual([Method.INVITE, Method.ACK, Method.UPDATE, Method.INFO]);
    expect(headerValues(caller.received[3]!, 'X-Dtmf')).toEqual(['5']);
    expect(callee.answers.map((r) => r.status)).toEqual([Status.OK, Status.OK, Status.OK]);
  });

  it('ends both dialogs when the callee hangs up', async () => {
    const { pbx, caller, callee } = await answeredCall();
    callee.send(Method.BYE, { headers: [{ name: 'Reason', value: 'Q.850;cause=16' }] });
    pbx.run(100);
    expect(methods(caller)).toEqual([Method.BYE]);
    expect(headerValues(caller.received[0]!, 'Reason')).toEqual(['Q.850;cause=16']);
    expect(callee.answers.map((r) => r.status)).toEqual([Status.OK]);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'answered' }]);
    expect(pbx.b2bua.callCount).toBe(0);
  });

  it('answers 491 to a re-INVITE that crosses one in progress', async () => {
    const { pbx, caller, callee } = await answeredCall();
    callee.send(Method.INVITE, { sdp: ANSWER });
    caller.send(Method.INVITE, { sdp: OFFER });
    pbx.run(100);
    const statuses = [...caller.answers, ...callee.answers].map((r) => r.status).sort();
    expect(statuses).toEqual([Status.OK, Status.RequestPending]);
  });

  it('acknowledges a re-INVITE answer itself when the sender had cancelled it, and takes the next re-INVITE', async () => {
    const { pbx, caller, callee } = await answeredCall();
    callee.holdReinvites = true;
    const reinvite = caller.send(Method.INVITE, { sdp: OFFER });
    pbx.run(300); // the 100 Trying comes after 200 ms, and a CANCEL waits for it (§9.1)
    reinvite?.cancel();
    pbx.run(100);
    expect(caller.answers.map((r) => r.status)).toEqual([Status.RequestTerminated]);
    callee.answerHeld();
    pbx.run(100);
    expect(methods(callee)).toEqual([Method.ACK, Method.INVITE, Method.ACK]);
    callee.holdReinvites = false;
    caller.send(Method.INVITE, { sdp: OFFER });
    pbx.run(100);
    expect(caller.answers.map((r) => r.status)).toEqual([Status.RequestTerminated, Status.OK]);
  });

  it('carries an offer made in the 2xx and its answer in the ACK (no SDP in the INVITE)', async () => {
    const { caller, callee } = await answeredCall([], null);
    expect(callee.request.body.length).toBe(0);
    expect(caller.final?.body.toString()).toBe(ANSWER);
    const ack = callee.received.find((r) => r.method === Method.ACK);
    expect(ack?.body.toString()).toBe(ANSWER);
    expect(ack?.contentType).toMatchObject({ type: 'application', subtype: 'sdp' });
  });
});

describe('session timers', () => {
  const timer = (seconds: number) => [
    { name: 'Supported', value: 'timer' },
    { name: 'Session-Expires', value: String(seconds) },
  ];

  it('answers 422 with our Min-SE to an interval below it', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    const call = alice.dial('202', { sdp: OFFER, headers: timer(60) });
    pbx.run(100);
    expect(call.final?.status).toBe(Status.SessionIntervalTooSmall);
    expect(headerValues(call.final!, 'Min-SE')).toEqual(['90']);
  });

  it('takes the timer on for a callee without session timers and ends the call when no refresh comes', async () => {
    const { pbx, caller, callee } = await answeredCall(timer(120));
    expect(headerValues(callee.request, 'Session-Expires')).toEqual(['120']);
    expect(headerValues(caller.final!, 'Session-Expires')).toEqual(['120;refresher=uac']);
    expect(headerValues(caller.final!, 'Require')).toEqual(['timer']);
    // refreshed at half time: the call lives on past the first interval
    pbx.run(60_000);
    caller.send(Method.INVITE, { sdp: OFFER, headers: timer(120) });
    pbx.run(60_000);
    expect(caller.answers.at(-1)).toMatchObject({ status: Status.OK });
    expect(headerValues(caller.answers.at(-1)!, 'Session-Expires')).toEqual(['120;refresher=uac']);
    expect(caller.ended || callee.ended).toBe(false);
    // then no refresh: BYE to both sides 32 s before the interval ends
    pbx.run(120_000 - 32_000 - 60_000 - 1_000);
    expect(caller.ended || callee.ended).toBe(false);
    pbx.run(1_100);
    expect(methods(caller).at(-1)).toBe(Method.BYE);
    expect(methods(callee).at(-1)).toBe(Method.BYE);
    expect(headerValues(caller.received.at(-1)!, 'Reason')).toEqual(['SIP;cause=408;text="Session expired"']);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'answered' }]);
  });

  it('passes the callee\'s own session timer answer through', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    await pbx.phone(BOB, { onInvite: (call) => call.answer(ANSWER, [{ name: 'Session-Expires', value: '300;refresher=uas' }, { name: 'Require', value: 'timer' }]) });
    const call = alice.dial('202', { sdp: OFFER, headers: timer(1800) });
    pbx.run(100);
    expect(headerValues(call.final!, 'Session-Expires')).toEqual(['300;refresher=uas']);
    expect(headerValues(call.final!, 'Require')).toEqual(['timer']);
  });
});
