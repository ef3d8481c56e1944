import type { Kysely, Selectable, Updateable } from 'kysely';
import { insertInChunks } from './insert-in-chunks.js';
import type { DatabaseSchema, NumberBlockKind, NumberBlocksTable } from './schema.js';

export type NumberBlockRow = Selectable<NumberBlocksTable>;

export type NumberBlockRowChanges = Omit<Updateable<NumberBlocksTable>, 'id' | 'tenant_id' | 'created_at'>;

/** The tenant's number blocks (only those of `kind` if given): legacy before provisional, then by base number and range. */
export async function listNumberBlockRows(db: Kysely<DatabaseSchema>, tenantId: string, kind?: NumberBlockKind): Promise<readonly NumberBlockRow[]> {
  return db
    .selectFrom('number_blocks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind ?? 'legacy'))
    .orderBy('kind')
    .orderBy('base_number')
    .orderBy('ddi_from')
    .orderBy('id')
    .execute();
}

export async function insertNumberBlocks(db: Kysely<DatabaseSchema>, rows: readonly NumberBlockRow[]): Promise<void> {
  await insertInChunks(rows, (chunk) => db.insertInto('number_blocks').values(chunk).execute());
}

export async function updateNumberBlockRow(db: Kysely<DatabaseSchema>, id: string, changes: NumberBlockRowChanges): Promise<NumberBlockRow> {
  return db.updateTable('number_blocks').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
