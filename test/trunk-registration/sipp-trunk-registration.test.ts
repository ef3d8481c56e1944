/**
 * belay registers a trunk at a carrier played by SIPp, over real UDP on loopback: the 401 is
 * answered with Digest that SIPp verifies, the 60 seconds granted are taken, and stopping the
 * trunk unregisters it with credentials up front.
 */
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SipStack, SystemClock, UdpTransport, randomIds } from '../../src/sip/index.js';
import { TrunkRegistration, trunkContactUser } from '../../src/centrex/index.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort, runSipp } from '../support/sipp.js';
import { trunkConfig } from './support/memory-trunk-world.js';

const scenario = fileURLToPath(new URL('./scenarios/carrier-registrar.xml', import.meta.url));
const DOMAIN = 'sip.carrier.test';
const USER = '4922198765430';
const PASSWORD = 'trunk-secret-9';

let stack: SipStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});


describe.skipIf(!hasPeer('sipp'))('a trunk registering at SIPp as the carrier', () => {
  it('answers the 401, is registered for the 60 s granted, and unregisters on stop', { timeout: 30_000 }, async () => {
    const clock = new SystemClock();
    stack = new SipStack({
      transports: [(handlers) => UdpTransport.listen({ host: '127.0.0.1', port: 0, ...handlers })],
      clock,
      ids: randomIds,
      delegate: { onRequest: () => undefined },
    });
    await stack.start();
    const belayPort = stack.listening[0]?.port ?? 0;
    const carrierPort = await freeSippPort();
    const carrier = runSipp({
      scenario: { file: scenario },
      remote: `127.0.0.1:${belayPort}`,
      transport: 'udp',
      calls: 1,
      timeoutMs: 20_000,
      traceMessages: true,
      keys: { domain: DOMAIN, user: USER, password: PASSWORD },
      extraArgs: ['-p', String(carrierPort)],
    });
    await sleep(500);

    const trunk = trunkConfig({ id: 'sipp', host: '127.0.0.1', port: carrierPort, domain: DOMAIN, username: USER, password: PASSWORD });
    const registration = new TrunkRegistration({ stack, clock, ids: randomIds, trunk, contactUser: trunkContactUser(trunk.id) });
    const before = Date.now();
    registration.start();
    for (let i = 0; i < 100 && registration.status.state === 'registering'; i++) await sleep(50);
    const after = Date.now();
    const status = registration.status;
    expect(status).toMatchObject({ trunkId: 'sipp', state: 'registered', lastError: null });
    expect(status.registeredUntil).toBeGreaterThanOrEqual(before + 60_000);
    expect(status.registeredUntil).toBeLessThanOrEqual(after + 60_000);

    await registration.stop();
    expect(registration.status).toMatchObject({ state: 'idle', lastError: null });
    const run = await carrier;
    expect(run.errors, run.messages.slice(-3000)).toBe('');
    expect(run.exitCode, run.stdout.slice(-2000)).toBe(0);
    expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
    // SIPp keeps the space after each header name in the values it logs
    const logs = run.logs.replace(/ {2,}/g, ' ');
    expect(logs).toContain(`register sip:${DOMAIN} to <sip:${USER}@${DOMAIN}> contact <sip:trunk-sipp@127.0.0.1:${belayPort}> expires 600`);
    expect(logs).toContain('digest verified');
    expect(logs).toMatch(new RegExp(`unregister expires 0 authorization Digest username="${USER}", realm="${DOMAIN}".*nc=00000002`));
  });
});
