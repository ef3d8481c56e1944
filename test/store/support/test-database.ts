import { afterEach, beforeEach } from 'vitest';
import { migrateToLatest, openDatabase } from '../../../src/store/index.js';
import type { Database, DialectName } from '../../../src/store/index.js';
import { postgresUrl } from '../../support/peers.js';
import { scratchDatabaseAt } from '../../support/scratch-database.js';
import type { ScratchDatabase } from '../../support/scratch-database.js';

/**
 * The repository suite runs every test on each dialect: SQLite always, PostgreSQL when
 * `BELAY_TEST_PG_URL` names a server (CI sets it). Each test gets its own empty database,
 * so test files and tests never share state and can run in parallel.
 */
export function testDialects(): readonly DialectName[] {
  return postgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
}

export type { ScratchDatabase };

export async function scratchDatabase(dialect: DialectName): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') return scratchDatabaseAt(undefined, 'belay-store');
  const adminUrl = postgresUrl();
  if (!adminUrl) throw new Error('PostgreSQL tests need BELAY_TEST_PG_URL');
  return scratchDatabaseAt(adminUrl, 'belay_t');
}

/** Registers hooks giving each test of the enclosing suite a fresh, migrated database. */
export function useMigratedDatabase(dialect: DialectName): () => Database {
  let scratch: ScratchDatabase | undefined;
  let database: Database | undefined;
  beforeEach(async () => {
    scratch = await scratchDatabase(dialect);
    database = await openDatabase({ url: scratch.url });
    await migrateToLatest(database);
  });
  afterEach(async () => {
    await database?.close();
    await scratch?.remove();
    database = undefined;
    scratch = undefined;
  });
  return () => {
    if (!database) throw new Error('the database exists only while a test runs');
    return database;
  };
}
