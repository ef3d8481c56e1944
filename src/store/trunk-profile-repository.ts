import type { Kysely, Selectable, Updateable } from 'kysely';
import { DomainError } from '../kernel/index.js';
import { uniqueViolationColumns } from './driver-errors.js';
import type { DatabaseSchema, TrunkProfilesTable } from './schema.js';

export type TrunkProfileRow = Selectable<TrunkProfilesTable>;

export type TrunkProfileRowChanges = Pick<Updateable<TrunkProfilesTable>, 'definition' | 'updated_at'>;

/** A custom profile is addressed by its id or by its name (unique across all tenants). */
export type TrunkProfileKey = { readonly id: string } | { readonly name: string };

export async function insertTrunkProfile(db: Kysely<DatabaseSchema>, row: TrunkProfileRow): Promise<void> {
  try {
    await db.insertInto('trunk_profiles').values(row).execute();
  } catch (error) {
    if (!uniqueViolationColumns(error)?.includes('name')) throw error;
    throw new DomainError('conflict', `a trunk profile named "${row.name}" already exists`, [{ field: 'name', message: `"${row.name}" is already taken` }]);
  }
}

export async function findTrunkProfileRow(db: Kysely<DatabaseSchema>, key: TrunkProfileKey): Promise<TrunkProfileRow | undefined> {
  const query = db.selectFrom('trunk_profiles').selectAll();
  return ('id' in key ? query.where('id', '=', key.id) : query.where('name', '=', key.name)).executeTakeFirst();
}

/**
 * Custom profiles by name: all of them, or those a tenant's trunks may use (the tenant's own
 * and the shared ones), or only the shared ones (`null`).
 */
export async function listTrunkProfileRows(db: Kysely<DatabaseSchema>, usableBy?: string | null): Promise<readonly TrunkProfileRow[]> {
  return db
    .selectFrom('trunk_profiles')
    .selectAll()
    .$if(usableBy !== undefined, (q) => q.where((eb) => eb.or([eb('tenant_id', 'is', null), ...(usableBy ? [eb('tenant_id', '=', usableBy)] : [])])))
    .orderBy('name')
    .execute();
}

export async function updateTrunkProfileRow(db: Kysely<DatabaseSchema>, id: string, changes: TrunkProfileRowChanges): Promise<TrunkProfileRow> {
  return db.updateTable('trunk_profiles').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTrunkProfileRow(db: Kysely<DatabaseSchema>, id: string): Promise<void> {
  await db.deleteFrom('trunk_profiles').where('id', '=', id).execute();
}
