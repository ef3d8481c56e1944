/**
 * Batches of rows written in one transaction of their own, as the write-behind flushes do
 * (bindings, call records). On SQLite each row runs a statement prepared once per database
 * handle: better-sqlite3 prepares a statement in about the time it takes to run it a few times,
 * and Kysely's driver prepares every statement it runs. On PostgreSQL a few hundred rows go in
 * one Kysely statement: a round trip costs more than planning.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Transaction } from 'kysely';
import type { Database } from './database.js';
import { inTransaction } from './in-transaction.js';
import type { DatabaseSchema } from './schema.js';
import { sqliteHandle } from './sqlite.js';

/** Rows per statement on PostgreSQL: far below its bound-parameter limit for tables of a few dozen columns. */
const ROWS_PER_STATEMENT = 500;

/**
 * Statements prepared once per SQLite handle, on first use. A preparation that fails (the table
 * is missing) is not kept, and the next use tries again.
 */
export function preparedOnce<T>(prepare: (native: BetterSqlite3.Database) => T): (native: BetterSqlite3.Database) => T {
  const prepared = new WeakMap<BetterSqlite3.Database, T>();
  return (native) => {
    let statements = prepared.get(native);
    if (statements === undefined) {
      statements = prepare(native);
      prepared.set(native, statements);
    }
    return statements;
  };
}

/** `insert into <table> (<columns>) values (@<column>, …)`: one row, named parameters. */
export const namedInsert = (table: string, columns: readonly string[]): string =>
  `insert into ${table} (${columns.join(', ')}) values (${columns.map((column) => `@${column}`).join(', ')})`;

/** `items` in slices of at most {@link ROWS_PER_STATEMENT}. */
export function statementChunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += ROWS_PER_STATEMENT) out.push(items.slice(at, at + ROWS_PER_STATEMENT));
  return out;
}

/** Runs one batch in a transaction of its own: `sqlite` row by row on the native handle, else `statements` through Kysely. */
export async function writeBatch(
  database: Database,
  sqlite: (native: BetterSqlite3.Database) => void,
  statements: (trx: Transaction<DatabaseSchema>) => Promise<void>,
): Promise<void> {
  const native = sqliteHandle(database);
  await inTransaction(database, async (trx) => {
    if (native) sqlite(native);
    else await statements(trx);
  });
}
