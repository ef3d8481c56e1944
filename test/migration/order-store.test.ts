import { describe, expect, it } from 'vitest';
import { createTenant, createUsers } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import {
  countTenantData,
  describeTenantData,
  findForwardingOrder,
  findPortOrder,
  insertForwardingOrders,
  insertMigrationEmployees,
  insertPortOrder,
  insertSites,
  listForwardingOrders,
  listPortOrders,
  portOrdersDueForRetirement,
  portOrdersOfLine,
  portOrdersWithNumber,
  updateForwardingOrderRow,
  updatePortOrderRow,
} from '../../src/store/index.js';
import type { Database, ForwardingOrderRow, PortOrderRow } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';

const root: Actor = { kind: 'cli', id: 'root' };
const at = '2026-03-02T09:00:00.000Z';

function portOrderRow(tenantId: string, changes: Partial<PortOrderRow> = {}): PortOrderRow {
  return {
    id: crypto.randomUUID(), tenant_id: tenantId, old_provider: 'Telekom', line_id: 'AS-1', state: 'draft',
    holder_name: ' Muster  GmbH ', holder_street: null, holder_postal_code: null, holder_city: null, customer_number: null,
    signatory_name: null, signatory_role: null, requested_date: null, at_contract_end: 1, contract_end_date: null,
    confirmed_date: null, window_start: null, window_end: null, rejection_code: null, rejection_text: null, rejected_at: null,
    corrected_fields: '[]', submissions: 0, provisional_grace_days: 30, provisionals_retire_at: null, provisionals_retired_at: null,
    cancel_reason: null, submitted_at: null, confirmed_at: null, completed_at: null, cancelled_at: null, created_at: at, updated_at: at,
    ...changes,
  };
}

async function seed(database: Database) {
  const tenant = await createTenant(database, { slug: 'acme', name: 'ACME GmbH' }, root);
  const [user] = await createUsers(database, tenant.id, { users: [{ extension: '23', name: 'Erika Muster' }] }, root);
  const siteId = crypto.randomUUID();
  await insertSites(database.db, [{ id: siteId, tenant_id: tenant.id, name: 'Köln', address: 'Domkloster 4, 50667 Köln', area_code: '221', created_at: at, updated_at: at }]);
  const employeeId = crypto.randomUUID();
  await insertMigrationEmployees(database.db, [{
    id: employeeId, tenant_id: tenant.id, user_id: user?.id ?? '', site_id: siteId,
    legacy_number: '+49221471123', legacy_block_id: null, provisional_number: '+492219876523', provisional_block_id: null, ported_number: null,
    number_state: 'provisional_active', device_state: 'old_recorded', training_state: 'pending', training_note: null,
    old_device_vendor: null, old_device_model: null, old_device_mac: null, language: null, role: null, created_at: at, updated_at: at,
  }]);
  return { tenant, employeeId };
}

describe.each(testDialects())('port and forwarding orders in the store on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('keeps a port order’s data verbatim and its numbers in numeric order, found by line and by number', async () => {
    const { tenant } = await seed(database());
    const order = portOrderRow(tenant.id);
    await insertPortOrder(database().db, order, ['+49221471110', '+4922147119', '+49221471199', '+4922147110']);
    const found = await findPortOrder(database().db, tenant.id, order.id);
    expect(found).toEqual({ ...order, numbers: ['+4922147110', '+4922147119', '+49221471110', '+49221471199'] });
    expect(await findPortOrder(database().db, crypto.randomUUID(), order.id)).toBeUndefined();
    expect(await listPortOrders(database().db, tenant.id)).toEqual([found]);
    expect((await portOrdersOfLine(database().db, tenant.id, 'Telekom', 'AS-1')).map((o) => o.id)).toEqual([order.id]);
    expect(await portOrdersOfLine(database().db, tenant.id, 'Vodafone', 'AS-1')).toEqual([]);
    expect((await portOrdersWithNumber(database().db, tenant.id, '+49221471199')).map((o) => o.numbers.length)).toEqual([4]);
    expect(describeTenantData(await countTenantData(database().db, tenant.id))).toContain('1 port order');
  });

  it('refuses a state or rejection code the chart does not know', async () => {
    const { tenant } = await seed(database());
    await expect(insertPortOrder(database().db, portOrderRow(tenant.id, { state: 'lost' as PortOrderRow['state'] }), [])).rejects.toThrow();
    const order = portOrderRow(tenant.id);
    await insertPortOrder(database().db, order, []);
    await expect(updatePortOrderRow(database().db, order.id, { rejection_code: 'XYZ' as PortOrderRow['rejection_code'], rejected_at: at })).rejects.toThrow();
  });

  it('finds completed orders whose provisional numbers are due, across tenants, until they are marked retired', async () => {
    const { tenant } = await seed(database());
    const due = portOrderRow(tenant.id, { state: 'completed', provisionals_retire_at: '2026-04-01T00:00:00.000Z' });
    const later = portOrderRow(tenant.id, { state: 'completed', line_id: 'AS-2', provisionals_retire_at: '2026-05-01T00:00:00.000Z' });
    for (const order of [due, later, portOrderRow(tenant.id, { line_id: 'AS-3' })]) await insertPortOrder(database().db, order, []);
    expect((await portOrdersDueForRetirement(database().db, '2026-04-01T00:00:00.000Z')).map((o) => o.id)).toEqual([due.id]);
    await updatePortOrderRow(database().db, due.id, { provisionals_retired_at: '2026-04-01T00:00:00.000Z' });
    expect(await portOrdersDueForRetirement(database().db, '2026-04-15T00:00:00.000Z')).toEqual([]);
  });

  it('lists forwarding orders with their employee’s extension and name, and keeps them when the employee is gone', async () => {
    const { tenant, employeeId } = await seed(database());
    const order: ForwardingOrderRow = {
      id: crypto.randomUUID(), tenant_id: tenant.id, employee_id: employeeId, legacy_number: '+49221471123', provisional_number: '+492219876523',
      state: 'requested', evidence_id: null, requested_at: at, activated_at: null, verified_at: null, removal_requested_at: null, removed_at: null,
      created_at: at, updated_at: at,
    };
    const orphan: ForwardingOrderRow = { ...order, id: crypto.randomUUID(), employee_id: crypto.randomUUID(), legacy_number: '+4922147110', provisional_number: '+4922198765' };
    await insertForwardingOrders(database().db, [order, orphan]);
    const listed = await listForwardingOrders(database().db, tenant.id);
    expect(listed.map((o) => [o.legacy_number, o.extension, o.display_name])).toEqual([
      ['+4922147110', null, null],
      ['+49221471123', '23', 'Erika Muster'],
    ]);
    await expect(updateForwardingOrderRow(database().db, order.id, { verified_at: at })).rejects.toThrow(); // verified needs its evidence
    const verified = await updateForwardingOrderRow(database().db, order.id, { state: 'verified', verified_at: at, evidence_id: crypto.randomUUID() });
    expect((await findForwardingOrder(database().db, tenant.id, order.id))?.state).toBe(verified.state);
  });
});
