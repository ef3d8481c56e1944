import { sql } from 'kysely';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { insertInChunks } from './insert-in-chunks.js';
import type { DatabaseSchema, MigrationEmployeesTable } from './schema.js';

/** One employee's migration record as stored. */
export type MigrationEmployeeRow = Selectable<MigrationEmployeesTable>;

/** The record with the directory user it belongs to: how people recognise the employee. */
export type MigrationEmployeeWithUserRow = MigrationEmployeeRow & {
  readonly extension: string;
  readonly display_name: string;
  readonly email: string | null;
};

/** What may change on a record; `updated_at` is the caller's to set. */
export type MigrationEmployeeChanges = Omit<Updateable<MigrationEmployeesTable>, 'id' | 'tenant_id' | 'user_id' | 'created_at'>;

function withUser(db: Kysely<DatabaseSchema>) {
  return db
    .selectFrom('migration_employees')
    .innerJoin('users', 'users.id', 'migration_employees.user_id')
    .selectAll('migration_employees')
    .select(['users.extension', 'users.display_name', 'users.email']);
}

/** Every migration record of the tenant, in extension order (99, 100, 201, 1000). */
export async function listMigrationEmployees(db: Kysely<DatabaseSchema>, tenantId: string): Promise<readonly MigrationEmployeeWithUserRow[]> {
  return withUser(db)
    .where('migration_employees.tenant_id', '=', tenantId)
    .orderBy(sql`length(users.extension)`)
    .orderBy('users.extension')
    .execute();
}

/** The migration record with this id (of any tenant: check `tenant_id` where it matters). */
export async function getMigrationEmployee(db: Kysely<DatabaseSchema>, id: string): Promise<MigrationEmployeeWithUserRow | undefined> {
  return withUser(db).where('migration_employees.id', '=', id).executeTakeFirst();
}

/** The tenant's migration record of the user with this extension. */
export async function findMigrationEmployeeByExtension(
  db: Kysely<DatabaseSchema>,
  tenantId: string,
  extension: string,
): Promise<MigrationEmployeeWithUserRow | undefined> {
  return withUser(db).where('migration_employees.tenant_id', '=', tenantId).where('users.extension', '=', extension).executeTakeFirst();
}

export async function insertMigrationEmployees(db: Kysely<DatabaseSchema>, rows: readonly MigrationEmployeeRow[]): Promise<void> {
  await insertInChunks(rows, (chunk) => db.insertInto('migration_employees').values(chunk).execute());
}

/** Changes one record and returns it as stored; throws if there is no record with this id. */
export async function updateMigrationEmployee(
  db: Kysely<DatabaseSchema>,
  id: string,
  patch: MigrationEmployeeChanges,
): Promise<MigrationEmployeeRow> {
  return db.updateTable('migration_employees').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
