/**
 * SQLite statements prepared once per database handle, on first use. better-sqlite3 prepares a
 * statement in about the time it takes to run it a few times, and Kysely's driver prepares every
 * statement it runs; the write-behind flushes (bindings, call records) run the same one-row
 * statement for every row, so they keep theirs. A preparation that fails (the table is missing)
 * is not kept, and the next use tries again.
 */
import type BetterSqlite3 from 'better-sqlite3';

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
