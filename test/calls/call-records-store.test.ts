/**
 * Call records through the store, on SQLite and (when configured) PostgreSQL: written by the
 * writer, listed newest first with filters and pages, kept per tenant, and holding on to
 * their tenant.
 */
import { unlink } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CallRecordWriter, INTERNAL_CALL_FACTS, createTenant, deleteTenant, listCallRecords } from '../../src/centrex/index.js';
import { SimulatedClock, SystemClock } from '../../src/sip/index.js';
import type { CallRecord, Tenant } from '../../src/centrex/index.js';
import { migrateToLatest, openDatabase, sqliteFile } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';

const ACTOR = { kind: 'system', id: 'test' } as const;

function record(tenant: Tenant, n: number, overrides: Partial<CallRecord> = {}): CallRecord {
  const started = Date.UTC(2026, 0, 1, 9, 0, n);
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    tenantId: tenant.id,
    startedAt: new Date(started).toISOString(),
    answeredAt: new Date(started + 3_000).toISOString(),
    endedAt: new Date(started + 63_000).toISOString(),
    caller: { userId: null, extension: '201', uri: 'sip:201@acme.example', name: 'Alice Adler' },
    dialled: '202',
    answeredBy: { userId: 'u202', extension: '202', contact: 'sip:202@192.0.2.21:5060', userAgent: 'Desk/1' },
    forwarding: [],
    disposition: 'answered',
    sipStatus: 200,
    durationMs: 60_000,
    ...INTERNAL_CALL_FACTS,
    ...overrides,
  };
}

async function written(database: Database, records: readonly CallRecord[]): Promise<void> {
  const failures: unknown[] = [];
  const writer = new CallRecordWriter(database, (error) => failures.push(error), new SystemClock());
  for (const r of records) writer.record(r);
  await writer.flush();
  expect(failures).toEqual([]);
}

async function stored(database: Database): Promise<number> {
  const counted = await database.db.selectFrom('call_records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(counted.n);
}

for (const dialect of testDialects()) {
  describe(`call records on ${dialect}`, () => {
    const database = useMigratedDatabase(dialect);

    it('reads back what was written, newest first, a page at a time', async () => {
      const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
      const forwarded = record(acme, 3, { forwarding: [{ from: '202', to: '203', reason: 'no-answer' }], answeredBy: null, answeredAt: null, disposition: 'no_answer', sipStatus: 408, durationMs: 0 });
      const inbound = record(acme, 4, {
        caller: { userId: null, extension: null, uri: 'sip:+4930123456@acme.example', name: 'Max Muster' },
        dialled: '+492219876523',
        direction: 'inbound',
        trunkId: 'trunk-1',
        presentedNumber: '+4930123456',
        originalCalled: '+49221471123',
        diversionReason: 'unconditional',
      });
      const blocked = record(acme, 5, {
        dialled: '+441632960000', answeredBy: null, answeredAt: null, disposition: 'rejected', sipStatus: 403, durationMs: 0,
        direction: 'outbound', blockReason: 'class of service national does not allow international calls',
      });
      const emergency = record(acme, 6, {
        dialled: '112', answeredBy: null, direction: 'outbound', trunkId: 'trunk-2', presentedNumber: '+492219876523', networkNumber: '+492219876523',
        identityNote: 'emergency call: the site number', emergency: true,
      });
      await written(database(), [record(acme, 1), record(acme, 2), forwarded, inbound, blocked, emergency]);
      const first = await listCallRecords(database(), 'acme', { limit: 5 });
      expect(first.items).toEqual([emergency, blocked, inbound, forwarded, record(acme, 2)]);
      expect(first.next).not.toBeNull();
      const second = await listCallRecords(database(), acme.id, { limit: 5, after: first.next });
      expect(second).toEqual({ items: [record(acme, 1)], next: null });
    });

    it('filters by start time, extension and disposition, within the tenant', async () => {
      const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
      const other = await createTenant(database(), { slug: 'other', name: 'Other' }, ACTOR);
      await written(database(), [
        record(acme, 1),
        record(acme, 2, { caller: { userId: null, extension: '205', uri: 'sip:205@acme.example', name: null }, dialled: '206', answeredBy: null, disposition: 'busy', sipStatus: 486 }),
        record(acme, 3, { dialled: '207', answeredBy: { userId: 'u208', extension: '208', contact: 'sip:208@192.0.2.9', userAgent: null } }),
        record(other, 4),
      ]);
      const ids = async (query: object) => (await listCallRecords(database(), 'acme', query)).items.map((r) => r.id.slice(-1));
      expect(await ids({})).toEqual(['3', '2', '1']);
      expect(await ids({ from: '2026-01-01T09:00:02Z' })).toEqual(['3', '2']);
      expect(await ids({ from: '2026-01-01T10:00:01+01:00', to: '2026-01-01T09:00:03.000Z' })).toEqual(['2', '1']);
      expect(await ids({ extension: '205' })).toEqual(['2']);
      expect(await ids({ extension: '206' })).toEqual(['2']);
      expect(await ids({ extension: '208' })).toEqual(['3']);
      expect(await ids({ disposition: 'busy' })).toEqual(['2']);
      expect(await ids({ extension: '201', disposition: 'answered' })).toEqual(['3', '1']);
    });

    it('filters by direction: between users, out over a trunk, in from one', async () => {
      const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
      const other = await createTenant(database(), { slug: 'other', name: 'Other' }, ACTOR);
      const out = { dialled: '+4930123456', answeredBy: null, direction: 'outbound', trunkId: 'trunk-1', presentedNumber: '+49221471123', networkNumber: '+49221471123' } as const;
      const inbound = { dialled: '+49221471123', direction: 'inbound', trunkId: 'trunk-1', presentedNumber: '+4930123456' } as const;
      await written(database(), [record(acme, 1), record(acme, 2, out), record(acme, 3, inbound), record(acme, 4, out), record(acme, 5), record(other, 6, inbound)]);
      const ids = async (query: object) => (await listCallRecords(database(), 'acme', query)).items.map((r) => r.id.slice(-1));
      expect(await ids({ direction: 'internal' })).toEqual(['5', '1']);
      expect(await ids({ direction: 'outbound' })).toEqual(['4', '2']);
      expect(await ids({ direction: 'inbound' })).toEqual(['3']);
      expect(await ids({ direction: 'outbound', extension: '201', limit: 1 })).toEqual(['4']);
      const first = await listCallRecords(database(), 'acme', { direction: 'outbound', limit: 1 });
      expect((await listCallRecords(database(), 'acme', { direction: 'outbound', after: first.next })).items.map((r) => r.id.slice(-1))).toEqual(['2']);
    });

    it('writes the records of many calls together once the interval has passed, and none before', async () => {
      const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
      const clock = new SimulatedClock(Date.UTC(2026, 0, 1, 10));
      const failures: unknown[] = [];
      const writer = new CallRecordWriter(database(), (error) => failures.push(error), clock, { flushIntervalMs: 200 });
      for (let n = 1; n <= 450; n++) writer.record(record(acme, n));
      clock.advance(199);
      await new Promise((resolve) => setImmediate(resolve));
      expect(await stored(database())).toBe(0);
      clock.advance(1);
      await writer.flush();
      expect(await stored(database())).toBe(450);
      expect((await listCallRecords(database(), 'acme', { limit: 1 })).items[0]?.id).toBe(record(acme, 450).id);
      expect(failures).toEqual([]);
    });

    it('writes a batch the database refuses a record at a time: the bad record is reported, the others are kept', async () => {
      const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
      const refused: string[] = [];
      const writer = new CallRecordWriter(database(), (_error, bad) => refused.push(bad.id), new SimulatedClock());
      writer.record(record(acme, 1));
      writer.record(record(acme, 2));
      writer.record({ ...record(acme, 3), id: record(acme, 1).id }); // a second record with the first one's id
      writer.record(record(acme, 4));
      await writer.flush();
      expect(refused).toEqual([record(acme, 1).id]);
      expect((await listCallRecords(database(), 'acme')).items.map((r) => r.id)).toEqual([record(acme, 4).id, record(acme, 2).id, record(acme, 1).id]);
    });

    it('refuses bad queries naming the field, an unknown tenant with not_found, and keeps a tenant with calls from being deleted', async () => {
      const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
      await expect(listCallRecords(database(), 'acme', { disposition: 'lost' })).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'disposition' }] });
      await expect(listCallRecords(database(), 'acme', { direction: 'sideways' })).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'direction' }] });
      await expect(listCallRecords(database(), 'acme', { from: 'yesterday' })).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'from' }] });
      await expect(listCallRecords(database(), 'acme', { after: 'nonsense' })).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'after' }] });
      await expect(listCallRecords(database(), 'nowhere')).rejects.toMatchObject({ code: 'not_found' });
      await written(database(), [record(acme, 1)]);
      await expect(deleteTenant(database(), 'acme', ACTOR)).rejects.toThrow(/1 call record/);
    });
  });
}

describe('call records written on a thread of their own (an SQLite file)', () => {
  const database = useMigratedDatabase('sqlite');
  const noFault = { onFault: (error: Error) => expect.fail(`the thread failed: ${error.message}`) };

  it('writes a flush interval’s records in batches on the thread; the server’s connection reads them once flush resolves', async () => {
    const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
    const clock = new SimulatedClock(Date.UTC(2026, 0, 1, 10));
    const failures: unknown[] = [];
    const writer = new CallRecordWriter(database(), (error) => failures.push(error), clock, { flushIntervalMs: 200, thread: noFault });
    for (let n = 1; n <= 600; n++) writer.record(record(acme, n));
    clock.advance(199);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stored(database())).toBe(0);
    clock.advance(1);
    await writer.flush();
    expect(await stored(database())).toBe(600);
    writer.record(record(acme, 601));
    await writer.close();
    expect(await stored(database())).toBe(601);
    expect((await listCallRecords(database(), 'acme', { limit: 1 })).items[0]).toEqual(record(acme, 601));
    expect(failures).toEqual([]);
  });

  it('writes a batch the database refuses a record at a time, on the thread too', async () => {
    const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
    const refused: { id: string; message: string }[] = [];
    const writer = new CallRecordWriter(database(), (error, bad) => refused.push({ id: bad.id, message: (error as Error).message }), new SimulatedClock(), { thread: noFault });
    writer.record(record(acme, 1));
    writer.record({ ...record(acme, 2), tenantId: '00000000-0000-4000-8000-00000000dead' }); // no such tenant
    writer.record(record(acme, 3));
    await writer.close();
    expect(refused).toEqual([{ id: record(acme, 2).id, message: expect.stringMatching(/FOREIGN KEY/) }]);
    expect((await listCallRecords(database(), 'acme')).items.map((r) => r.id)).toEqual([record(acme, 3).id, record(acme, 1).id]);
  });

  it('reports a thread that cannot open the file once, and writes on its own thread from then on', async () => {
    const acme = await createTenant(database(), { slug: 'acme', name: 'ACME' }, ACTOR);
    const file = sqliteFile(database());
    if (file === undefined) throw new Error('the test database is an SQLite file');
    await unlink(file); // the server's connection keeps the file open; the thread finds none to open
    const faults: string[] = [];
    const failures: unknown[] = [];
    const writer = new CallRecordWriter(database(), (error) => failures.push(error), new SimulatedClock(), { thread: { onFault: (error) => faults.push(error.message) } });
    writer.record(record(acme, 1));
    await writer.flush();
    writer.record(record(acme, 2));
    await writer.close();
    expect(faults).toEqual([expect.stringMatching(/unable to open|no such file/i)]);
    expect(failures).toEqual([]);
    expect(await stored(database())).toBe(2);
  });

  it('has no thread on an in-memory database, whose one connection the writer uses', async () => {
    const memory = await openDatabase({ url: 'sqlite::memory:' });
    try {
      await migrateToLatest(memory);
      expect(sqliteFile(memory)).toBeUndefined();
      const acme = await createTenant(memory, { slug: 'acme', name: 'ACME' }, ACTOR);
      const writer = new CallRecordWriter(memory, (error) => expect.fail(String(error)), new SimulatedClock(), { thread: noFault });
      writer.record(record(acme, 1));
      await writer.close();
      expect(await stored(memory)).toBe(1);
    } finally {
      await memory.close();
    }
  });
});
