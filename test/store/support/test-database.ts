import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { migrateToLatest, openDatabase } from '../../../src/store/index.js';
import type { Database, DialectName } from '../../../src/store/index.js';
import { postgresUrl } from '../../support/peers.js';

/**
 * The repository suite runs every test on each dialect: SQLite always, PostgreSQL when
 * `BELAY_TEST_PG_URL` names a server (CI sets it). Each test gets its own empty database,
 * so test files and tests never share state and can run in parallel.
 */
export function testDialects(): readonly DialectName[] {
  return postgresUrl() ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A new, empty database that is not opened yet, and how to remove it. */
export interface ScratchDatabase {
  readonly url: string;
  remove(): Promise<void>;
}

async function withAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function scratchDatabase(dialect: DialectName): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') {
    const folder = await mkdtemp(join(tmpdir(), 'belay-store-'));
    return { url: `sqlite:${join(folder, 'data', 'belay.db')}`, remove: () => rm(folder, { recursive: true, force: true }) };
  }
  const adminUrl = postgresUrl();
  if (!adminUrl) throw new Error('PostgreSQL tests need BELAY_TEST_PG_URL');
  const name = `belay_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), remove: () => withAdmin(adminUrl, `drop database if exists ${name} with (force)`) };
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
