import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../sip/index.js';
import type { Binding } from './binding.js';
import { BindingTable } from './binding-table.js';
import type { BindingChange } from './binding-table.js';

const START = Date.UTC(2026, 0, 1);

function binding(id: string, overrides: Partial<Binding> = {}): Binding {
  return {
    id,
    tenantId: 't1',
    userId: 'u1',
    aor: 'sip:alice@acme.example',
    contact: `sip:alice@10.0.0.${id.length}`,
    source: { protocol: 'udp', address: '198.51.100.7', port: 40_000, localAddress: '192.0.2.1', localPort: 5060 },
    path: [],
    q: 1,
    expiresAt: START + 60_000,
    callId: `call-${id}`,
    cseq: 1,
    reachable: 'unknown',
    ...overrides,
  };
}

function table(options: { owned?: (b: Binding) => boolean } = {}) {
  const clock = new SimulatedClock(START);
  const changes: BindingChange[] = [];
  const location = new BindingTable({ clock, giveUpMs: 30_000, onChange: (c) => changes.push(c), sweepIntervalMs: 1000, ...options });
  return { clock, location, changes };
}

describe('BindingTable', () => {
  it('lists a user’s bindings highest q first, then the most recently refreshed', () => {
    const { location } = table();
    location.replace('u1', [
      binding('low', { q: 0.1, expiresAt: START + 90_000 }),
      binding('old', { q: 0.8, expiresAt: START + 10_000 }),
      binding('new', { q: 0.8, expiresAt: START + 50_000 }),
    ]);
    expect(location.bindingsFor('u1').map((b) => b.id)).toEqual(['new', 'old', 'low']);
    expect(location.bindingsFor('u2')).toEqual([]);
  });

  it('never returns an expired binding, and the sweep timer removes it and reports the removal', () => {
    const { clock, location, changes } = table();
    location.replace('u1', [binding('a', { expiresAt: START + 1500 }), binding('b', { expiresAt: START + 9000 })]);
    location.start();
    clock.advance(1500);
    expect(location.bindingsFor('u1').map((b) => b.id)).toEqual(['b']);
    expect(location.get('a')).toBeUndefined();
    clock.advance(1000);
    expect(location.size).toBe(1);
    expect(changes.map((c) => `${c.kind} ${c.binding.id}`)).toEqual(['saved a', 'saved b', 'removed a']);
    location.stop();
    expect(clock.activeTimers).toBe(0);
  });

  it('reports only what changed when a user’s set is replaced', () => {
    const { location, changes } = table();
    const a = binding('a');
    location.replace('u1', [a, binding('b')]);
    changes.length = 0;
    location.replace('u1', [a, binding('c')]);
    expect(changes.map((c) => `${c.kind} ${c.binding.id}`)).toEqual(['removed b', 'saved c']);
  });

  it('stops offering a binding unreachable for longer than the give-up time, and offers it again once it answers', () => {
    const { clock, location } = table();
    location.replace('u1', [binding('a', { expiresAt: START + 600_000 })]);
    location.setReachability('a', 'unreachable');
    clock.advance(29_000);
    expect(location.bindingsFor('u1')).toHaveLength(1);
    clock.advance(2000);
    expect(location.bindingsFor('u1')).toEqual([]);
    expect(location.registered('u1')).toHaveLength(1);
    location.setReachability('a', 'reachable');
    expect(location.bindingsFor('u1')).toEqual([expect.objectContaining({ id: 'a', reachable: 'reachable' })]);
    expect(location.get('a')?.unreachableSince).toBeUndefined();
  });

  it('restores loaded bindings without reporting them, skipping expired ones and those of users that are gone', () => {
    const { location, changes } = table({ owned: (b) => b.userId !== 'gone' });
    location.restore([binding('a'), binding('x', { expiresAt: START }), binding('g', { userId: 'gone' })]);
    expect([...location.all()].map((b) => b.id)).toEqual(['a']);
    expect(changes).toEqual([]);
  });

  it('sweeps away the bindings of a user that has been deleted', () => {
    let alive = true;
    const { location } = table({ owned: () => alive });
    location.replace('u1', [binding('a')]);
    alive = false;
    expect(location.sweep()).toBe(1);
    expect(location.size).toBe(0);
  });

  it('lists a tenant’s bindings and removes one by id', () => {
    const { location } = table();
    location.replace('u1', [binding('a')]);
    location.replace('u2', [binding('b', { userId: 'u2' })]);
    location.replace('u3', [binding('c', { userId: 'u3', tenantId: 't2' })]);
    expect(location.ofTenant('t1').map((b) => b.id).sort()).toEqual(['a', 'b']);
    expect(location.remove('b')).toBe(true);
    expect(location.remove('b')).toBe(false);
    expect(location.ofTenant('t1').map((b) => b.id)).toEqual(['a']);
  });

  it('refuses a binding filed under the wrong user', () => {
    const { location } = table();
    expect(() => location.replace('u2', [binding('a')])).toThrow(/belongs to u1/);
  });
});
