import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver, SqliteDialectConfig } from 'kysely';
import { DomainError } from '../kernel/index.js';
import type { Database } from './database.js';
import type { DatabaseSchema } from './schema.js';

/** How long a writer waits for another process's write lock before giving up. */
const sqliteBusyTimeoutMs = 5_000;

const inMemory = ':memory:';

const nativeHandles = new WeakMap<Database, BetterSqlite3.Database>();

/**
 * The better-sqlite3 handle under an SQLite database (undefined for PostgreSQL), for the few
 * statements the store prepares once and runs many times. Kysely's driver uses this one
 * connection for everything, so run statements on it only inside `inTransaction`, which holds
 * the connection: they then belong to that transaction.
 */
export function sqliteHandle(database: Database): BetterSqlite3.Database | undefined {
  return nativeHandles.get(database);
}

/** The file under an SQLite database, as it was opened; undefined for `:memory:` and PostgreSQL. */
export function sqliteFile(database: Database): string | undefined {
  const native = nativeHandles.get(database);
  return native === undefined || native.memory ? undefined : native.name;
}

/**
 * What every connection to a belay SQLite file sets: WAL (readers do not wait for the writer),
 * `synchronous = NORMAL` (a commit is durable once the WAL is checkpointed; a crash loses at most
 * the last commits, never the file), foreign keys, and a busy timeout for the write lock.
 */
export function configureSqliteConnection(native: BetterSqlite3.Database): void {
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma(`busy_timeout = ${sqliteBusyTimeoutMs}`);
}

/**
 * Kysely's SQLite driver with `BEGIN IMMEDIATE`: a transaction takes the write lock when it
 * starts, so two processes sharing the file queue on the busy timeout instead of failing when
 * a reader turns writer. Within one process Kysely already runs one transaction at a time.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * SQLite runs DDL inside transactions, so each migration is applied whole or not at all, and
 * under `BEGIN IMMEDIATE` processes migrating the same file at once take turns.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** Opens (creating it and its folder if missing) an SQLite database file, or `:memory:`. */
export function openSqlite(file: string): Database {
  let native: BetterSqlite3.Database;
  try {
    if (file !== inMemory) mkdirSync(dirname(resolve(file)), { recursive: true });
    native = new BetterSqlite3(file);
  } catch (error) {
    throw new DomainError('unavailable', `cannot open the SQLite database ${file}: ${(error as Error).message}`);
  }
  configureSqliteConnection(native);
  const db = new Kysely<DatabaseSchema>({ dialect: new ImmediateSqliteDialect({ database: native }) });
  const database: Database = { db, dialect: 'sqlite', close: () => db.destroy() };
  nativeHandles.set(database, native);
  return database;
}
