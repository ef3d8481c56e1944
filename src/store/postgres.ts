import { Kysely, PostgresDialect } from 'kysely';
import { Pool, TypeOverrides, types } from 'pg';
import { DomainError } from '../kernel/index.js';
import type { Database } from './database.js';
import type { DatabaseSchema } from './schema.js';

/** Pool limits: enough for one node's API and SIP work, far below PostgreSQL's default 100. */
const poolOptions = {
  max: 10,
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 10_000,
  application_name: 'belay',
} as const;

/** `bigint` columns and `count(*)` come back as numbers (ids and counts stay far below 2^53). */
function numericTypes(): TypeOverrides {
  const overrides = new TypeOverrides();
  overrides.setTypeParser(types.builtins.INT8, Number);
  return overrides;
}

/** The URL without its password, for messages. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured URL';
  }
}

/** Opens a connection pool and proves it can connect, so a bad URL fails at start. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new Pool({ connectionString: url, types: numericTypes(), ...poolOptions });
  // An idle connection the server dropped is discarded by the pool; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end();
    throw new DomainError('unavailable', `cannot connect to PostgreSQL at ${describe(url)}: ${(error as Error).message}`);
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}
