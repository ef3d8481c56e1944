/**
 * Call features in memory: forwarding unconditionally, on busy, after N seconds without an
 * answer and when unregistered; do-not-disturb; forwarding loops and external targets. A
 * forwarded call keeps the caller's identity and names each forwarding user in Diversion.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Status, headerValues } from '../../src/sip/index.js';
import type { DirectoryUser } from '../../src/centrex/index.js';
import { MemoryPbx, pbxUser } from './support/memory-pbx.js';
import { testSdp } from './support/test-phone.js';
import type { IncomingCall, TestPhone } from './support/test-phone.js';

const ALICE = pbxUser('201', 'Alice Adler');
const CAROL = pbxUser('203', 'Carol Clark');
const ext = (extension: string) => ({ kind: 'extension', extension }) as const;

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

async function withBob(bob: DirectoryUser, options: { bobRegistered?: boolean; bobAnswer?: (call: IncomingCall) => void } = {}) {
  pbx = await MemoryPbx.start([ALICE, bob, CAROL]);
  const alice = await pbx.phone(ALICE);
  const bobPhone = options.bobRegistered === false ? undefined : await pbx.phone(bob, { onInvite: options.bobAnswer ?? ring });
  const carol = await pbx.phone(CAROL, { onInvite: ring });
  return { pbx, alice, bobPhone, carol };
}

describe('call forwarding', () => {
  it('forwards every call unconditionally without ringing the user, keeping the caller and adding Diversion', async () => {
    const bob = pbxUser('202', 'Bob Berger', { forwarding: { always: ext('203') } });
    const { pbx, alice, bobPhone, carol } = await withBob(bob);
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    expect(bobPhone?.incoming).toHaveLength(0);
    const invite = first(carol).request;
    expect(invite.from.uri).toMatchObject({ user: '201' });
    expect(invite.from.displayName).toBe('Alice Adler');
    expect(invite.to.uri).toMatchObject({ user: '202' });
    expect(headerValues(invite, 'Diversion')).toEqual(['"Bob Berger" <sip:202@acme.example>;reason=unconditional;counter=1;privacy=off']);
    first(carol).answer(testSdp('192.0.2.23', 7000));
    pbx.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(pbx.b2bua.activeCalls(ALICE.tenantId)).toMatchObject([{ dialled: '202', ringing: '203', forwarding: [{ from: '202', to: '203', reason: 'unconditional' }] }]);
  });

  it('forwards on busy to another extension', async () => {
    const bob = pbxUser('202', 'Bob Berger', { forwarding: { busy: ext('203') } });
    const { pbx, alice, carol } = await withBob(bob, { bobAnswer: (c) => c.reject(Status.BusyHere) });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    expect(call.statuses).toContain(Status.CallIsBeingForwarded);
    expect(headerValues(first(carol).request, 'Diversion')).toEqual(['"Bob Berger" <sip:202@acme.example>;reason=user-busy;counter=1;privacy=off']);
    first(carol).reject(Status.BusyHere);
    pbx.run(100);
    expect(call.final?.status).toBe(Status.BusyHere);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'busy', forwarding: [{ from: '202', to: '203', reason: 'user-busy' }] }]);
  });

  it('forwards after N seconds without an answer, cancelling the devices that rang', async () => {
    const bob = pbxUser('202', 'Bob Berger', { forwarding: { noAnswer: { target: ext('203'), seconds: 15 } } });
    const { pbx, alice, bobPhone, carol } = await withBob(bob);
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(14_900);
    expect(carol.incoming).toHaveLength(0);
    pbx.run(200);
    expect(bobPhone && headerValues(first(bobPhone).cancel!, 'Reason')).toEqual([]);
    expect(headerValues(first(carol).request, 'Diversion')).toEqual(['"Bob Berger" <sip:202@acme.example>;reason=no-answer;counter=1;privacy=off']);
    first(carol).answer(testSdp('192.0.2.23', 7000));
    pbx.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(call.statuses).toEqual([Status.ProxyAuthenticationRequired, Status.Ringing, Status.CallIsBeingForwarded, Status.Ringing, Status.OK]);
  });

  it('forwards when the user has no registered device', async () => {
    const bob = pbxUser('202', 'Bob Berger', { forwarding: { unregistered: ext('203') } });
    const { pbx, alice, carol } = await withBob(bob, { bobRegistered: false });
    alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    expect(headerValues(first(carol).request, 'Diversion')).toEqual(['"Bob Berger" <sip:202@acme.example>;reason=unavailable;counter=1;privacy=off']);
  });

  it('lists every hop of a chain, the latest first', async () => {
    const bob = pbxUser('202', 'Bob Berger', { forwarding: { always: ext('204') } });
    const dave = pbxUser('204', 'Dave Dorn', { forwarding: { busy: ext('203') } });
    pbx = await MemoryPbx.start([ALICE, bob, CAROL, dave]);
    const alice = await pbx.phone(ALICE);
    await pbx.phone(dave, { onInvite: (c) => c.reject(Status.BusyHere) });
    const carol = await pbx.phone(CAROL, { onInvite: ring });
    alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    expect(headerValues(first(carol).request, 'Diversion')).toEqual([
      '"Dave Dorn" <sip:204@acme.example>;reason=user-busy;counter=2;privacy=off',
      '"Bob Berger" <sip:202@acme.example>;reason=unconditional;counter=1;privacy=off',
    ]);
  });

  it('refuses a forwarding loop with 482 and forwarding to an external number with 480 naming the trunk', async () => {
    const bob = pbxUser('202', 'Bob Berger', { forwarding: { always: ext('203') } });
    const carol = pbxUser('203', 'Carol Clark', { forwarding: { always: ext('202') } });
    const erin = pbxUser('205', 'Erin Eck', { forwarding: { always: { kind: 'external', number: '+4922199999' } } });
    pbx = await MemoryPbx.start([ALICE, bob, carol, erin]);
    const alice = await pbx.phone(ALICE);
    const loop = alice.dial('202');
    const outside = alice.dial('205');
    pbx.run(100);
    expect(loop.final?.status).toBe(Status.LoopDetected);
    expect(outside.final?.status).toBe(Status.TemporarilyUnavailable);
    expect(headerValues(outside.final!, 'Reason')[0]).toMatch(/\+4922199999.*trunk/);
  });
});

describe('do not disturb', () => {
  it('answers 486 without ringing, or forwards as on busy when the user has busy forwarding', async () => {
    const quiet = pbxUser('202', 'Bob Berger', { dnd: true });
    const { pbx, alice, bobPhone } = await withBob(quiet);
    const call = alice.dial('202');
    pbx.run(100);
    expect(call.final?.status).toBe(Status.BusyHere);
    expect(bobPhone?.incoming).toHaveLength(0);
    expect(pbx.calls.records).toMatchObject([{ disposition: 'busy' }]);
    await pbx.stop();

    const forwarding = pbxUser('202', 'Bob Berger', { dnd: true, forwarding: { busy: ext('203') } });
    const second = await withBob(forwarding);
    second.alice.dial('202');
    second.pbx.run(100);
    expect(headerValues(first(second.carol).request, 'Diversion')[0]).toContain('reason=do-not-disturb');
  });
});
