import { describe, expect, it } from 'vitest';
import { createTenant, createUsers } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import { insertMigrationEmployees, insertNumberBlocks, insertSites, telephonyTenantRows, telephonyTrunkRows } from '../../src/store/index.js';
import type { Database, MigrationEmployeeRow, NumberBlockRow, SiteRow, TelephonyTrunkRow } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from './support/test-database.js';

const root: Actor = { kind: 'cli', id: 'root' };
const at = '2026-03-02T09:00:00.000Z';

function trunkRow(tenantId: string | null, name: string, priority: number): TelephonyTrunkRow {
  return {
    id: crypto.randomUUID(), tenant_id: tenantId, name, mode: 'ip', host: '192.0.2.1', port: 5060, transport: 'udp', domain: 'carrier.example',
    outbound_proxy: null, username: null, auth_username: null, password: 'secret', register_expires: 600, profile: 'generic',
    inbound_addresses: '["192.0.2.2"]', default_number: null, priority, max_calls: null, max_cps: null, site_id: null, enabled: 1, created_at: at, updated_at: at,
  };
}

async function seedTenant(database: Database, slug: string) {
  const tenant = await createTenant(database, { slug, name: slug }, root);
  const [user] = await createUsers(database, tenant.id, { users: [{ extension: '23', name: 'Erika' }] }, root);
  if (!user) throw new Error('created');
  const site: SiteRow = { id: crypto.randomUUID(), tenant_id: tenant.id, name: 'Köln', address: 'Domkloster 4', area_code: '221', emergency_number: '+492219876500', created_at: at, updated_at: at };
  const block = (kind: 'legacy' | 'provisional', base: string, digits: number | null): NumberBlockRow => ({
    id: crypto.randomUUID(), tenant_id: tenant.id, kind, base_number: base, ddi_from: 0, ddi_to: 99, ddi_digits: digits,
    old_provider: null, line_id: null, site_id: site.id, created_at: at, updated_at: at,
  });
  const blocks = [block('provisional', '+4922198765', 2), block('legacy', '+492214711', null)];
  await insertSites(database.db, [site]);
  await insertNumberBlocks(database.db, blocks);
  const employee: MigrationEmployeeRow = {
    id: crypto.randomUUID(), tenant_id: tenant.id, user_id: user.id, site_id: site.id, legacy_number: '+49221471123', legacy_block_id: blocks[1]?.id ?? null,
    provisional_number: '+492219876523', provisional_block_id: blocks[0]?.id ?? null, ported_number: null, number_state: 'forwarding_active',
    device_state: 'old_recorded', training_state: 'pending', training_note: null, old_device_vendor: null, old_device_model: null, old_device_mac: null,
    language: null, role: null, created_at: at, updated_at: at,
  };
  await insertMigrationEmployees(database.db, [employee]);
  return { tenant, user, site, blocks };
}

describe.each(testDialects())('telephony queries on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('reads every trunk, shared ones first, then by tenant, priority and name, with the custom profiles', async () => {
    const { tenant } = await seedTenant(database(), 'acme');
    const rows = [trunkRow(tenant.id, 'backup', 2), trunkRow(null, 'shared', 5), trunkRow(tenant.id, 'main', 1), trunkRow(tenant.id, 'also-main', 1)];
    await database().db.insertInto('trunks').values(rows).execute();
    await database().db.insertInto('trunk_profiles').values({ id: crypto.randomUUID(), tenant_id: tenant.id, name: 'acme-carrier', definition: '{}', created_at: at, updated_at: at }).execute();
    const read = await telephonyTrunkRows(database().db);
    expect(read.trunks.map((t) => t.name)).toEqual(['shared', 'also-main', 'main', 'backup']);
    expect(read.trunks[0]).toEqual(rows[1]);
    expect(read.profiles).toEqual([{ id: expect.any(String), tenant_id: tenant.id, name: 'acme-carrier', definition: '{}' }]);
  });

  it('reads the numbers, sites and reception of the tenants asked for, or of all', async () => {
    const acme = await seedTenant(database(), 'acme');
    const globex = await seedTenant(database(), 'globex');
    await database().db.updateTable('tenants').set({ reception_extension: '10' }).where('id', '=', acme.tenant.id).execute();

    const read = await telephonyTenantRows(database().db, [acme.tenant.id]);
    expect(read.tenants).toEqual([{ id: acme.tenant.id, reception_extension: '10' }]);
    expect(read.sites).toEqual([{ id: acme.site.id, tenant_id: acme.tenant.id, name: 'Köln', area_code: '221', emergency_number: '+492219876500' }]);
    // legacy before provisional
    expect(read.blocks.map((b) => [b.kind, b.base_number, b.ddi_from, b.ddi_to, b.ddi_digits, b.site_id])).toEqual([
      ['legacy', '+492214711', 0, 99, null, acme.site.id],
      ['provisional', '+4922198765', 0, 99, 2, acme.site.id],
    ]);
    expect(read.employees).toEqual([
      {
        user_id: acme.user.id, tenant_id: acme.tenant.id, site_id: acme.site.id,
        legacy_number: '+49221471123', provisional_number: '+492219876523', ported_number: null, number_state: 'forwarding_active',
      },
    ]);

    const all = await telephonyTenantRows(database().db);
    expect(all.tenants.map((t) => t.id).sort()).toEqual([acme.tenant.id, globex.tenant.id].sort());
    expect(all.employees).toHaveLength(2);
    expect(all.blocks).toHaveLength(4);
    expect(await telephonyTenantRows(database().db, [])).toEqual({ tenants: [], sites: [], blocks: [], employees: [] });
  });
});
