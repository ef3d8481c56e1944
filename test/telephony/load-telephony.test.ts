import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES, createTenant, deleteUser, getUser, loadTelephony, refreshTelephony } from '../../src/centrex/index.js';
import type { InMemoryTelephony } from '../../src/centrex/index.js';
import {
  applyInventory,
  applyNumberPlan,
  changeEmployeeState,
  completePortOrder,
  confirmPortOrder,
  createPortOrder,
  submitPortOrder,
} from '../../src/migration/index.js';
import { employeesCsv, numberBlocksCsv, sitesCsv } from '../migration/support/inventory-files.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';
import { at, audited, jane, storeTrunk, trunkRow } from './support/telephony-fixture.js';

/** The telephony read model loaded from, and refreshed through the audit log of, a real database of each kind. */

const inventory = { sites: sitesCsv, numberBlocks: numberBlocksCsv, employees: employeesCsv };

describe.each(testDialects())('the telephony read model on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  async function userId(extension: string): Promise<string> {
    return (await getUser(database(), 'acme', extension)).id;
  }

  /** What the model says of the inventory's numbers, in a form to compare. */
  async function view(model: InMemoryTelephony) {
    const erika = await userId('23');
    return {
      erika: model.ownerOf('+49221471123'),
      erikaNumbers: model.numbersOf(erika),
      koelnDdi: model.ownerOf('+49221471177'),
      bonnDdi: model.ownerOf('+492285557'),
      // Bonn's legacy block is 0-9: one-digit DDIs only
      bonnTwoDigits: model.ownerOf('+4922855507'),
      siteOfKoelnDdi: model.siteOfNumber('+49221471177'),
    };
  }

  it('loads an imported inventory: employees’ legacy numbers, block DDIs as the ranges are written, sites', async () => {
    const tenant = await createTenant(database(), { slug: 'acme', name: 'ACME GmbH' }, jane);
    await applyInventory(database(), 'acme', inventory, jane);
    const model = await loadTelephony(database());
    const erika = await userId('23');
    const koeln = model.numbersOf(erika)?.siteId ?? '';
    expect(await view(model)).toEqual({
      erika: { tenantId: tenant.id, userId: erika, role: 'legacy' },
      erikaNumbers: { userId: erika, tenantId: tenant.id, siteId: koeln, legacy: '+49221471123', provisional: null, ported: null, state: 'planned' },
      koelnDdi: { tenantId: tenant.id, userId: null, role: 'block' },
      bonnDdi: { tenantId: tenant.id, userId: null, role: 'block' },
      bonnTwoDigits: undefined,
      siteOfKoelnDdi: koeln,
    });
    expect(model.ownerOf('+492285553')).toEqual({ tenantId: tenant.id, userId: await userId('301'), role: 'legacy' });
    expect(model.site(koeln)).toEqual({ id: koeln, tenantId: tenant.id, name: 'Köln', areaCode: '221', emergencyNumber: null });
    expect(model.holds(tenant.id, '+492219876599')).toBe(true);
    expect(model.receptionOf(tenant.id)).toBeNull();
    expect(model.allTrunks()).toEqual([]);
  });

  it('follows the import, the number plan, state transitions, the port and a deleted user through the audit log', async () => {
    const model = await loadTelephony(database());
    const tenant = await createTenant(database(), { slug: 'acme', name: 'ACME GmbH' }, jane);
    await applyInventory(database(), 'acme', inventory, jane);
    expect(await refreshTelephony(model, database())).toBeGreaterThan(0);
    expect(await view(model)).toEqual(await view(await loadTelephony(database())));
    expect(model.ownerOf('+49221471123')).toMatchObject({ userId: await userId('23'), role: 'legacy' });

    await applyNumberPlan(database(), 'acme', jane);
    await refreshTelephony(model, database());
    expect(model.ownerOf('+492219876523')).toEqual({ tenantId: tenant.id, userId: await userId('23'), role: 'provisional' });
    expect(model.siteOfNumber('+492219876523')).toBe(model.numbersOf(await userId('23'))?.siteId);

    await changeEmployeeState(database(), 'acme', '23', { machine: 'number', to: 'provisional_active' }, jane);
    expect(model.numbersOf(await userId('23'))?.state).toBe('planned');
    await refreshTelephony(model, database());
    expect(model.numbersOf(await userId('23'))).toMatchObject({ state: 'provisional_active', provisional: '+492219876523', ported: null });

    const order = await createPortOrder(
      database(), 'acme',
      { oldProvider: 'Telekom', lineId: 'AS-0221-4711', holderName: 'ACME GmbH', holderStreet: 'Domkloster 4', holderPostalCode: '50667', holderCity: 'Köln', customerNumber: 'KD-1', signatoryName: 'Jane Doe', signatoryRole: 'CEO', atContractEnd: true, contractEndDate: '2026-06-30' },
      jane,
    );
    await submitPortOrder(database(), 'acme', order.id, jane);
    await confirmPortOrder(database(), 'acme', order.id, { date: '2026-06-30', windowStart: '06:00', windowEnd: '10:00' }, jane);
    await completePortOrder(database(), 'acme', order.id, jane);
    await refreshTelephony(model, database());
    expect(model.numbersOf(await userId('23'))).toMatchObject({ state: 'ported', ported: '+49221471123' });
    expect(model.ownerOf('+49221471123')).toEqual({ tenantId: tenant.id, userId: await userId('23'), role: 'ported' });

    await deleteUser(database(), 'acme', '24', jane);
    await refreshTelephony(model, database());
    expect(model.ownerOf('+49221471124')).toEqual({ tenantId: tenant.id, userId: null, role: 'block' });
    expect(await view(model)).toEqual(await view(await loadTelephony(database())));
    expect(await refreshTelephony(model, database())).toBe(0);
  });

  it('follows trunks, custom profiles and the reception extension, and leaves out a trunk it cannot use', async () => {
    const tenant = await createTenant(database(), { slug: 'acme', name: 'ACME GmbH' }, jane);
    const model = await loadTelephony(database());
    const main = trunkRow(tenant.id, 'main', { mode: 'register', username: 'acme', password: 'secret', profile: 'telekom', inbound_addresses: '["192.0.2.10"]', default_number: '+492219876500', outbound_proxy: '[2001:db8::1]:5070' });
    const shared = trunkRow(null, 'shared', { host: '192.0.2.20', profile: 'acme-carrier' });
    const broken = trunkRow(tenant.id, 'broken', { profile: 'no-such-profile' });
    const profile = { id: crypto.randomUUID(), tenant_id: null, name: 'acme-carrier', definition: JSON.stringify({ ...BUILTIN_PROFILES.sipgate, name: undefined }), created_at: at, updated_at: at };
    await audited(database(), null, 'trunk_profile', profile.id, (db) => db.insertInto('trunk_profiles').values(profile).execute());
    for (const row of [main, shared, broken]) await storeTrunk(database(), row);
    await audited(database(), tenant.id, 'tenant', tenant.id, (db) => db.updateTable('tenants').set({ reception_extension: '10' }).where('id', '=', tenant.id).execute());

    await refreshTelephony(model, database());
    expect(model.trunksFor(tenant.id).map((t) => t.name)).toEqual(['main', 'shared']);
    expect(model.trunkById(main.id)).toMatchObject({
      mode: 'register', profile: BUILTIN_PROFILES.telekom, outboundProxy: { host: '2001:db8::1', port: 5070 }, inboundAddresses: ['192.0.2.10'], password: 'secret', enabled: true,
    });
    expect(model.trunkById(shared.id)?.profile).toEqual({ ...BUILTIN_PROFILES.sipgate, name: 'acme-carrier' });
    expect(model.trunkBySource('192.0.2.10')?.id).toBe(main.id);
    expect(model.trunkBySource('192.0.2.20')?.id).toBe(shared.id);
    expect(model.ownerOf('+492219876500')).toEqual({ tenantId: tenant.id, userId: null, role: 'trunk' });
    expect(model.trunkById(broken.id)).toBeUndefined();
    expect(model.unusableTrunks(tenant.id)).toEqual([
      { id: broken.id, tenantId: tenant.id, name: 'broken', problem: 'trunk "broken" cannot be used: its profile "no-such-profile" is neither built in nor a custom profile' },
    ]);
    expect(model.receptionOf(tenant.id)).toBe('10');

    await audited(database(), tenant.id, 'trunk', main.id, (db) => db.updateTable('trunks').set({ enabled: 0 }).where('id', '=', main.id).execute());
    await refreshTelephony(model, database());
    expect(model.trunksFor(tenant.id).map((t) => t.name)).toEqual(['shared']);
    expect(model.trunkBySource('192.0.2.10')).toBeUndefined();
    expect((await loadTelephony(database())).allTrunks()).toEqual(model.allTrunks());
  });
});
