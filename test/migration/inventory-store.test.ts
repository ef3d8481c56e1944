import { describe, expect, it } from 'vitest';
import { createTenant, createUsers, deleteTenant, deleteUser } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import {
  findMigrationEmployeeByExtension,
  getMigrationEmployee,
  holdsMigrationLock,
  insertMigrationEmployees,
  insertNumberBlocks,
  insertSites,
  listMigrationEmployees,
  listNumberBlockRows,
  listSiteRows,
  releaseMigrationLock,
  takeMigrationLock,
  updateMigrationEmployee,
} from '../../src/store/index.js';
import type { Database, MigrationEmployeeRow, MigrationLockRow, NumberBlockRow, SiteRow } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';

const root: Actor = { kind: 'cli', id: 'root' };
const at = '2026-03-02T09:00:00.000Z';

async function seed(database: Database) {
  const tenant = await createTenant(database, { slug: 'acme', name: 'ACME GmbH' }, root);
  const users = await createUsers(database, tenant.id, { users: ['1000', '201', '99'].map((extension) => ({ extension, name: `User ${extension}` })) }, root);
  const site: SiteRow = { id: crypto.randomUUID(), tenant_id: tenant.id, name: 'Köln', address: 'Domkloster 4, 50667 Köln', area_code: '221', emergency_number: null, created_at: at, updated_at: at };
  const block: NumberBlockRow = {
    id: crypto.randomUUID(), tenant_id: tenant.id, kind: 'legacy', base_number: '+492214711', ddi_from: 0, ddi_to: 99, ddi_digits: 2,
    old_provider: 'Telekom', line_id: 'AS-1', site_id: site.id, created_at: at, updated_at: at,
  };
  await insertSites(database.db, [site]);
  await insertNumberBlocks(database.db, [block]);
  const employees: MigrationEmployeeRow[] = users.map((user, index) => ({
    id: crypto.randomUUID(), tenant_id: tenant.id, user_id: user.id, site_id: site.id,
    legacy_number: `+4922147112${index}`, legacy_block_id: block.id, provisional_number: null, provisional_block_id: null, ported_number: null,
    number_state: 'planned', device_state: 'old_recorded', training_state: 'pending', training_note: null,
    old_device_vendor: null, old_device_model: null, old_device_mac: null, language: 'de', role: null, created_at: at, updated_at: at,
  }));
  await insertMigrationEmployees(database.db, employees);
  return { tenant, users, site, block, employees };
}

const lease = (tenantId: string, token: string, acquiredAt: string, expiresAt: string): MigrationLockRow => ({
  tenant_id: tenantId, operation: 'inventory-import', holder: 'cli:root', token, acquired_at: acquiredAt, expires_at: expiresAt,
});

describe.each(testDialects())('migration inventory store on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('lists migration records in extension order with their user, finds them by id and extension, and changes them', async () => {
    const { tenant, employees, site, block } = await seed(database());
    const listed = await listMigrationEmployees(database().db, tenant.id);
    expect(listed.map((e) => e.extension)).toEqual(['99', '201', '1000']);
    expect(listed[0]).toMatchObject({ display_name: 'User 99', number_state: 'planned', device_state: 'old_recorded', training_state: 'pending', site_id: site.id });
    const first = employees[0];
    if (!first) throw new Error('seeded');
    expect(await getMigrationEmployee(database().db, first.id)).toMatchObject({ id: first.id, extension: '1000', legacy_block_id: block.id });
    expect((await findMigrationEmployeeByExtension(database().db, tenant.id, '201'))?.legacy_number).toBe('+49221471121');
    const changed = await updateMigrationEmployee(database().db, first.id, { provisional_number: '+492219876523', updated_at: '2026-03-03T00:00:00.000Z' });
    expect(changed).toMatchObject({ provisional_number: '+492219876523', updated_at: '2026-03-03T00:00:00.000Z', legacy_number: '+49221471120' });
    expect(await getMigrationEmployee(database().db, crypto.randomUUID())).toBeUndefined();
    expect(await listSiteRows(database().db, tenant.id)).toEqual([site]);
    expect(await listNumberBlockRows(database().db, tenant.id, 'provisional')).toEqual([]);
    expect(await listNumberBlockRows(database().db, tenant.id)).toEqual([block]);
  });

  it('refuses a second record for a number, a state outside the machines, and a block whose range is inverted', async () => {
    const { tenant, employees } = await seed(database());
    const [first, second] = employees;
    if (!first || !second) throw new Error('seeded');
    await expect(updateMigrationEmployee(database().db, second.id, { legacy_number: first.legacy_number })).rejects.toThrow();
    await updateMigrationEmployee(database().db, first.id, { provisional_number: '+492219876501' });
    await expect(updateMigrationEmployee(database().db, second.id, { provisional_number: '+492219876501' })).rejects.toThrow();
    const bogus = { number_state: 'lost' } as unknown as Parameters<typeof updateMigrationEmployee>[2];
    await expect(updateMigrationEmployee(database().db, first.id, bogus)).rejects.toThrow();
    await expect(
      insertNumberBlocks(database().db, [{
        id: crypto.randomUUID(), tenant_id: tenant.id, kind: 'provisional', base_number: '+4922198765', ddi_from: 50, ddi_to: 10, ddi_digits: 2,
        old_provider: null, line_id: null, site_id: null, created_at: at, updated_at: at,
      }]),
    ).rejects.toThrow();
  });

  it('deletes the record with its user, and keeps a tenant with sites, blocks or records from being deleted', async () => {
    const { tenant } = await seed(database());
    await deleteUser(database(), tenant.id, '201', root);
    expect((await listMigrationEmployees(database().db, tenant.id)).map((e) => e.extension)).toEqual(['99', '1000']);
    await expect(deleteTenant(database(), tenant.id, root)).rejects.toThrow(/2 migration employees, 1 number block, 1 site/);
  });

  it('gives the migration lock to one holder at a time, replaces an expired lease and releases only by token', async () => {
    const { tenant } = await seed(database());
    const first = lease(tenant.id, 'a', '2026-03-02T09:00:00.000Z', '2026-03-02T09:10:00.000Z');
    expect(await takeMigrationLock(database().db, first)).toEqual(first);
    const second = lease(tenant.id, 'b', '2026-03-02T09:05:00.000Z', '2026-03-02T09:15:00.000Z');
    expect(await takeMigrationLock(database().db, second)).toEqual(first);
    await releaseMigrationLock(database().db, tenant.id, 'b');
    expect(await holdsMigrationLock(database().db, tenant.id, 'a')).toBe(true);
    const late = lease(tenant.id, 'c', '2026-03-02T09:10:00.000Z', '2026-03-02T09:20:00.000Z');
    expect(await takeMigrationLock(database().db, late)).toEqual(late);
    expect(await holdsMigrationLock(database().db, tenant.id, 'a')).toBe(false);
    await releaseMigrationLock(database().db, tenant.id, 'c');
    expect(await takeMigrationLock(database().db, second)).toEqual(second);
  });
});
