/** Write-behind of bindings on SQLite and PostgreSQL: batches, round trips, large mixed batches, load at start, a failed batch kept. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BindingJournal, bindingOfRow, bindingRow, loadBindings } from '../../src/centrex/registrar/binding-journal.js';
import type { Binding } from '../../src/centrex/registrar/binding.js';
import { SimulatedClock } from '../../src/sip/index.js';
import { allBindingRows } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';

const START = Date.UTC(2026, 0, 1, 9, 0, 0);

function binding(id: string, overrides: Partial<Binding> = {}): Binding {
  return {
    id,
    tenantId: 't1',
    userId: 'u1',
    aor: 'sip:alice@acme.example',
    contact: 'sip:alice@10.0.0.5:5062;transport=tcp',
    source: { protocol: 'tcp', address: '198.51.100.7', port: 40_123, connectionId: 'tcp-7', localAddress: '192.0.2.1', localPort: 5060 },
    path: ['<sip:edge.example;lr>'],
    q: 0.75,
    expiresAt: START + 3_600_000,
    callId: 'reg-1@phone',
    cseq: 2_147_483_647,
    userAgent: 'Phone/1.0',
    instanceId: '<urn:uuid:00000000-0000-0000-0000-000000000001>',
    regId: 1,
    reachable: 'unknown',
    ...overrides,
  };
}

describe.each(testDialects())('the binding journal on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('stores every field of a binding and reads it back', async () => {
    const full = binding('00000000-0000-4000-8000-000000000001');
    const bare = binding('00000000-0000-4000-8000-000000000002', { path: [], source: { protocol: 'udp', address: '::1', port: 5062, localAddress: '::1', localPort: 5060 } });
    delete (bare as { userAgent?: string }).userAgent;
    const journal = new BindingJournal({ database: database(), clock: new SimulatedClock(START) });
    journal.record({ kind: 'saved', binding: full });
    journal.record({ kind: 'saved', binding: bare });
    await journal.flush();
    const loaded = await loadBindings(database(), START);
    // a TCP connection id means nothing to the next process: only the address is kept
    const { connectionId: _, ...address } = full.source;
    const withoutConnection = { ...full, source: address };
    expect([...loaded].sort((a, b) => a.id.localeCompare(b.id))).toEqual([withoutConnection, bare]);
    expect(bindingOfRow(bindingRow(full))).toEqual(withoutConnection);
  });

  it('writes only after the interval, the latest state of each binding in one batch', async () => {
    const clock = new SimulatedClock(START);
    const journal = new BindingJournal({ database: database(), clock, flushIntervalMs: 200 });
    journal.record({ kind: 'saved', binding: binding('a') });
    journal.record({ kind: 'saved', binding: binding('b') });
    journal.record({ kind: 'saved', binding: binding('b', { cseq: 3 }) });
    journal.record({ kind: 'removed', binding: binding('a') });
    expect(journal.backlog).toBe(2);
    clock.advance(199);
    expect(await allBindingRows(database().db)).toEqual([]);
    clock.advance(1);
    expect(journal.backlog).toBe(0);
    await journal.flush(); // waits for the write the timer started
    expect((await allBindingRows(database().db)).map((r) => [r.id, Number(r.cseq)])).toEqual([['b', 3]]);

    journal.record({ kind: 'removed', binding: binding('b') });
    clock.advance(200);
    await journal.flush();
    expect(await allBindingRows(database().db)).toEqual([]);
    expect(clock.activeTimers).toBe(0);
  });

  it('loads only unexpired bindings and deletes the expired ones', async () => {
    const journal = new BindingJournal({ database: database(), clock: new SimulatedClock(START) });
    journal.record({ kind: 'saved', binding: binding('old', { expiresAt: START + 1000 }) });
    journal.record({ kind: 'saved', binding: binding('new', { expiresAt: START + 5000 }) });
    await journal.flush();
    expect((await loadBindings(database(), START + 1000)).map((b) => b.id)).toEqual(['new']);
    expect((await allBindingRows(database().db)).map((r) => r.id)).toEqual(['new']);
  });

  it('leaves exactly the right rows after large batches of inserts, updates and deletes', async () => {
    const journal = new BindingJournal({ database: database(), clock: new SimulatedClock(START) });
    const expected = new Map<string, Binding>();
    const save = (b: Binding): void => {
      journal.record({ kind: 'saved', binding: b });
      expected.set(b.id, b);
    };
    const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    for (let n = 0; n < 1500; n++) save(binding(id(n), { cseq: n, userId: `u${n % 7}` }));
    await journal.flush();
    for (let n = 0; n < 1500; n += 5) {
      journal.record({ kind: 'removed', binding: binding(id(n)) });
      expected.delete(id(n));
    }
    for (let n = 1; n < 1500; n += 2) {
      const changed = binding(id(n), { cseq: 10_000 + n, contact: `sip:alice@10.0.0.${n % 250}:5062`, path: [], q: 0.1, expiresAt: START + n });
      const { userAgent: _agent, instanceId: _instance, regId: _regId, ...bare } = changed;
      save(bare);
    }
    for (let n = 1500; n < 2100; n++) save(binding(id(n), { cseq: n }));
    await journal.flush();
    const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
    const stored = [...(await allBindingRows(database().db))].sort(byId);
    expect(stored).toHaveLength(expected.size);
    expect(stored).toEqual([...expected.values()].map(bindingRow).sort(byId));
  });

  it.each([
    ['before any batch was written', false],
    ['after batches were written', true],
  ])('keeps a batch that could not be written and writes it once the database takes it (%s)', async (_, writtenBefore) => {
    const clock = new SimulatedClock(START);
    const errors: unknown[] = [];
    const journal = new BindingJournal({ database: database(), clock, onError: (e) => errors.push(e) });
    if (writtenBefore) {
      journal.record({ kind: 'saved', binding: binding('z') });
      await journal.flush();
    }
    await sql`alter table registrar_bindings rename to registrar_bindings_away`.execute(database().db);
    journal.record({ kind: 'saved', binding: binding('a') });
    await expect(journal.flush()).rejects.toThrow();
    expect(journal.backlog).toBe(1);
    journal.record({ kind: 'saved', binding: binding('b') });
    await sql`alter table registrar_bindings_away rename to registrar_bindings`.execute(database().db);
    clock.advance(200);
    await journal.flush();
    expect((await allBindingRows(database().db)).map((r) => r.id).sort()).toEqual(writtenBefore ? ['a', 'b', 'z'] : ['a', 'b']);
    expect(errors).toEqual([]);
  });
});
