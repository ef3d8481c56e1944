import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.js';

/** A table whose rows belong to one tenant, and how to speak of them. */
export interface TenantOwnedTable<Table extends string = string> {
  readonly table: Table;
  /** The column holding the owning tenant's id. */
  readonly tenantColumn: string;
  readonly singular: string;
  readonly plural: string;
}

/**
 * Every tenant-owned table: a tenant with rows in any of them cannot be deleted. Each new
 * tenant-owned table adds its line here, e.g.
 * `{ table: 'users', tenantColumn: 'tenant_id', singular: 'user', plural: 'users' }`.
 * The audit log is not tenant data: it outlives the tenant.
 */
export const tenantOwnedTables: readonly TenantOwnedTable<keyof DatabaseSchema>[] = [
  { table: 'users', tenantColumn: 'tenant_id', singular: 'user', plural: 'users' },
  { table: 'devices', tenantColumn: 'tenant_id', singular: 'device', plural: 'devices' },
  { table: 'call_records', tenantColumn: 'tenant_id', singular: 'call record', plural: 'call records' },
  { table: 'migration_evidence', tenantColumn: 'tenant_id', singular: 'evidence record', plural: 'evidence records' },
  { table: 'migration_projects', tenantColumn: 'tenant_id', singular: 'migration project', plural: 'migration projects' },
  { table: 'migration_employees', tenantColumn: 'tenant_id', singular: 'migration employee', plural: 'migration employees' },
  { table: 'number_blocks', tenantColumn: 'tenant_id', singular: 'number block', plural: 'number blocks' },
  { table: 'sites', tenantColumn: 'tenant_id', singular: 'site', plural: 'sites' },
  { table: 'port_orders', tenantColumn: 'tenant_id', singular: 'port order', plural: 'port orders' },
  { table: 'forwarding_orders', tenantColumn: 'tenant_id', singular: 'forwarding order', plural: 'forwarding orders' },
  { table: 'trunks', tenantColumn: 'tenant_id', singular: 'trunk', plural: 'trunks' },
  { table: 'trunk_profiles', tenantColumn: 'tenant_id', singular: 'trunk profile', plural: 'trunk profiles' },
];

export interface TenantDataCount {
  readonly table: TenantOwnedTable;
  readonly count: number;
}

/** How many rows the tenant still owns, per table, leaving out tables where it owns none. */
export async function countTenantData(
  db: Kysely<DatabaseSchema>,
  tenantId: string,
  tables: readonly TenantOwnedTable[] = tenantOwnedTables,
): Promise<readonly TenantDataCount[]> {
  const counts: TenantDataCount[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table.table)}
      where ${sql.ref(table.tenantColumn)} = ${tenantId}`.execute(db);
    const count = Number(rows[0]?.count ?? 0);
    if (count > 0) counts.push({ table, count });
  }
  return counts;
}

/** `3 users, 1 trunk` */
export function describeTenantData(counts: readonly TenantDataCount[]): string {
  return counts.map(({ table, count }) => `${count} ${count === 1 ? table.singular : table.plural}`).join(', ');
}
