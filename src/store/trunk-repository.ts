import type { ExpressionBuilder, Kysely, Selectable, Updateable } from 'kysely';
import { DomainError } from '../kernel/index.js';
import { uniqueViolationColumns } from './driver-errors.js';
import type { DatabaseSchema, TrunksTable } from './schema.js';

export type TrunkRow = Selectable<TrunksTable>;

export type TrunkRowChanges = Omit<Updateable<TrunksTable>, 'id' | 'tenant_id' | 'created_at'>;

/** Whose trunks: a tenant's own (by id), or the shared ones (null). */
export type TrunkOwner = string | null;

/** A name taken among the owner's trunks is expected input: a `conflict` naming `name`. */
function translateConflict(error: unknown, name: string | undefined, owner: TrunkOwner): unknown {
  if (name === undefined || !uniqueViolationColumns(error)?.includes('name')) return error;
  const among = owner === null ? 'shared trunk' : 'trunk of this tenant';
  return new DomainError('conflict', `another ${among} is already named "${name}"`, [{ field: 'name', message: `"${name}" is already taken` }]);
}

const ofOwner = (owner: TrunkOwner) => (eb: ExpressionBuilder<DatabaseSchema, 'trunks'>) =>
  owner === null ? eb('tenant_id', 'is', null) : eb('tenant_id', '=', owner);

export async function insertTrunk(db: Kysely<DatabaseSchema>, row: TrunkRow): Promise<void> {
  try {
    await db.insertInto('trunks').values(row).execute();
  } catch (error) {
    throw translateConflict(error, row.name, row.tenant_id);
  }
}

/** A trunk of one owner is addressed by its id or by its name. */
export type TrunkKey = { readonly id: string } | { readonly name: string };

export async function findTrunkRow(db: Kysely<DatabaseSchema>, owner: TrunkOwner, key: TrunkKey): Promise<TrunkRow | undefined> {
  const query = db.selectFrom('trunks').selectAll().where(ofOwner(owner));
  return ('id' in key ? query.where('id', '=', key.id) : query.where('name', '=', key.name)).executeTakeFirst();
}

/** The owner's trunks in the order they are tried: by priority, then name. */
export async function listTrunkRows(db: Kysely<DatabaseSchema>, owner: TrunkOwner): Promise<readonly TrunkRow[]> {
  return db.selectFrom('trunks').selectAll().where(ofOwner(owner)).orderBy('priority').orderBy('name').orderBy('id').execute();
}

export async function updateTrunkRow(db: Kysely<DatabaseSchema>, before: TrunkRow, changes: TrunkRowChanges): Promise<TrunkRow> {
  try {
    return await db.updateTable('trunks').set(changes).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    throw translateConflict(error, changes.name, before.tenant_id);
  }
}

export async function deleteTrunkRow(db: Kysely<DatabaseSchema>, id: string): Promise<void> {
  await db.deleteFrom('trunks').where('id', '=', id).execute();
}

/** Every trunk (of any owner) naming this profile, by name. */
export async function trunksWithProfile(db: Kysely<DatabaseSchema>, profile: string): Promise<readonly TrunkRow[]> {
  return db.selectFrom('trunks').selectAll().where('profile', '=', profile).orderBy('name').orderBy('id').execute();
}
