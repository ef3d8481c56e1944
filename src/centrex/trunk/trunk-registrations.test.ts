/** The registrations of all trunks following the configuration, on the memory network and a simulated clock. */
import { afterEach, describe, expect, it } from 'vitest';
import { Header, Status, formatUri, header, sequentialIds } from '../../sip/index.js';
import type { CarrierRegistrar } from '../../../test/trunk-registration/support/carrier-registrar.js';
import { MemoryTrunkWorld, SECOND, trunkConfig } from '../../../test/trunk-registration/support/memory-trunk-world.js';
import { trunkIdOfContactUser } from './trunk-contact-user.js';
import { TrunkGate } from './trunk-gate.js';
import { TrunkRegistrations } from './trunk-registrations.js';
import type { TrunkStatus } from './trunk-status.js';

const OTHER_CARRIER = { host: '203.0.113.30', port: 5060 };

let worlds: MemoryTrunkWorld[] = [];
afterEach(async () => {
  await Promise.all(worlds.map((world) => world.stop()));
  worlds = [];
});

async function setUp() {
  const world = await MemoryTrunkWorld.start();
  worlds.push(world);
  const carrier = await world.carrier();
  const other = await world.carrier({ accounts: { 'line-2': 'second-secret' } }, OTHER_CARRIER);
  const gate = new TrunkGate(world.clock);
  const changes: TrunkStatus[] = [];
  const registrations = new TrunkRegistrations({
    stack: world.belay, clock: world.clock, ids: sequentialIds('reg'), gate, onStatus: (status) => changes.push(status),
  });
  return { world, carrier, other, gate, registrations, changes };
}

const expiresOf = (carrier: CarrierRegistrar): (number | undefined)[] => carrier.received.map((r) => header(r.request, Header.Expires));
const states = (registrations: TrunkRegistrations): Record<string, string> =>
  Object.fromEntries(registrations.all().map((status) => [status.trunkId, status.state]));

const first = trunkConfig({ id: 'a' });
const second = trunkConfig({ id: 'b', host: OTHER_CARRIER.host, port: OTHER_CARRIER.port, username: 'line-2', password: 'second-secret' });
const peering = trunkConfig({ id: 'ip', mode: 'ip', username: null, password: null });
const disabled = trunkConfig({ id: 'off', enabled: false });

describe('TrunkRegistrations', () => {
  it('registers the enabled register-mode trunks only, each with a contact that names it', async () => {
    const { world, carrier, other, gate, registrations, changes } = await setUp();
    await registrations.reconcile([first, second, peering, disabled]);
    await world.run(100);
    expect(states(registrations)).toEqual({ a: 'registered', b: 'registered', ip: 'idle', off: 'idle' });
    expect(changes.map((status) => `${status.trunkId} ${status.state}`)).toEqual(['a registering', 'b registering', 'a registered', 'b registered']);
    expect(carrier.holding()).toEqual(['sip:trunk-a@192.0.2.10:5060']);
    expect(other.holding()).toEqual(['sip:trunk-b@192.0.2.10:5060']);
    expect(trunkIdOfContactUser('trunk-b')).toBe('b');
    expect(carrier.received.every((r) => formatUri(r.request.to.uri) === 'sip:4922198765430@sip.carrier.example')).toBe(true);
    gate.tryAcquire('ip', { maxCalls: null, maxCps: null });
    expect(registrations.status('ip')).toEqual({ trunkId: 'ip', state: 'idle', lastError: null, registeredUntil: null, lastAttemptAt: null, activeCalls: 1 });
    gate.tryAcquire('a', { maxCalls: null, maxCps: null });
    expect(registrations.status('a')).toMatchObject({ state: 'registered', activeCalls: 1 });
    expect(registrations.status('unknown')).toBeUndefined();
  });

  it('leaves a registration alone when settings it does not depend on change', async () => {
    const { world, carrier, registrations } = await setUp();
    await registrations.reconcile([first]);
    await world.run(100);
    await registrations.reconcile([{ ...first, name: 'renamed', priority: 9, maxCalls: 4 }]);
    await world.run(100);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.OK]);
    expect(registrations.status('a')?.state).toBe('registered');
  });

  it('registers again (after unregistering) when the registration settings change, and unregisters trunks removed or disabled', async () => {
    const { world, carrier, other, registrations } = await setUp();
    await registrations.reconcile([first, second]);
    await world.run(100);
    const changed = registrations.reconcile([{ ...first, registerExpires: 300 }, second]);
    await world.run(100);
    await changed;
    await world.run(100);
    expect(expiresOf(carrier)).toEqual([600, 600, 0, 300, 300]);
    expect(carrier.answers).toEqual([Status.Unauthorized, Status.OK, Status.OK, Status.Unauthorized, Status.OK]);
    expect(carrier.received[3]?.request.callId).not.toBe(carrier.received[2]?.request.callId);
    expect(registrations.status('a')).toMatchObject({ state: 'registered', registeredUntil: (carrier.received[4]?.at ?? 0) + 5 + 300 * SECOND });
    expect(carrier.holding()).toEqual(['sip:trunk-a@192.0.2.10:5060']);

    const removed = registrations.reconcile([{ ...second, enabled: false }]);
    await world.run(100);
    await removed;
    expect(expiresOf(carrier).at(-1)).toBe(0);
    expect(expiresOf(other).at(-1)).toBe(0);
    expect(carrier.holding()).toEqual([]);
    expect(other.holding()).toEqual([]);
    expect(registrations.all().map((status) => [status.trunkId, status.state])).toEqual([['b', 'idle']]);
    expect(registrations.status('a')).toBeUndefined();
    const sent = carrier.received.length + other.received.length;
    await world.run(3600 * SECOND);
    expect(carrier.received.length + other.received.length).toBe(sent);
  });

  it('unregisters everything on stop and starts nothing afterwards', async () => {
    const { world, carrier, other, registrations } = await setUp();
    await registrations.reconcile([first, second]);
    await world.run(100);
    const stopped = registrations.stop();
    await world.run(100);
    await stopped;
    expect(carrier.holding()).toEqual([]);
    expect(other.holding()).toEqual([]);
    await registrations.reconcile([first, second]);
    await world.run(3600 * SECOND);
    expect(expiresOf(carrier).at(-1)).toBe(0);
    expect(registrations.all()).toEqual([]);
  });
});
