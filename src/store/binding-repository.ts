import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, RegistrarBindingsTable } from './schema.js';

export type BindingRow = Selectable<RegistrarBindingsTable>;

/** Rows per statement: 18 columns each stays well under SQLite's bound-parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Writes the registrar's changes: `saved` rows inserted or replaced by id, `removed` ids
 * deleted. Run it inside one transaction (`inTransaction`) so a batch lands whole.
 */
export async function writeBindingRows(
  db: Kysely<DatabaseSchema>,
  changes: { readonly saved: readonly BindingRow[]; readonly removed: readonly string[] },
): Promise<void> {
  for (const ids of chunks(changes.removed)) await db.deleteFrom('registrar_bindings').where('id', 'in', ids).execute();
  for (const rows of chunks(changes.saved)) {
    await db
      .insertInto('registrar_bindings')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          tenant_id: eb.ref('excluded.tenant_id'),
          user_id: eb.ref('excluded.user_id'),
          aor: eb.ref('excluded.aor'),
          contact: eb.ref('excluded.contact'),
          source_protocol: eb.ref('excluded.source_protocol'),
          source_address: eb.ref('excluded.source_address'),
          source_port: eb.ref('excluded.source_port'),
          local_address: eb.ref('excluded.local_address'),
          local_port: eb.ref('excluded.local_port'),
          path: eb.ref('excluded.path'),
          q_millis: eb.ref('excluded.q_millis'),
          expires_at: eb.ref('excluded.expires_at'),
          call_id: eb.ref('excluded.call_id'),
          cseq: eb.ref('excluded.cseq'),
          user_agent: eb.ref('excluded.user_agent'),
          instance_id: eb.ref('excluded.instance_id'),
          reg_id: eb.ref('excluded.reg_id'),
        })),
      )
      .execute();
  }
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
