import { createTenant, createUsers } from '../../../src/centrex/index.js';
import type { Actor, Tenant } from '../../../src/centrex/index.js';
import { insertMigrationEmployees, insertNumberBlocks, insertSites } from '../../../src/store/index.js';
import type { Database, EmployeeNumberState, MigrationEmployeeRow, NumberBlockRow } from '../../../src/store/index.js';

export const root: Actor = { kind: 'api', id: 'erika' };

/**
 * A company moving from Telekom: line AS-1 is `+49 221 4711` with DDIs 00-09 (ten numbers),
 * line AS-2 a single number in Bonn; three employees with legacy numbers -01, -02, -03 of
 * AS-1 and provisional numbers on the new trunk.
 */
export async function seedPortingCompany(database: Database, numberState: EmployeeNumberState = 'provisional_active') {
  const at = '2026-03-01T09:00:00.000Z';
  const tenant: Tenant = await createTenant(database, { slug: 'muster', name: 'Muster GmbH' }, root);
  const users = await createUsers(database, tenant.id, { users: ['21', '22', '23'].map((extension) => ({ extension, name: `Employee ${extension}` })) }, root);
  const siteId = crypto.randomUUID();
  await insertSites(database.db, [{ id: siteId, tenant_id: tenant.id, name: 'Köln', address: 'Domstr. 1, 50668 Köln', area_code: '221', created_at: at, updated_at: at }]);
  const block = (changes: Partial<NumberBlockRow>): NumberBlockRow => ({
    id: crypto.randomUUID(), tenant_id: tenant.id, kind: 'legacy', base_number: '+492214711', ddi_from: 0, ddi_to: 9, ddi_digits: 2,
    old_provider: 'Telekom', line_id: 'AS-1', site_id: siteId, created_at: at, updated_at: at, ...changes,
  });
  const cologne = block({});
  await insertNumberBlocks(database.db, [
    cologne,
    block({ base_number: '+49228555100', ddi_from: null, ddi_to: null, ddi_digits: null, line_id: 'AS-2' }),
    block({ kind: 'provisional', base_number: '+492219876', old_provider: null, line_id: null }),
  ]);
  const employees: MigrationEmployeeRow[] = users.map((user, index) => ({
    id: crypto.randomUUID(), tenant_id: tenant.id, user_id: user.id, site_id: siteId,
    legacy_number: `+4922147110${index + 1}`, legacy_block_id: cologne.id, provisional_number: `+4922198760${index + 1}`, provisional_block_id: null,
    ported_number: null, number_state: numberState, device_state: 'old_recorded', training_state: 'pending', training_note: null,
    old_device_vendor: null, old_device_model: null, old_device_mac: null, language: 'de', role: null, created_at: at, updated_at: at,
  }));
  await insertMigrationEmployees(database.db, employees);
  return { tenant, employees };
}

/** Every number of line AS-1. */
export const lineAs1 = Array.from({ length: 10 }, (_, i) => `+4922147110${i}`);

/** The data the port form needs, holder and address exactly as registered (double space included). */
export const portFormData = {
  holderName: 'Muster  GmbH',
  holderStreet: 'Domstr. 1',
  holderPostalCode: '50668',
  holderCity: 'Köln',
  customerNumber: 'KD-0815',
  signatoryName: 'Erika Mustermann',
  signatoryRole: 'Geschäftsführerin',
  atContractEnd: true,
  contractEndDate: '2026-06-30',
};
