import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DatabaseSchema, MigrationProjectsTable } from './schema.js';

export type MigrationProjectRow = Selectable<MigrationProjectsTable>;

export type MigrationProjectRowChanges = Omit<Updateable<MigrationProjectsTable>, 'id' | 'tenant_id' | 'created_at'>;

/** The tenant's migration project, if one was started. */
export async function findMigrationProjectRow(db: Kysely<DatabaseSchema>, tenantId: string): Promise<MigrationProjectRow | undefined> {
  return db.selectFrom('migration_projects').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function insertMigrationProject(db: Kysely<DatabaseSchema>, row: MigrationProjectRow): Promise<void> {
  await db.insertInto('migration_projects').values(row).execute();
}

export async function updateMigrationProjectRow(
  db: Kysely<DatabaseSchema>,
  id: string,
  changes: MigrationProjectRowChanges,
): Promise<MigrationProjectRow> {
  return db.updateTable('migration_projects').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
