import type { Transaction } from 'kysely';
import type { Database } from './database.js';
import { isTransientTransactionError } from './driver-errors.js';
import type { DatabaseSchema } from './schema.js';

const maxAttempts = 3;

/**
 * Runs `fn` in one transaction: all of its writes commit together or none do.
 * A transaction refused only because of concurrency (SQLite still busy after its busy
 * timeout, a PostgreSQL serialization failure or deadlock) is rolled back and run again,
 * up to three times, so `fn` must not have effects outside the database.
 *
 * Inside `fn`, use `trx` only: on SQLite the one connection is held by the transaction, so a
 * query on `database.db` would wait for it forever.
 */
export async function inTransaction<T>(
  database: Database,
  fn: (trx: Transaction<DatabaseSchema>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.db.transaction().execute(fn);
    } catch (error) {
      if (attempt >= maxAttempts || !isTransientTransactionError(error)) throw error;
    }
  }
}
