/**
 * Phone ↔ belay ↔ phone in memory on a simulated clock: a call between two extensions from
 * the 407 challenge to the BYE, with what each side sees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Header, Method, Status, header, headerValues } from '../../src/sip/index.js';
import { MemoryPbx, pbxUser } from './support/memory-pbx.js';
import { testSdp } from './support/test-phone.js';

const ALICE = pbxUser('201', 'Alice Adler');
const BOB = pbxUser('202', 'Bob Berger');

let pbx: MemoryPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

describe('a call between two extensions', () => {
  it('rings the callee with the caller\'s extension and name, relays SDP both ways unchanged, and ends on BYE', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    const bob = await pbx.phone(BOB, { userAgent: 'TestPhone/1.0', onInvite: (call) => call.ring() });
    const offer = testSdp('192.0.2.20', 4000);
    const call = alice.dial('202', { sdp: offer });
    pbx.run(100);

    expect(call.statuses).toEqual([Status.ProxyAuthenticationRequired, Status.Ringing]);
    const incoming = bob.incoming[0];
    if (!incoming) throw new Error('bob was not rung');
    const invite = incoming.request;
    expect(invite.from.displayName).toBe('Alice Adler');
    expect(invite.from.uri).toMatchObject({ user: '201', host: 'acme.example' });
    expect(headerValues(invite, 'P-Asserted-Identity')).toEqual(['"Alice Adler" <sip:201@acme.example>']);
    expect(invite.to.uri).toMatchObject({ user: '202' });
    expect(invite.body.toString()).toBe(offer);
    expect(invite.maxForwards).toBe(69);
    expect(headerValues(invite, 'Proxy-Authorization')).toEqual([]);
    expect(invite.callId).not.toBe(call.responses[0]?.callId);
    expect(pbx.b2bua.activeCalls(ALICE.tenantId)).toMatchObject([{ state: 'ringing', dialled: '202', ringing: '202' }]);

    const answer = testSdp('192.0.2.21', 5000);
    incoming.answer(answer);
    pbx.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(call.final?.body.toString()).toBe(answer);
    expect(headerValues(call.final ?? call.responses[0]!, 'P-Asserted-Identity')).toEqual(['"Bob Berger" <sip:202@acme.example>']);
    // the caller's ACK went end to end
    expect(incoming.received.map((r) => r.method)).toEqual([Method.ACK]);
    expect(pbx.b2bua.activeCalls(ALICE.tenantId)).toMatchObject([{ state: 'answered' }]);

    pbx.run(30_000);
    call.send(Method.BYE);
    pbx.run(100);
    expect(incoming.received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
    expect(incoming.ended).toBe(true);
    expect(call.answers.map((r) => r.status)).toEqual([Status.OK]);
    expect(pbx.b2bua.callCount).toBe(0);
    expect(pbx.calls.records).toEqual([
      expect.objectContaining({
        disposition: 'answered',
        sipStatus: 200,
        dialled: '202',
        caller: { userId: ALICE.id, extension: '201', uri: 'sip:201@acme.example', name: 'Alice Adler' },
        answeredBy: expect.objectContaining({ extension: '202', userAgent: 'TestPhone/1.0' }),
        forwarding: [],
      }),
    ]);
    expect(pbx.calls.records[0]?.durationMs).toBeGreaterThanOrEqual(30_000);
    expect(header(invite, Header.SessionExpires)).toBeUndefined();
  });

  it('lets go of an ended call, and still acknowledges the callee\'s 2xx sent again while the INVITE transaction waits (Timer M)', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    const bob = await pbx.phone(BOB, { onInvite: (call) => call.answer(testSdp('192.0.2.21', 5000)) });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    call.send(Method.BYE);
    pbx.run(100);
    expect(pbx.b2bua.callCount).toBe(0);
    const incoming = bob.incoming[0];
    if (!incoming) throw new Error('Bob was not rung');
    expect(incoming.received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
    incoming.answerAgain();
    pbx.run(100);
    const acks = incoming.received.filter((r) => r.method === Method.ACK);
    expect(acks).toHaveLength(2);
    expect(acks[1]?.body.toString()).toBe(acks[0]?.body.toString());
    expect(pbx.calls.records).toMatchObject([{ disposition: 'answered' }]);
  });

  it('hangs up a caller that never acknowledges the answer, acknowledging the callee first', async () => {
    pbx = await MemoryPbx.start([ALICE, BOB]);
    const alice = await pbx.phone(ALICE);
    const bob = await pbx.phone(BOB, { onInvite: (call) => call.answer(testSdp('192.0.2.21', 5000)) });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000), ack: false });
    pbx.run(31_000);
    expect(call.final?.status).toBe(Status.OK);
    expect(bob.incoming[0]?.received).toEqual([]);
    pbx.run(2_000);
    expect(bob.incoming[0]?.received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
    expect(call.received.map((r) => r.method)).toEqual([Method.BYE]);
    expect(pbx.b2bua.callCount).toBe(0);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'answered' }]);
  });

  it('ends every call when told to (shutting down): BYE to both sides of an answered call, 503 to a ringing one', async () => {
    const CAROL = pbxUser('203', 'Carol Clark');
    pbx = await MemoryPbx.start([ALICE, BOB, CAROL]);
    const alice = await pbx.phone(ALICE);
    const bob = await pbx.phone(BOB, { onInvite: (call) => call.answer(testSdp('192.0.2.21', 5000)) });
    const carol = await pbx.phone(CAROL, { onInvite: (call) => call.ring() });
    const answered = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    const ringing = alice.dial('203', { sdp: testSdp('192.0.2.20', 4002) });
    pbx.run(100);
    pbx.b2bua.hangUpAll();
    pbx.run(100);
    expect(answered.received.map((r) => r.method)).toEqual([Method.BYE]);
    expect(headerValues(answered.received[0]!, 'Reason')).toEqual(['SIP;cause=503;text="The service is shutting down"']);
    expect(bob.incoming[0]?.received.map((r) => r.method)).toEqual([Method.ACK, Method.BYE]);
    expect(ringing.final?.status).toBe(Status.ServiceUnavailable);
    expect(carol.incoming[0]?.cancel).toBeDefined();
    expect(pbx.calls.records.map((r) => r.disposition).sort()).toEqual(['answered', 'failed']);
  });
});
