import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';
import { namedInsert, preparedOnce, statementChunks, writeBatch } from './batch-writes.js';
import type { Database } from './database.js';
import type { DatabaseSchema, RegistrarBindingsTable } from './schema.js';

export type BindingRow = Selectable<RegistrarBindingsTable>;

interface BindingChanges {
  readonly saved: readonly BindingRow[];
  readonly removed: readonly string[];
}

/** Every column of a binding row (the compiler checks none is missing), `id` first. */
const columns = Object.keys({
  id: true, tenant_id: true, user_id: true, aor: true, contact: true, source_protocol: true, source_address: true, source_port: true,
  local_address: true, local_port: true, path: true, q_millis: true, expires_at: true, call_id: true, cseq: true, user_agent: true,
  instance_id: true, reg_id: true,
} satisfies Record<keyof BindingRow, true>) as readonly (keyof BindingRow)[];
const updatedColumns = columns.filter((column) => column !== 'id');

/** The SQLite statements of a flush, prepared once per database: one row, named parameters (`@id`, …). */
interface PreparedBindingWrites {
  readonly upsert: BetterSqlite3.Statement<[BindingRow]>;
  readonly remove: BetterSqlite3.Statement<[string]>;
}

const upsertSql =
  `${namedInsert('registrar_bindings', columns)} ` +
  `on conflict (id) do update set ${updatedColumns.map((column) => `${column} = excluded.${column}`).join(', ')}`;

const preparedWrites = preparedOnce<PreparedBindingWrites>((native) => ({
  upsert: native.prepare<[BindingRow]>(upsertSql),
  remove: native.prepare<[string]>('delete from registrar_bindings where id = ?'),
}));

function writeRowByRow(native: BetterSqlite3.Database, changes: BindingChanges): void {
  const writes = preparedWrites(native);
  for (const id of changes.removed) writes.remove.run(id);
  for (const row of changes.saved) writes.upsert.run(row);
}

async function writeInStatements(db: Kysely<DatabaseSchema>, changes: BindingChanges): Promise<void> {
  for (const ids of statementChunks(changes.removed)) await db.deleteFrom('registrar_bindings').where('id', 'in', ids).execute();
  for (const rows of statementChunks(changes.saved)) {
    await db
      .insertInto('registrar_bindings')
      .values(rows)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(updatedColumns.map((column) => [column, eb.ref(`excluded.${column}`)]))))
      .execute();
  }
}

/**
 * Writes the registrar's changes in one transaction of their own (see `writeBatch`): `saved`
 * rows inserted or replaced by id, `removed` ids deleted.
 */
export async function writeBindingRows(database: Database, changes: BindingChanges): Promise<void> {
  await writeBatch(
    database,
    (native) => writeRowByRow(native, changes),
    (trx) => writeInStatements(trx, changes),
  );
}

/** Deletes the bindings that expired at or before `at` (ISO-8601); returns how many. */
export async function deleteExpiredBindingRows(db: Kysely<DatabaseSchema>, at: string): Promise<number> {
  const result = await db.deleteFrom('registrar_bindings').where('expires_at', '<=', at).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Every stored binding. */
export async function allBindingRows(db: Kysely<DatabaseSchema>): Promise<readonly BindingRow[]> {
  return db.selectFrom('registrar_bindings').selectAll().execute();
}
