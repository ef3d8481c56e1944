import type { Kysely } from 'kysely';
import { parseDatabaseUrl } from './database-url.js';
import type { DialectName } from './database-url.js';
import { openPostgres } from './postgres.js';
import type { DatabaseSchema } from './schema.js';
import { openSqlite } from './sqlite.js';

/** An open database: the Kysely handle repositories take, and how to close it. */
export interface Database {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `sqlite:/abs/or/rel/path.db` (or a bare file path), `sqlite::memory:`, or `postgres://…` / `postgresql://…` */
  readonly url: string;
}

/**
 * Opens the database a URL names: SQLite (WAL, foreign keys on, busy timeout; the file and
 * its folder are created if missing) or a PostgreSQL pool. Does not migrate.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const target = parseDatabaseUrl(options.url);
  return target.dialect === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url);
}
