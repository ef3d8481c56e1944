import { createTenant, createTrunk, createUsers } from '../../../src/centrex/index.js';
import type { Actor, Tenant } from '../../../src/centrex/index.js';
import { newEmployeeRow } from '../../../src/migration/index.js';
import { insertMigrationEmployees, insertPortOrder, insertSites } from '../../../src/store/index.js';
import type { Database, MigrationEmployeeRow, PortOrderRow } from '../../../src/store/index.js';

/** A tenant with a few employees on their way (no import: rows straight into the store), for the project's tests. */

export const root: Actor = { kind: 'cli', id: 'root' };
const at = '2026-03-01T08:00:00.000Z';

export interface ProjectFixture {
  readonly tenant: Tenant;
  /** By extension. */
  readonly employees: Readonly<Record<string, MigrationEmployeeRow>>;
}

/**
 * `ACME GmbH` with employees 201 and 202 (legacy numbers) and 203 (none), provisional numbers as given,
 * a trunk and an emergency number at their site (the telephony is ready for go-live).
 */
export async function seedProjectTenant(database: Database, changes: Partial<MigrationEmployeeRow> = {}): Promise<ProjectFixture> {
  const tenant = await createTenant(database, { slug: 'acme', name: 'ACME GmbH' }, root);
  const users = await createUsers(database, tenant.id, { users: ['201', '202', '203'].map((extension, i) => ({ extension, name: ['Erika Muster', 'Max Mann', 'Neu Hier'][i] ?? '' })) }, root);
  const siteId = crypto.randomUUID();
  await insertSites(database.db, [{ id: siteId, tenant_id: tenant.id, name: 'Köln', address: 'Domkloster 4, 50667 Köln', area_code: '221', emergency_number: '+4922198765000', created_at: at, updated_at: at }]);
  await createTrunk(database, tenant.id, { name: 'Telekom', mode: 'ip', host: '127.0.0.1' }, root);
  const rows = users.map(
    (user): MigrationEmployeeRow => ({
      ...newEmployeeRow({ id: crypto.randomUUID(), tenantId: tenant.id, userId: user.id, siteId, at }),
      legacy_number: user.extension === '203' ? null : `+4922147110${user.extension.slice(1)}`,
      provisional_number: `+4922198765${user.extension.slice(1)}`,
      ...changes,
    }),
  );
  await insertMigrationEmployees(database.db, rows);
  return { tenant, employees: Object.fromEntries(rows.map((row, i) => [users[i]?.extension ?? '', row])) };
}

/** A port order of the tenant's line with these numbers, straight into the store. */
export async function seedPortOrder(database: Database, tenantId: string, numbers: readonly string[], changes: Partial<PortOrderRow> = {}): Promise<PortOrderRow> {
  const row: PortOrderRow = {
    id: crypto.randomUUID(), tenant_id: tenantId, old_provider: 'Telekom', line_id: 'AS-1', state: 'draft',
    holder_name: 'ACME GmbH', holder_street: null, holder_postal_code: null, holder_city: null, customer_number: null,
    signatory_name: null, signatory_role: null, requested_date: null, at_contract_end: 1, contract_end_date: null,
    confirmed_date: null, window_start: null, window_end: null, rejection_code: null, rejection_text: null, rejected_at: null,
    corrected_fields: '[]', submissions: 0, provisional_grace_days: 30, provisionals_retire_at: null, provisionals_retired_at: null,
    cancel_reason: null, submitted_at: null, confirmed_at: null, completed_at: null, cancelled_at: null, created_at: at, updated_at: at,
    ...changes,
  };
  await insertPortOrder(database.db, row, numbers);
  return row;
}
