import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, verifyAuditChain } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { scratchDatabase, testDialects } from './support/test-database.js';
import type { ScratchDatabase } from './support/test-database.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scratch(dialect: 'sqlite' | 'postgres'): Promise<ScratchDatabase> {
  const s = await scratchDatabase(dialect);
  cleanups.push(() => s.remove());
  return s;
}

async function open(url: string): Promise<Database> {
  const database = await openDatabase({ url });
  cleanups.push(() => database.close());
  return database;
}

describe.each(testDialects())('database on %s', (dialect) => {
  it('opens the dialect its URL names', async () => {
    const database = await open((await scratch(dialect)).url);
    expect(database.dialect).toBe(dialect);
  });

  it('migrates an empty database, and a second run applies nothing', async () => {
    const database = await open((await scratch(dialect)).url);
    const { applied } = await migrateToLatest(database);
    expect(applied[0]).toBe('0001-tenants-and-audit-log');
    expect(applied).toEqual([...applied].sort());
    expect((await migrateToLatest(database)).applied).toEqual([]);
    expect(await database.db.selectFrom('tenants').selectAll().execute()).toEqual([]);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, rows: 0, headHash: '0'.repeat(64) });
  });

  it('lets several processes migrate the same database at once', async () => {
    const { url } = await scratch(dialect);
    // Two handles stand for two processes; on SQLite they must take turns (one thread).
    const [a, b] = [await open(url), await open(url)];
    const results = dialect === 'postgres'
      ? await Promise.all([migrateToLatest(a), migrateToLatest(b)])
      : [await migrateToLatest(a), await migrateToLatest(b)];
    const applied = results.flatMap((r) => r.applied);
    expect(applied[0]).toBe('0001-tenants-and-audit-log');
    expect(new Set(applied).size).toBe(applied.length);
  });

  it('keeps its data after closing and reopening', async () => {
    const { url } = await scratch(dialect);
    const first = await openDatabase({ url });
    await migrateToLatest(first);
    await first.db.insertInto('tenants').values({ id: 'x', slug: 'kept', name: 'Kept', sip_domain: 'kept.test', created_at: 'a', updated_at: 'a' }).execute();
    await first.close();
    const second = await open(url);
    expect((await migrateToLatest(second)).applied).toEqual([]);
    expect(await second.db.selectFrom('tenants').select('slug').execute()).toEqual([{ slug: 'kept' }]);
  });
});

describe('SQLite specifics', () => {
  it('creates the data folder and sets WAL, foreign keys, a busy timeout and NORMAL sync', async () => {
    const { url } = await scratch('sqlite');
    const file = url.slice('sqlite:'.length);
    const database = await open(url);
    expect(existsSync(file)).toBe(true);
    const pragma = async (name: string) =>
      Object.values((await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(database.db)).rows[0] ?? {})[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5000);
    expect(await pragma('synchronous')).toBe(1);
  });

  it('opens an in-memory database', async () => {
    const database = await open('sqlite::memory:');
    expect((await migrateToLatest(database)).applied[0]).toBe('0001-tenants-and-audit-log');
  });
});

describe('opening failures are clear errors', () => {
  it('refuses an unsupported URL scheme', async () => {
    await expect(openDatabase({ url: 'mysql://127.0.0.1/belay' })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringContaining('mysql'),
    });
  });

  it('names the PostgreSQL server it cannot reach, without the password', async () => {
    const failure = openDatabase({ url: 'postgres://belay:secret@127.0.0.1:1/belay' });
    await expect(failure).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('127.0.0.1:1/belay') });
    await expect(failure).rejects.not.toMatchObject({ message: expect.stringContaining('secret') });
  });
});
