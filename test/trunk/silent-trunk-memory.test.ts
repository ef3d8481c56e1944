/**
 * A trunk that never answers an INVITE is given up after a few seconds of silence, not after
 * Timer B's 32 s: the call fails over to the next trunk, or, with no trunk left, the caller hears
 * 408 early. A trunk that has said anything at all (100 Trying included) keeps the call for as
 * long as the caller's ring time allows. Phone ↔ belay ↔ carriers on the memory network, with
 * the simulated clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCallPolicy } from '../../src/centrex/index.js';
import { Method, Status } from '../../src/sip/index.js';
import type { MemoryTransport } from '../../src/sip/index.js';
import { testSdp } from '../calls/support/test-phone.js';
import type { IncomingCall, TestPhone } from '../calls/support/test-phone.js';
import { TrunkPbx } from './support/trunk-pbx.js';
import { acmeTrunk, acmeUser, numbersOf } from './support/trunk-world.js';

const ERIKA = acmeUser('223', 'Erika Muster');
const CARRIER_A = acmeTrunk('trunk-a', '198.51.100.1', { priority: 1 });
const CARRIER_B = acmeTrunk('trunk-b', '198.51.100.2', { priority: 2 });
const OUTSIDE = '+4930123456';
const SDP = testSdp('192.0.2.20', 4000);
const WORLD = { trunks: [CARRIER_A, CARRIER_B], employees: [numbersOf(ERIKA, 'ported')] };

let pbx: TrunkPbx | undefined;
let peers: TestPhone[] = [];
let silent: MemoryTransport[] = [];
afterEach(async () => {
  await Promise.all([...peers.map((p) => p.stop()), ...silent.map((s) => s.close())]);
  peers = [];
  silent = [];
  await pbx?.stop();
  pbx = undefined;
});

async function carrier(at: TrunkPbx, host: string, onInvite?: (call: IncomingCall) => void): Promise<TestPhone> {
  const peer = await at.carrier(host, onInvite);
  peers.push(peer);
  return peer;
}

/** A carrier that takes every packet and never sends anything back; returns the methods it got, in order. */
function silentCarrier(at: TrunkPbx, host: string): string[] {
  const methods: string[] = [];
  silent.push(at.network.attach({ host, port: 5060, onMessage: (message) => methods.push(message.data.toString('utf8').split(' ', 1)[0] ?? '') }));
  return methods;
}

const answer = (call: IncomingCall) => {
  call.ring();
  call.answer(testSdp('198.51.100.50', 6000));
};

async function dialOut(at: TrunkPbx) {
  return (await at.phone(ERIKA)).dial(OUTSIDE, { sdp: SDP });
}

describe('a trunk that does not answer', () => {
  it('is given up after 4 s of silence: the next trunk takes the call', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], WORLD));
    const a = silentCarrier(at, CARRIER_A.host);
    const b = await carrier(at, CARRIER_B.host, answer);
    const call = await dialOut(at);
    at.run(3900);
    expect(a.filter((m) => m === Method.INVITE).length).toBeGreaterThan(1); // Timer A retransmits into the silence
    expect(b.incoming).toHaveLength(0);
    at.run(200);
    expect(b.incoming).toHaveLength(1);
    expect(call.final?.status).toBe(Status.OK);
    // §9.1: no CANCEL without a provisional response first
    expect(a).not.toContain(Method.CANCEL);
    expect(at.logs.some((l) => l.level === 'warn' && l.message === 'trunk did not respond within 4000 ms, trying the next one')).toBe(true);
    call.send(Method.BYE);
    at.run(100);
    expect(at.calls.records).toMatchObject([{ disposition: 'answered', trunkId: 'trunk-b', direction: 'outbound' }]);
  });

  it('waits as long as the call policy says', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], WORLD, { ...defaultCallPolicy, trunkNoResponseMs: 1500 }));
    silentCarrier(at, CARRIER_A.host);
    const b = await carrier(at, CARRIER_B.host, answer);
    const call = await dialOut(at);
    at.run(1400);
    expect(b.incoming).toHaveLength(0);
    at.run(200);
    expect(call.final?.status).toBe(Status.OK);
  });

  it('with no trunk left, the caller gets 408 after the silence, not after Timer B', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], { ...WORLD, trunks: [CARRIER_A] }));
    silentCarrier(at, CARRIER_A.host);
    const call = await dialOut(at);
    at.run(3900);
    expect(call.final).toBeUndefined();
    at.run(200);
    expect(call.final?.status).toBe(Status.RequestTimeout);
    expect(at.calls.records).toMatchObject([{ trunkId: 'trunk-a', direction: 'outbound' }]);
  });

  it('keeps a trunk that sent 100 Trying and then rings: only the ring time limits it', async () => {
    const at = (pbx = await TrunkPbx.start([ERIKA], WORLD));
    // the carrier's stack sends 100 Trying by itself after 200 ms (§17.2.1); ringing starts much later
    const a = await carrier(at, CARRIER_A.host);
    const b = await carrier(at, CARRIER_B.host, answer);
    const call = await dialOut(at);
    at.run(6000);
    const [ringing] = a.incoming;
    expect(ringing).toBeDefined();
    ringing?.ring();
    at.run(20_000);
    expect(call.responses.map((r) => r.status)).toContain(Status.Ringing);
    ringing?.answer(testSdp('198.51.100.50', 6000));
    at.run(100);
    expect(call.final?.status).toBe(Status.OK);
    expect(b.incoming).toHaveLength(0);
    expect(a.incoming).toHaveLength(1);
    expect(ringing?.cancel).toBeUndefined();
  });
});
