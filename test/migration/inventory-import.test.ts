import { describe, expect, it } from 'vitest';
import { createTenant, createUser, InMemoryDirectory } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import type { DomainError } from '../../src/kernel/index.js';
import { applyInventory, previewInventory } from '../../src/migration/index.js';
import { listAudit, listMigrationEmployees, takeMigrationLock, verifyAuditChain } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';
import { eventually, holdAuditChain } from './support/hold-audit-chain.js';
import { companyCsv, employeesCsv, numberBlocksCsv, sitesCsv } from './support/inventory-files.js';

const jane: Actor = { kind: 'api', id: 'jane' };
const files = { sites: sitesCsv, numberBlocks: numberBlocksCsv, employees: employeesCsv };

async function tableCounts(database: Database) {
  const count = async (table: 'users' | 'devices' | 'sites' | 'number_blocks' | 'migration_employees' | 'audit_log') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    users: await count('users'),
    devices: await count('devices'),
    sites: await count('sites'),
    blocks: await count('number_blocks'),
    employees: await count('migration_employees'),
    audit: await count('audit_log'),
  };
}

describe.each(testDialects())('inventory import on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);
  const acme = () => createTenant(database(), { slug: 'acme', name: 'ACME GmbH' }, jane);

  it('previews without writing, then applies everything in one go, audited, with new users in the live directory', async () => {
    const tenant = await acme();
    const before = await tableCounts(database());
    const preview = await previewInventory(database(), 'acme', files);
    expect(preview).toMatchObject({ applied: false, errors: [], warnings: [] });
    expect(preview.counts.employees).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(await tableCounts(database())).toEqual(before);

    const directory = new InMemoryDirectory();
    const report = await applyInventory(database(), 'acme', files, jane, { directory });
    expect(report).toMatchObject({ applied: true, counts: preview.counts });
    expect(await tableCounts(database())).toEqual({ users: 4, devices: 2, sites: 2, blocks: 4, employees: 4, audit: before.audit + 2 + 4 + 4 + 2 + 4 + 1 });
    const employees = await listMigrationEmployees(database().db, tenant.id);
    expect(employees.map((e) => [e.extension, e.display_name, e.legacy_number, e.number_state, e.old_device_mac])).toEqual([
      ['10', 'Zentrale', '+49221471100', 'planned', null],
      ['23', 'Erika Muster', '+49221471123', 'planned', '001565bd56d4'],
      ['24', 'Mustermann; Max', '+49221471124', 'planned', '000413aabbcc'],
      ['301', 'Anna Bonn', '+492285553', 'planned', null],
    ]);
    expect(directory.userByExtension(tenant.id, '23')).toMatchObject({ displayName: 'Erika Muster', sipUsername: '23', credentials: null });
    const audit = await listAudit(database().db, { tenantId: tenant.id, action: 'migration.inventory-import' });
    expect(audit.items[0]).toMatchObject({ actorKind: 'api', actorId: 'jane', after: { counts: report.counts } });
    expect((await verifyAuditChain(database().db)).ok).toBe(true);
  });

  it('changes nothing when the same files are applied again', async () => {
    await acme();
    await applyInventory(database(), 'acme', files, jane);
    const after = await tableCounts(database());
    const again = await applyInventory(database(), 'acme', files, jane);
    for (const counts of Object.values(again.counts)) expect(counts).toMatchObject({ created: 0, updated: 0 });
    expect(again.counts.employees.unchanged).toBe(4);
    // only the import's own record is added
    expect(await tableCounts(database())).toEqual({ ...after, audit: after.audit + 1 });
  });

  it('imports nothing from files with errors, and names every bad row and column', async () => {
    await acme();
    await createUser(database(), 'acme', { extension: '50', name: 'Existing', email: 'taken@acme.example' }, jane);
    const before = await tableCounts(database());
    const bad = `${employeesCsv}\r\nDup;;23;;Köln;;;;;\r\nMail;TAKEN@acme.example;51;;Köln;;;;;\r\nMac;;52;;Köln;;;zz:15:65:bd:56:d4;;\r\nSite;;53;;Berlin;;;;;\r\nFar;;54;+49 221 999999;Köln;;;;;`;
    const error = await applyInventory(database(), 'acme', { ...files, employees: bad }, jane).catch((e: unknown) => e as DomainError);
    expect(error).toMatchObject({ code: 'validation_failed', message: 'the inventory has 5 errors in 5 rows; nothing was imported' });
    expect((error as DomainError).fields.map((f) => f.field)).toEqual([
      'employees.6.Extension',
      'employees.7.E-Mail',
      'employees.8.Device MAC',
      'employees.9.Site',
      'employees.10.Number',
    ]);
    expect(await tableCounts(database())).toEqual(before);
  });

  it('refuses a second import of the same tenant while one runs, and lets exactly one of two concurrent imports through', async () => {
    const tenant = await acme();
    const company = companyCsv(300);
    // on PostgreSQL the first import waits for the audit chain held here once it has the lease, so the two overlap for sure;
    // on SQLite one process's transactions run one after the other, and the second call finds the first one's lease
    const chain = dialect === 'postgres' ? await holdAuditChain(database()) : undefined;
    const first = applyInventory(database(), 'acme', company, jane);
    if (chain) await eventually(async () => (await database().db.selectFrom('migration_locks').select('token').executeTakeFirst()) !== undefined);
    const second = applyInventory(database(), 'acme', company, jane);
    const refused = await second.catch((e: unknown) => e);
    await chain?.release();
    expect(await first).toMatchObject({ applied: true });
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringContaining('tenant "acme" has a migration operation running (inventory import, started') });
    expect((await tableCounts(database())).employees).toBe(300);

    await takeMigrationLock(database().db, {
      tenant_id: tenant.id, operation: 'number plan', holder: 'cli:root', token: 'elsewhere', acquired_at: new Date().toISOString(), expires_at: new Date(Date.now() + 60_000).toISOString(),
    });
    await expect(applyInventory(database(), 'acme', files, jane)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('(number plan, started') });
    await expect(previewInventory(database(), 'acme', files)).resolves.toMatchObject({ applied: false });
  });
});
