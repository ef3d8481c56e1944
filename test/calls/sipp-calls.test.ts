/**
 * SIPp phones call each other through a real `belay serve` over UDP on loopback. Each callee
 * device first registers with the registrar (Digest) from the port it then listens on as a
 * SIPp UAS; the caller answers belay's 407 challenge. Covered: forking to two devices of one
 * user (one answers, the other gets CANCEL with "Call completed elsewhere"), CANCEL by the
 * caller, busy, forwarding after N seconds without an answer, hold by re-INVITE — and the call
 * record each leaves behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPeer } from '../support/peers.js';
import { SippPbx, forkToTwoDevices, logged, passed, uasListening } from './support/sipp-pbx.js';

const TENANT = 'sipp';

describe.skipIf(!hasPeer('sipp'))('SIPp calls through belay', () => {
  let pbx: SippPbx;
  beforeAll(async () => {
    pbx = await SippPbx.start(TENANT);
  }, 30_000);
  afterAll(() => pbx?.stop());

  const user = (extension: string, features?: object) => pbx.user(TENANT, extension, features);

  it('forks to two devices of one user: one answers, the other is cancelled with "Call completed elsewhere"', { timeout: 60_000 }, async () => {
    await user('211');
    await user('212');
    const { answered } = await forkToTwoDevices(pbx, '211', '212');
    expect(logged(answered)).toContain(`from "User 211" <sip:211@${pbx.domain}>;tag=`);
    expect(logged(answered)).toContain(`identity "User 211" <sip:211@${pbx.domain}>\n`);
    expect(await pbx.records(TENANT, '212')).toMatchObject([{ disposition: 'answered', sipStatus: 200, caller: { extension: '211' }, answeredBy: { extension: '212', userAgent: 'Desk-212' } }]);
  });

  it('cancels the ringing device when the caller cancels', { timeout: 60_000 }, async () => {
    await user('221');
    await user('222');
    const ringing = await pbx.device('222', 'callee-rings.xml', 'Desk-222');
    await uasListening();
    passed(await pbx.call('221', '222', 'caller-cancel.xml'));
    const cancelled = await ringing.done;
    passed(cancelled);
    expect(logged(cancelled)).toMatch(/^cancel reason\s*$/m);
    expect(await pbx.records(TENANT, '222')).toMatchObject([{ disposition: 'cancelled', sipStatus: 487, answeredBy: null }]);
  });

  it('passes the callee\'s 486 on to the caller', { timeout: 60_000 }, async () => {
    await user('231');
    await user('232');
    const busy = await pbx.device('232', 'callee-busy.xml', 'Desk-232');
    await uasListening();
    passed(await pbx.call('231', '232', 'caller-busy.xml'));
    passed(await busy.done);
    expect(await pbx.records(TENANT, '232')).toMatchObject([{ disposition: 'busy', sipStatus: 486 }]);
  });

  it('forwards to another extension after N seconds without an answer', { timeout: 60_000 }, async () => {
    await user('241');
    await user('243');
    await user('242', { forwarding: { noAnswer: { target: '243', seconds: 5 } } });
    const first = await pbx.device('242', 'callee-rings.xml', 'Desk-242');
    const second = await pbx.device('243', 'callee-answers.xml', 'Desk-243');
    await uasListening();
    const started = Date.now();
    passed(await pbx.call('241', '242', 'caller-call.xml'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    const [cancelled, answered] = await Promise.all([first.done, second.done]);
    passed(cancelled);
    passed(answered);
    expect(logged(answered)).toContain(`from "User 241" <sip:241@${pbx.domain}>;tag=`);
    expect(logged(answered)).toContain(`diversion "User 242" <sip:242@${pbx.domain}>;reason=no-answer;counter=1;privacy=off`);
    expect(await pbx.records(TENANT, '242')).toMatchObject([{ disposition: 'answered', dialled: '242', answeredBy: { extension: '243' }, forwarding: [{ from: '242', to: '243', reason: 'no-answer' }] }]);
  });

  it('relays a re-INVITE that puts the call on hold, with the SDP unchanged', { timeout: 60_000 }, async () => {
    await user('251');
    await user('252');
    const held = await pbx.device('252', 'callee-hold.xml', 'Desk-252');
    await uasListening();
    const caller = await pbx.call('251', '252', 'caller-hold.xml');
    passed(caller);
    expect(logged(caller)).toContain('hold answered a=recvonly');
    const callee = await held.done;
    passed(callee);
    expect(logged(callee)).toContain('re-INVITE a=sendonly');
    expect(await pbx.records(TENANT, '252')).toMatchObject([{ disposition: 'answered', answeredBy: { extension: '252' } }]);
  });
});
