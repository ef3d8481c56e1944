/**
 * Ringing a user's devices in memory: parallel forking and its cancellation, the caller
 * cancelling, busy and unavailable devices, the ring timeout, early media, and the final
 * response and call record of each.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Method, Status, headerValues } from '../../src/sip/index.js';
import { MemoryPbx, pbxUser } from './support/memory-pbx.js';
import { testSdp } from './support/test-phone.js';
import type { IncomingCall, TestPhone } from './support/test-phone.js';

const ALICE = pbxUser('201', 'Alice Adler');
const BOB = pbxUser('202', 'Bob Berger');

let pbx: MemoryPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

const ring = (call: IncomingCall) => call.ring();
const first = (phone: TestPhone): IncomingCall => {
  const call = phone.incoming[0];
  if (!call) throw new Error('the phone was not rung');
  return call;
};

async function aliceAndTwoBobs(policy?: Parameters<typeof MemoryPbx.start>[1]) {
  pbx = await MemoryPbx.start([ALICE, BOB], policy);
  const alice = await pbx.phone(ALICE);
  const desk = await pbx.phone(BOB, { onInvite: ring, userAgent: 'Desk/1' });
  const mobile = await pbx.phone(BOB, { onInvite: ring, userAgent: 'Mobile/1' });
  return { pbx, alice, desk, mobile };
}

describe('forking to every registered device', () => {
  it('rings both, connects the first to answer and cancels the other with "Call completed elsewhere"', async () => {
    const { pbx, alice, desk, mobile } = await aliceAndTwoBobs();
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    expect(desk.incoming).toHaveLength(1);
    expect(mobile.incoming).toHaveLength(1);
    first(mobile).answer(testSdp('192.0.2.22', 6000));
    pbx.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(call.final?.body.toString()).toContain('m=audio 6000');
    const cancel = first(desk).cancel;
    expect(cancel?.method).toBe(Method.CANCEL);
    expect(headerValues(cancel!, 'Reason')).toEqual(['SIP;cause=200;text="Call completed elsewhere"']);
    expect(first(desk).transaction.lastResponse?.status).toBe(Status.RequestTerminated);
    call.send(Method.BYE);
    pbx.run(100);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'answered', answeredBy: { userAgent: 'Mobile/1' } }]);
  });

  it('hangs up a second device that answered at the same moment', async () => {
    const { pbx, alice, desk, mobile } = await aliceAndTwoBobs();
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    first(desk).answer(testSdp('192.0.2.21', 5000));
    first(mobile).answer(testSdp('192.0.2.22', 6000));
    pbx.run(100);
    expect(call.final?.body.toString()).toContain('m=audio 5000');
    expect(first(mobile).received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
    expect(first(desk).received.map((r) => r.method)).toEqual([Method.ACK]);
    expect(pbx.b2bua.activeCalls(ALICE.tenantId)).toHaveLength(1);
  });

  it('relays early media of the first device that sends it', async () => {
    const { pbx, alice, desk, mobile } = await aliceAndTwoBobs();
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    first(desk).ring(Status.SessionProgress, testSdp('192.0.2.21', 5000));
    pbx.run(10);
    first(mobile).ring(Status.SessionProgress, testSdp('192.0.2.22', 6000));
    pbx.run(10);
    const early = call.responses.filter((r) => r.status === Status.SessionProgress);
    expect(early.map((r) => r.body.toString())).toEqual([testSdp('192.0.2.21', 5000), '']);
  });
});

describe('when nobody answers', () => {
  it('cancels every device when the caller cancels; the caller gets 487 and the record says cancelled', async () => {
    const { pbx, alice, desk, mobile } = await aliceAndTwoBobs();
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    call.cancel();
    pbx.run(100);
    expect(call.final?.status).toBe(Status.RequestTerminated);
    expect(first(desk).cancel?.method).toBe(Method.CANCEL);
    expect(first(mobile).cancel?.method).toBe(Method.CANCEL);
    expect(pbx.b2bua.callCount).toBe(0);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'cancelled', sipStatus: 487, answeredAt: null, durationMs: 0 }]);
  });

  it('answers 486 when a device is busy and the other cannot take the call', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    await pbx.phone(BOB, { onInvite: (c) => c.reject(Status.BusyHere) });
    await pbx.phone(BOB, { onInvite: (c) => c.reject(Status.TemporarilyUnavailable) });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    expect(call.final?.status).toBe(Status.BusyHere);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'busy', sipStatus: 486 }]);
  });

  it('answers 480 when every device fails without being busy', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    await pbx.phone(BOB, { onInvite: (c) => c.reject(Status.ServerInternalError) });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    expect(call.final?.status).toBe(Status.TemporarilyUnavailable);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'unavailable' }]);
  });

  it('passes a decline on at once and stops the other devices ringing', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    const desk = await pbx.phone(BOB, { onInvite: ring });
    const mobile = await pbx.phone(BOB, { onInvite: ring });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    first(mobile).reject(Status.Decline);
    pbx.run(100);
    expect(call.final?.status).toBe(Status.Decline);
    expect(headerValues(first(desk).cancel!, 'Reason')).toEqual(['SIP;cause=603;text="Decline"']);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'rejected', sipStatus: 603 }]);
  });

  it('gives up after the ring timeout with 408 and cancels the devices', async () => {
    const { pbx, alice, desk } = await aliceAndTwoBobs({ route: { ringTimeoutSeconds: 20, maxForwardingHops: 5 }, sessionTimer: { minSE: 90, interval: 1800, refresher: 'uac', imposeWhenAbsent: false } });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(19_000);
    expect(call.final).toBeUndefined();
    pbx.run(1_100);
    expect(call.final?.status).toBe(Status.RequestTimeout);
    expect(first(desk).cancel).toBeDefined();
    expect(pbx.calls.records).toMatchObject([{ disposition: 'no_answer', sipStatus: 408 }]);
  });

  it('rejects a call to a user with no registered device with 480, and to an unknown extension with 404', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    const nobody = alice.dial('202');
    const unknown = alice.dial('299');
    pbx.run(100);
    expect(nobody.final?.status).toBe(Status.TemporarilyUnavailable);
    expect(headerValues(nobody.final!, 'Reason')).toEqual(['SIP;cause=480;text="extension 202 has no registered device"']);
    expect(unknown.final?.status).toBe(Status.NotFound);
    expect(pbx.calls.records.map((r) => [r.dialled, r.disposition])).toEqual([
      ['202', 'unavailable'],
      ['299', 'rejected'],
    ]);
  });
});
