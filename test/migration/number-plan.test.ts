import { describe, expect, it } from 'vitest';
import { createTenant } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import { applyInventory, applyNumberPlan, previewNumberPlan, setProvisionalNumber } from '../../src/migration/index.js';
import { findMigrationEmployeeByExtension, listAudit, listMigrationEmployees, updateMigrationEmployee, verifyAuditChain } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';
import { eventually, holdAuditChain } from './support/hold-audit-chain.js';
import { employeesCsv, numberBlocksCsv, sitesCsv } from './support/inventory-files.js';

const jane: Actor = { kind: 'api', id: 'jane' };

describe.each(testDialects())('number plan on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);
  async function imported() {
    const tenant = await createTenant(database(), { slug: 'acme', name: 'ACME GmbH' }, jane);
    await applyInventory(database(), 'acme', { sites: sitesCsv, numberBlocks: numberBlocksCsv, employees: employeesCsv }, jane);
    return tenant;
  }
  const numbers = async (tenantId: string) => (await listMigrationEmployees(database().db, tenantId)).map((e) => [e.extension, e.provisional_number]);

  it('keeps the DDI where the local provisional block has it, else gives the next free number, and writes it all on apply', async () => {
    const tenant = await imported();
    const preview = await previewNumberPlan(database(), 'acme');
    expect(preview.entries.map((e) => [e.extension, e.legacyNumber, e.plannedNumber, e.reason])).toEqual([
      ['10', '+49221471100', '+492219876500', 'suffix'],
      ['23', '+49221471123', '+492219876523', 'suffix'],
      ['24', '+49221471124', '+492219876524', 'suffix'],
      // Bonn's legacy block has one-digit DDIs (0-9), its provisional block two (00-99)
      ['301', '+492285553', '+49228777000', 'next_free'],
    ]);
    expect(preview).toMatchObject({ applied: false, counts: { suffix: 3, nextFree: 1, unplanned: 0, changed: 4 } });
    expect(await numbers(tenant.id)).toEqual([['10', null], ['23', null], ['24', null], ['301', null]]);

    const applied = await applyNumberPlan(database(), 'acme', jane);
    expect(applied).toMatchObject({ applied: true, counts: preview.counts });
    expect(await numbers(tenant.id)).toEqual(preview.entries.map((e) => [e.extension, e.plannedNumber]));
    const audit = await listAudit(database().db, { tenantId: tenant.id, action: 'migration_employee.plan' });
    expect(audit.items).toHaveLength(4);
    expect(audit.items[1]).toMatchObject({ actorId: 'jane', before: { provisionalNumber: null }, after: { provisionalNumber: '+492219876523' } });

    const again = await applyNumberPlan(database(), 'acme', jane);
    expect(again.counts).toMatchObject({ kept: 4, changed: 0 });
    expect((await verifyAuditChain(database().db)).ok).toBe(true);
  });

  it('takes a manual override the plan keeps, and refuses numbers outside the blocks, in another area code, taken, too long or live', async () => {
    const tenant = await imported();
    await applyNumberPlan(database(), 'acme', jane);
    const set = await setProvisionalNumber(database(), 'acme', '23', { number: '0221 98765 77' }, jane);
    expect(set).toMatchObject({ extension: '23', provisionalNumber: '+492219876577', numberState: 'planned' });
    const replanned = await applyNumberPlan(database(), 'acme', jane);
    expect(replanned.entries.find((e) => e.extension === '23')).toMatchObject({ plannedNumber: '+492219876577', reason: 'kept' });

    const refused = (number: string | null, extension = '24') => setProvisionalNumber(database(), 'acme', extension, { number }, jane);
    await expect(refused('+49 221 555 1234')).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'number', message: expect.stringContaining('is not in any provisional block of the tenant') }] });
    await expect(refused('+49 228 7770 42')).rejects.toMatchObject({ code: 'validation_failed', fields: [{ message: '+49228777042 is not in the area code 0221 of site "Köln"' }] });
    await expect(refused('+49 221 98765 77')).rejects.toMatchObject({ code: 'conflict', message: '+492219876577 is the provisional number of 23 (Erika Muster)' });
    await expect(refused('+49 221 98765 123456')).rejects.toMatchObject({ code: 'validation_failed', fields: [{ message: expect.stringContaining('14 digits after +49; the German number plan allows at most 13') }] });
    await expect(refused('+49 221 98765 01', '99')).rejects.toMatchObject({ code: 'not_found' });

    const max = await findMigrationEmployeeByExtension(database().db, tenant.id, '24');
    await updateMigrationEmployee(database().db, max?.id ?? '', { number_state: 'provisional_active' });
    await expect(refused('+49 221 98765 60')).rejects.toMatchObject({ code: 'precondition_failed', message: expect.stringContaining('is live (number state provisional_active)') });
    expect(await setProvisionalNumber(database(), 'acme', '23', { number: null }, jane)).toMatchObject({ provisionalNumber: null });
  });

  it('refuses a plan while an import of the tenant runs', async () => {
    await imported();
    // on PostgreSQL the import holds its lease while it waits for the audit chain held here
    const chain = dialect === 'postgres' ? await holdAuditChain(database()) : undefined;
    const importing = applyInventory(database(), 'acme', { employees: employeesCsv }, jane);
    if (chain) await eventually(async () => (await database().db.selectFrom('migration_locks').select('token').executeTakeFirst()) !== undefined);
    const planning = await applyNumberPlan(database(), 'acme', jane).catch((e: unknown) => e);
    await chain?.release();
    await expect(importing).resolves.toMatchObject({ applied: true });
    expect(planning).toMatchObject({ code: 'conflict', message: expect.stringContaining('(inventory import, started') });
  });
});
