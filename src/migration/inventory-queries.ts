import type { Kysely } from 'kysely';
import { getTenant } from '../centrex/index.js';
import { DomainError } from '../kernel/index.js';
import { findMigrationEmployeeByExtension, getMigrationEmployee, listMigrationEmployees, listNumberBlockRows, listSiteRows } from '../store/index.js';
import type { Database, DatabaseSchema, MigrationEmployeeWithUserRow } from '../store/index.js';
import { employeeFromRow, numberBlockFromRow, siteFromRow } from './migration-records.js';
import type { MigrationEmployee, NumberBlock, Site } from './migration-records.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant's migration record of the employee with this record id or extension; `not_found` otherwise. */
export async function findTenantEmployee(
  db: Kysely<DatabaseSchema>,
  tenant: { readonly id: string; readonly slug: string },
  idOrExtension: string,
): Promise<MigrationEmployeeWithUserRow> {
  const row = UUID.test(idOrExtension)
    ? await getMigrationEmployee(db, idOrExtension.toLowerCase())
    : await findMigrationEmployeeByExtension(db, tenant.id, idOrExtension);
  if (!row || row.tenant_id !== tenant.id) throw new DomainError('not_found', `migration employee "${idOrExtension}" not found in tenant "${tenant.slug}"`);
  return row;
}

/** The tenant's sites in name order. */
export async function listTenantSites(database: Database, tenantIdOrSlug: string): Promise<readonly Site[]> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return (await listSiteRows(database.db, tenant.id)).map(siteFromRow);
}

/** The tenant's number blocks: legacy, then provisional, by base number. */
export async function listTenantNumberBlocks(database: Database, tenantIdOrSlug: string): Promise<readonly NumberBlock[]> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return (await listNumberBlockRows(database.db, tenant.id)).map(numberBlockFromRow);
}

/** Every employee being migrated, in extension order. */
export async function listTenantEmployees(database: Database, tenantIdOrSlug: string): Promise<readonly MigrationEmployee[]> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return (await listMigrationEmployees(database.db, tenant.id)).map(employeeFromRow);
}

/** One employee's migration record, by record id or extension. */
export async function getTenantEmployee(database: Database, tenantIdOrSlug: string, idOrExtension: string): Promise<MigrationEmployee> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return employeeFromRow(await findTenantEmployee(database.db, tenant, idOrExtension));
}
