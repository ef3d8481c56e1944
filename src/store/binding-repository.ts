import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database.js';
import { inTransaction } from './in-transaction.js';
import { preparedOnce } from './prepared-once.js';
import type { DatabaseSchema, RegistrarBindingsTable } from './schema.js';
import { sqliteHandle } from './sqlite.js';

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

/** Rows per statement on PostgreSQL: 18 parameters each stays far below its bound-parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The SQLite statements of a flush, prepared once per database: one row, named parameters (`@id`, …). */
interface PreparedBindingWrites {
  readonly upsert: BetterSqlite3.Statement<[BindingRow]>;
  readonly remove: BetterSqlite3.Statement<[string]>;
}

const upsertSql =
  `insert into registrar_bindings (${columns.join(', ')}) values (${columns.map((column) => `@${column}`).join(', ')}) ` +
  `on conflict (id) do update set ${updatedColumns.map((column) => `${column} = excluded.${column}`).join(', ')}`;

const preparedWrites = preparedOnce<PreparedBindingWrites>((native) => ({
  upsert: native.prepare<[BindingRow]>(upsertSql),
  remove: native.prepare<[string]>('delete from registrar_bindings where id = ?'),
}));

function writeRowByRow(writes: PreparedBindingWrites, changes: BindingChanges): void {
  for (const id of changes.removed) writes.remove.run(id);
  for (const row of changes.saved) writes.upsert.run(row);
}

async function writeInStatements(db: Kysely<DatabaseSchema>, changes: BindingChanges): Promise<void> {
  for (const ids of chunks(changes.removed)) await db.deleteFrom('registrar_bindings').where('id', 'in', ids).execute();
  for (const rows of chunks(changes.saved)) {
    await db
      .insertInto('registrar_bindings')
      .values(rows)
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(updatedColumns.map((column) => [column, eb.ref(`excluded.${column}`)]))))
      .execute();
  }
}

/**
 * Writes the registrar's changes in one transaction of their own: `saved` rows inserted or
 * replaced by id, `removed` ids deleted. On SQLite each row runs a statement prepared once per
 * database (preparing costs more than running); on PostgreSQL up to 500 rows go in one
 * statement (a round trip costs more than planning).
 */
export async function writeBindingRows(database: Database, changes: BindingChanges): Promise<void> {
  const native = sqliteHandle(database);
  await inTransaction(database, async (trx) => {
    if (native) writeRowByRow(preparedWrites(native), changes);
    else await writeInStatements(trx, changes);
  });
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
