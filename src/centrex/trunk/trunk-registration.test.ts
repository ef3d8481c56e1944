/**
 * belay registering at a carrier: a SIP stack as belay's side and a carrier registrar (Digest,
 * 423, refusals) on the memory network, on a simulated clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Header, Status, formatDigestChallenge, formatUri, header, headerValues, parseDigestCredentials, sequentialIds } from '../../sip/index.js';
import type { SipRequest, TransportProtocol } from '../../sip/index.js';
import type { CarrierRegistrar, CarrierRegistrarOptions } from '../../../test/trunk-registration/support/carrier-registrar.js';
import { HOP, MemoryTrunkWorld, RTT, SECOND, T0, trunkConfig } from '../../../test/trunk-registration/support/memory-trunk-world.js';
import type { TrunkConfig } from '../telephony/index.js';
import { TrunkRegistration, UNREGISTER_WAIT_MS } from './trunk-registration.js';
import type { TrunkStatus } from './trunk-status.js';

/** Timer F: a non-INVITE transaction gives up after 64·T1. */
const TIMER_F = 32 * SECOND;

let worlds: MemoryTrunkWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.map((world) => world.stop()));
  worlds = [];
});

interface Setup {
  readonly carrier: CarrierRegistrar;
  readonly registration: TrunkRegistration;
  readonly statuses: TrunkStatus[];
  readonly clock: { now(): number };
  readonly run: (ms: number) => Promise<void>;
}

async function setUp(
  options: { readonly trunk?: Partial<TrunkConfig>; readonly carrier?: Partial<CarrierRegistrarOptions>; readonly protocol?: TransportProtocol } = {},
): Promise<Setup> {
  const world = await MemoryTrunkWorld.start(options.protocol);
  worlds.push(world);
  const carrier = await world.carrier(options.carrier);
  const statuses: TrunkStatus[] = [];
  const registration = new TrunkRegistration({
    stack: world.belay,
    clock: world.clock,
    ids: sequentialIds('reg'),
    trunk: trunkConfig({ transport: world.protocol === 'tcp' ? 'tcp' : 'udp', ...options.trunk }),
    contactUser: 'belay-trunk-1',
    activeCalls: () => 3,
    onStatus: (status) => statuses.push(status),
  });
  return { clock: world.clock, carrier, registration, statuses, run: (ms) => world.run(ms) };
}

const requestOf = (carrier: CarrierRegistrar, index: number): SipRequest => {
  const received = carrier.received[index];
  if (!received) throw new Error(`the carrier received no REGISTER #${index + 1}`);
  return received.request;
};

describe('TrunkRegistration: registering', () => {
  it('registers at the trunk\'s domain with our contact, answering the 401 with Digest', async () => {
    const { carrier, registration, clock, run } = await setUp();
    registration.start();
    expect(registration.status).toMatchObject({ state: 'registering', lastAttemptAt: clock.now() });
    await run(100);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.OK]);
    const register = requestOf(carrier, 1);
    expect(formatUri(register.uri)).toBe('sip:sip.carrier.example');
    expect(formatUri(register.to.uri)).toBe('sip:4922198765430@sip.carrier.example');
    expect(formatUri(register.from.uri)).toBe('sip:4922198765430@sip.carrier.example');
    expect(register.contacts.map((c) => formatUri(c.uri))).toEqual(['sip:belay-trunk-1@192.0.2.10:5060']);
    expect(header(register, Header.Expires)).toBe(600);
    expect(register.callId).toBe(requestOf(carrier, 0).callId);
    expect(register.cseq.seq).toBe(requestOf(carrier, 0).cseq.seq + 1);
    const credentials = parseDigestCredentials(headerValues(register, 'Authorization')[0] ?? '');
    expect(credentials.ok && credentials.value).toMatchObject({ username: '4922198765430', realm: 'sip.carrier.example', uri: 'sip:sip.carrier.example' });
    expect(registration.status).toEqual({
      trunkId: 'trunk-1', state: 'registered', lastError: null, registeredUntil: T0 + 2 * RTT + 600 * SECOND, lastAttemptAt: T0, activeCalls: 3,
    });
    expect(carrier.holding()).toEqual(['sip:belay-trunk-1@192.0.2.10:5060']);
  });

  it('answers a 407 with Proxy-Authorization and uses the separate auth username', async () => {
    const { carrier, registration, run } = await setUp({
      trunk: { authUsername: 'auth-7', username: 'line7' },
      carrier: { challenge: 'proxy', accounts: { 'auth-7': 'trunk-secret' } },
    });
    registration.start();
    await run(100);
    expect(carrier.answers).toEqual([Status.ProxyAuthenticationRequired, Status.OK]);
    const register = requestOf(carrier, 1);
    expect(formatUri(register.to.uri)).toBe('sip:line7@sip.carrier.example');
    const credentials = parseDigestCredentials(headerValues(register, 'Proxy-Authorization')[0] ?? '');
    expect(credentials.ok && credentials.value.username).toBe('auth-7');
    expect(registration.status.state).toBe('registered');
  });

  it('writes ;transport=tcp into the contact of a TCP trunk', async () => {
    const { carrier, registration, run } = await setUp({ protocol: 'tcp' });
    registration.start();
    await run(100);
    expect(requestOf(carrier, 1).contacts.map((c) => formatUri(c.uri))).toEqual(['sip:belay-trunk-1@192.0.2.10:5060;transport=tcp']);
    expect(registration.status.state).toBe('registered');
  });
});

describe('TrunkRegistration: refreshing', () => {
  it('refreshes at 80 % of the time granted to our contact, with credentials up front', async () => {
    const { carrier, registration, run } = await setUp({ carrier: { maxExpires: 100, nonceLifetimeMs: 3600 * SECOND } });
    registration.start();
    await run(100);
    const grantedAt = T0 + 2 * RTT;
    expect(registration.status.registeredUntil).toBe(grantedAt + 100 * SECOND);
    await run(grantedAt + 80 * SECOND - T0 - 100);
    expect(carrier.received).toHaveLength(2);
    await run(RTT);
    expect(carrier.received).toHaveLength(3);
    expect(carrier.received[2]?.at).toBe(grantedAt + 80 * SECOND + HOP);
    expect(carrier.answers[2]).toBe(Status.OK);
    expect(headerValues(requestOf(carrier, 2), 'Authorization')).toHaveLength(1);
    expect(registration.status).toMatchObject({ state: 'registered', registeredUntil: grantedAt + 80 * SECOND + RTT + 100 * SECOND });
    await run(10 * 60 * SECOND);
    expect(carrier.answers.filter((status) => status === Status.Unauthorized)).toHaveLength(1);
    expect(carrier.holding()).toHaveLength(1);
  });

  it('reads the granted time from the Expires header when the contact carries none', async () => {
    const { carrier, registration, run } = await setUp({ carrier: { maxExpires: 50, grant: 'expires-header' } });
    registration.start();
    await run(100);
    expect(registration.status.registeredUntil).toBe(T0 + 2 * RTT + 50 * SECOND);
    await run(40 * SECOND);
    expect(carrier.received).toHaveLength(3);
  });

  it('answers a stale nonce on a refresh with the new one', async () => {
    const { carrier, registration, run } = await setUp({ carrier: { maxExpires: 100, nonceLifetimeMs: 60 * SECOND } });
    registration.start();
    await run(81 * SECOND);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.OK, Status.Unauthorized, Status.OK]);
    expect(headerValues(carrier.received[2]?.request as SipRequest, 'Authorization')).toHaveLength(1);
    expect(registration.status).toMatchObject({ state: 'registered', lastError: null });
  });
});

describe('TrunkRegistration: 423 Interval Too Brief', () => {
  it('asks again once for the Min-Expires the carrier wants, and keeps asking for it', async () => {
    const { carrier, registration, run } = await setUp({ trunk: { registerExpires: 60 }, carrier: { minExpires: 300 } });
    registration.start();
    await run(100);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.IntervalTooBrief, Status.OK]);
    expect(carrier.requested).toEqual([60, 60, 300]);
    expect(registration.status.registeredUntil).toBe(T0 + 3 * RTT + 300 * SECOND);
    await run(240 * SECOND);
    expect(carrier.requested.slice(3)).toEqual([300]);
    expect(carrier.answers[3]).toBe(Status.OK);
  });

  it('fails when the carrier answers 423 again', async () => {
    const { carrier, registration, run } = await setUp({ trunk: { registerExpires: 60 } });
    carrier.intercept = () => ({ status: Status.IntervalTooBrief, headers: [{ name: 'Min-Expires', value: '120' }] });
    registration.start();
    await run(100);
    expect(carrier.requested).toEqual([60, 120]);
    expect(registration.status).toMatchObject({ state: 'failed', lastError: '423 Interval Too Brief' });
  });
});

describe('TrunkRegistration: failures', () => {
  it('fails on 403 keeping the reason, retries after 30 s doubling to 10 min, and recovers', async () => {
    const { carrier, registration, run } = await setUp();
    carrier.intercept = () => ({ status: Status.Forbidden });
    registration.start();
    await run(100);
    expect(registration.status).toMatchObject({ state: 'failed', lastError: '403 Forbidden', registeredUntil: null, lastAttemptAt: T0 });
    await run(2 * 3600 * SECOND);
    const gaps = carrier.received.slice(1).map((r, i) => r.at - (carrier.received[i]?.at ?? 0));
    expect(gaps.slice(0, 7)).toEqual([30, 60, 120, 240, 480, 600, 600].map((s) => s * SECOND + RTT));
    carrier.intercept = undefined;
    const attempts = carrier.received.length;
    await run(600 * SECOND);
    expect(carrier.answers.slice(attempts)).toEqual([Status.Unauthorized, Status.OK]);
    expect(registration.status).toMatchObject({ state: 'registered', lastError: null });
    carrier.intercept = () => ({ status: Status.NotFound });
    for (let s = 0; s < 600 && registration.status.state === 'registered'; s++) await run(SECOND);
    expect(registration.status).toMatchObject({ state: 'failed', lastError: '404 Not Found' });
    const failedAt = carrier.received.at(-1)?.at ?? 0;
    await run(31 * SECOND);
    expect(carrier.received.at(-1)?.at).toBe(failedAt + RTT + 30 * SECOND);
  });

  it('fails when the carrier does not answer, and keeps the registration it still holds in the status', async () => {
    const { carrier, registration, run, statuses } = await setUp({ carrier: { maxExpires: 200 } });
    registration.start();
    await run(100);
    carrier.intercept = () => 'silence';
    await run(160 * SECOND + TIMER_F);
    expect(registration.status).toMatchObject({
      state: 'failed', lastError: 'no answer from 198.51.100.20:5070 over udp', registeredUntil: T0 + 2 * RTT + 200 * SECOND,
    });
    await run(10 * SECOND);
    expect(registration.status.registeredUntil).toBeNull();
    expect(statuses.map((s) => s.state)).toEqual(['registering', 'registered', 'registered', 'failed']);
  });

  it('fails on a transport failure', async () => {
    const { carrier, registration, run } = await setUp({ protocol: 'tcp' });
    await carrier.stop();
    registration.start();
    await run(100);
    expect(registration.status.state).toBe('failed');
    expect(registration.status.lastError).toMatch(/^transport failure: nothing listens at tcp:198\.51\.100\.20:5070/);
  });

  it('stops at credentials the carrier rejects instead of answering challenges forever', async () => {
    const { carrier, registration, run } = await setUp({ trunk: { password: 'wrong' } });
    registration.start();
    await run(100);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.Unauthorized]);
    expect(registration.status).toMatchObject({ state: 'failed', lastError: 'credentials rejected (realm sip.carrier.example)' });
    await run(30 * SECOND);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.Unauthorized, Status.Unauthorized, Status.Unauthorized]);
  });

  it('takes a second challenge with the same nonce, not stale, as rejected credentials; a stale one is answered', async () => {
    const challenge = (nonce: string, stale = false) => ({
      status: Status.Unauthorized,
      headers: [{ name: 'WWW-Authenticate', value: formatDigestChallenge({ realm: 'sip.carrier.example', nonce, algorithm: 'MD5', qop: ['auth'], stale }) }],
    });
    const same = await setUp();
    same.carrier.intercept = () => challenge('n-1');
    same.registration.start();
    await same.run(100);
    expect(same.carrier.answers).toEqual([Status.Unauthorized, Status.Unauthorized]);
    expect(same.registration.status).toMatchObject({ state: 'failed', lastError: 'credentials rejected (realm sip.carrier.example)' });

    const stale = await setUp();
    const nonces = ['n-1', 'n-2'];
    stale.carrier.intercept = () => {
      const nonce = nonces.shift();
      return nonce === undefined ? undefined : challenge(nonce, nonce === 'n-2');
    };
    stale.registration.start();
    await stale.run(100);
    expect(stale.carrier.answers).toEqual([Status.Unauthorized, Status.Unauthorized, Status.Unauthorized, Status.OK]);
    expect(stale.registration.status.state).toBe('registered');
  });

  it('fails on a challenge when the trunk has no password', async () => {
    const { carrier, registration, run } = await setUp({ trunk: { password: null } });
    registration.start();
    await run(100);
    expect(carrier.answers).toEqual([Status.Unauthorized]);
    expect(registration.status.lastError).toBe('401 Unauthorized: the trunk has no credentials');
  });

  it('does not register a trunk without a username, nor over a transport belay has not opened', async () => {
    const noUser = await setUp({ trunk: { username: null } });
    noUser.registration.start();
    await noUser.run(10 * 60 * SECOND);
    expect(noUser.carrier.received).toEqual([]);
    expect(noUser.registration.status).toMatchObject({ state: 'failed', lastError: 'the trunk has no username to register with' });
    const tls = await setUp({ trunk: { transport: 'tls' } });
    tls.registration.start();
    expect(tls.registration.status).toMatchObject({ state: 'failed', lastError: 'no contact address: no tls transport is open' });
  });
});

describe('TrunkRegistration: stop', () => {
  it('unregisters with Expires 0, answering the challenge, and resolves', async () => {
    const { carrier, registration, run } = await setUp({ carrier: { nonceLifetimeMs: 60 * SECOND } });
    registration.start();
    await run(100 * SECOND);
    expect(carrier.holding()).toEqual(['sip:belay-trunk-1@192.0.2.10:5060']);
    let stopped = false;
    void registration.stop().then(() => (stopped = true));
    await run(100);
    expect(stopped).toBe(true);
    expect(carrier.requested.slice(2)).toEqual([0, 0]);
    expect(carrier.answers.slice(2)).toEqual([Status.Unauthorized, Status.OK]);
    expect(requestOf(carrier, 3).contacts.map((c) => formatUri(c.uri))).toEqual(['sip:belay-trunk-1@192.0.2.10:5060']);
    expect(carrier.holding()).toEqual([]);
    expect(registration.status).toMatchObject({ state: 'idle', registeredUntil: null, lastError: null });
    await run(3600 * SECOND);
    expect(carrier.received).toHaveLength(4);
  });

  it('unregisters while the first REGISTER is still being answered, and sends nothing for it afterwards', async () => {
    const { carrier, registration, run } = await setUp();
    registration.start();
    const stopping = registration.stop();
    await run(100);
    await stopping;
    expect(carrier.requested).toEqual([600, 0, 0]);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.Unauthorized, Status.OK]);
    await run(3600 * SECOND);
    expect(carrier.received).toHaveLength(3);
    expect(carrier.holding()).toEqual([]);
  });

  it('gives up waiting for a carrier that does not answer the unregistration', async () => {
    const { carrier, registration, run } = await setUp();
    registration.start();
    await run(100);
    carrier.intercept = () => 'silence';
    let stopped = false;
    void registration.stop().then(() => (stopped = true));
    await run(UNREGISTER_WAIT_MS - 1);
    expect(stopped).toBe(false);
    await run(1);
    expect(stopped).toBe(true);
    expect(registration.status).toMatchObject({ state: 'idle', lastError: 'the carrier did not answer the unregistration in time' });
  });

  it('sends nothing when no registration was ever granted', async () => {
    const { carrier, registration, run } = await setUp();
    carrier.intercept = () => ({ status: Status.Forbidden });
    registration.start();
    await run(100);
    await registration.stop();
    await run(3600 * SECOND);
    expect(carrier.answers).toEqual([Status.Forbidden]);
    expect(registration.status.state).toBe('idle');
  });
});
