import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, MigrationEmployeesTable, NumberBlocksTable, SitesTable, TenantsTable, TrunkProfilesTable, TrunksTable } from './schema.js';

/** The reads behind the telephony read model (`loadTelephony`, `refreshTelephony`): only the columns it keeps. */

export type TelephonyTrunkRow = Selectable<TrunksTable>;
export type TelephonyProfileRow = Pick<Selectable<TrunkProfilesTable>, 'id' | 'tenant_id' | 'name' | 'definition'>;
export type TelephonyTenantRow = Pick<Selectable<TenantsTable>, 'id' | 'reception_extension'>;
export type TelephonySiteRow = Pick<Selectable<SitesTable>, 'id' | 'tenant_id' | 'name' | 'area_code' | 'emergency_number'>;
export type TelephonyBlockRow = Pick<Selectable<NumberBlocksTable>, 'id' | 'tenant_id' | 'kind' | 'base_number' | 'ddi_from' | 'ddi_to' | 'ddi_digits' | 'site_id'>;
export type TelephonyEmployeeRow = Pick<
  Selectable<MigrationEmployeesTable>,
  'user_id' | 'tenant_id' | 'site_id' | 'legacy_number' | 'provisional_number' | 'ported_number' | 'number_state'
>;

export interface TelephonyTrunkRows {
  /** Shared trunks first, then by tenant, priority and name. */
  readonly trunks: readonly TelephonyTrunkRow[];
  readonly profiles: readonly TelephonyProfileRow[];
}

/** The numbers, sites and reception of some tenants; blocks legacy before provisional, by base number and range. */
export interface TelephonyTenantRows {
  readonly tenants: readonly TelephonyTenantRow[];
  readonly sites: readonly TelephonySiteRow[];
  readonly blocks: readonly TelephonyBlockRow[];
  readonly employees: readonly TelephonyEmployeeRow[];
}

/** Every trunk (its secret included: the registration client needs it) and every custom profile. */
export async function telephonyTrunkRows(db: Kysely<DatabaseSchema>): Promise<TelephonyTrunkRows> {
  const trunks = await db.selectFrom('trunks').selectAll().orderBy('tenant_id', (o) => o.nullsFirst()).orderBy('priority').orderBy('name').orderBy('id').execute();
  const profiles = await db.selectFrom('trunk_profiles').select(['id', 'tenant_id', 'name', 'definition']).orderBy('name').execute();
  return { trunks, profiles };
}

/** The telephony rows of the tenants with these ids, or of every tenant when `tenantIds` is undefined. */
export async function telephonyTenantRows(db: Kysely<DatabaseSchema>, tenantIds?: readonly string[]): Promise<TelephonyTenantRows> {
  if (tenantIds?.length === 0) return { tenants: [], sites: [], blocks: [], employees: [] };
  const ids = tenantIds ?? [];
  const some = tenantIds !== undefined;
  const tenants = await db.selectFrom('tenants').select(['id', 'reception_extension']).$if(some, (q) => q.where('id', 'in', ids)).execute();
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'tenant_id', 'name', 'area_code', 'emergency_number'])
    .$if(some, (q) => q.where('tenant_id', 'in', ids))
    .execute();
  const blocks = await db
    .selectFrom('number_blocks')
    .select(['id', 'tenant_id', 'kind', 'base_number', 'ddi_from', 'ddi_to', 'ddi_digits', 'site_id'])
    .$if(some, (q) => q.where('tenant_id', 'in', ids))
    .orderBy('kind')
    .orderBy('base_number')
    .orderBy('ddi_from')
    .orderBy('id')
    .execute();
  const employees = await db
    .selectFrom('migration_employees')
    .select(['user_id', 'tenant_id', 'site_id', 'legacy_number', 'provisional_number', 'ported_number', 'number_state'])
    .$if(some, (q) => q.where('tenant_id', 'in', ids))
    .execute();
  return { tenants, sites, blocks, employees };
}
