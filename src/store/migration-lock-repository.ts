import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, MigrationLocksTable } from './schema.js';

export type MigrationLockRow = Selectable<MigrationLocksTable>;

/**
 * Takes the tenant's migration lock unless another holder's lease is still running (one whose
 * `expires_at` is after `lock.acquired_at`); an expired lease is replaced. Resolves to the
 * lease that holds the lock afterwards: `lock` itself when taken, the other holder's when not.
 * Run it in its own short transaction, so the lease is visible to others while the operation runs.
 */
export async function takeMigrationLock(db: Kysely<DatabaseSchema>, lock: MigrationLockRow): Promise<MigrationLockRow> {
  await db.deleteFrom('migration_locks').where('tenant_id', '=', lock.tenant_id).where('expires_at', '<=', lock.acquired_at).execute();
  await db
    .insertInto('migration_locks')
    .values(lock)
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  return db.selectFrom('migration_locks').selectAll().where('tenant_id', '=', lock.tenant_id).executeTakeFirstOrThrow();
}

/** Whether the lease with this token still holds the tenant's lock. */
export async function holdsMigrationLock(db: Kysely<DatabaseSchema>, tenantId: string, token: string): Promise<boolean> {
  const row = await db.selectFrom('migration_locks').select('token').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.token === token;
}

/** Gives the lock back, if this lease still holds it. */
export async function releaseMigrationLock(db: Kysely<DatabaseSchema>, tenantId: string, token: string): Promise<void> {
  await db.deleteFrom('migration_locks').where('tenant_id', '=', tenantId).where('token', '=', token).execute();
}
