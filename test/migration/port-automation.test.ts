import { describe, expect, it, vi } from 'vitest';
import {
  activateForwardingOrder,
  completePortOrder,
  confirmPortOrder,
  createPortOrder,
  getPortOrder,
  listTenantForwardingOrders,
  onPortedNumberInbound,
  requestForwardingOrders,
  retireExpiredProvisionals,
  scheduleProvisionalRetirement,
  submitPortOrder,
  transitionEmployee,
  verifyForwardingOrder,
} from '../../src/migration/index.js';
import type { PortOrder } from '../../src/migration/index.js';
import { SimulatedClock } from '../../src/sip/index.js';
import { inTransaction, listAudit, listMigrationEmployees, listMigrationEvidenceRows, verifyAuditChain } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';
import { portFormData, root, seedPortingCompany } from './support/port-fixture.js';

const start = Date.parse('2026-03-02T09:00:00.000Z');
const day = 86_400_000;

/** Forwarding verified for the first `verified` employees (the others only active), and a confirmed order for line AS-1. */
async function confirmedPort(database: Database, clock: SimulatedClock, verified = 3): Promise<{ tenantId: string; order: PortOrder }> {
  const { tenant } = await seedPortingCompany(database);
  const { created } = await requestForwardingOrders(database, tenant.id, {}, root, { clock });
  for (const [index, forwarding] of created.entries()) {
    await activateForwardingOrder(database, tenant.id, forwarding.id, root, { clock });
    if (index < verified) await verifyForwardingOrder(database, tenant.id, forwarding.id, {}, root, { clock });
  }
  const order = await createPortOrder(database, tenant.id, { oldProvider: 'Telekom', lineId: 'AS-1', ...portFormData, provisionalGraceDays: 30 }, root, { clock });
  await submitPortOrder(database, tenant.id, order.id, root, { clock });
  await confirmPortOrder(database, tenant.id, order.id, { date: '2026-06-30', windowStart: '06:00', windowEnd: '10:00' }, root, { clock });
  return { tenantId: tenant.id, order };
}

const employeeStates = async (database: Database, tenantId: string) =>
  (await listMigrationEmployees(database.db, tenantId)).map((e) => [e.extension, e.number_state, e.ported_number]);

/** Test calls inbound and outbound passed: the employees' ported numbers are verified. */
async function verifyPortedNumbers(database: Database, tenantId: string): Promise<void> {
  for (const employee of await listMigrationEmployees(database.db, tenantId)) {
    await inTransaction(database, (trx) => transitionEmployee(trx, employee.id, 'number', 'ported_verified', root));
  }
}

describe.each(testDialects())('the port-date automation on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('switches every employee to the ported number when the port completes and asks for the forwarding to be removed', async () => {
    const clock = new SimulatedClock(start);
    const { tenantId, order } = await confirmedPort(database(), clock);
    clock.advance(120 * day);
    const completion = await completePortOrder(database(), 'muster', order.id, root, { clock });
    expect(completion.order).toMatchObject({ state: 'completed', completedAt: '2026-06-30T09:00:00.000Z', provisionalsRetireAt: '2026-07-30T09:00:00.000Z' });
    expect(completion.switched.map((m) => [m.label, m.from, m.to])).toEqual([
      ['21 Employee 21', 'porting', 'ported'],
      ['22 Employee 22', 'porting', 'ported'],
      ['23 Employee 23', 'porting', 'ported'],
    ]);
    expect(completion.behind).toEqual([]);
    expect(await employeeStates(database(), tenantId)).toEqual([
      ['21', 'ported', '+49221471101'],
      ['22', 'ported', '+49221471102'],
      ['23', 'ported', '+49221471103'],
    ]);
    expect((await listTenantForwardingOrders(database(), 'muster')).map((f) => f.state)).toEqual(['removal_requested', 'removal_requested', 'removal_requested']);
    expect(completion.forwardingRemovals).toHaveLength(3);

    const automatic = (await listAudit(database().db, { limit: 1000 })).items.filter((r) => r.at === '2026-06-30T09:00:00.000Z');
    expect(automatic.map((r) => `${r.action} ${r.actorKind}:${r.actorId}`)).toEqual([
      'port_order.complete api:erika',
      ...['21', '22', '23'].map(() => 'migration_employee.number system:port-automation'),
      ...['21', '22', '23'].map(() => 'migration_employee.identity system:port-automation'),
      ...['21', '22', '23'].map(() => 'forwarding_order.request_removal system:port-automation'),
    ]);
    expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true });
  });

  it('moves an employee whose forwarding was never verified to ported as well: the whole line moved', async () => {
    const clock = new SimulatedClock(start);
    const { tenantId, order } = await confirmedPort(database(), clock, 2);
    const completion = await completePortOrder(database(), 'muster', order.id, root, { clock });
    expect(completion.behind).toEqual([]);
    expect((await employeeStates(database(), tenantId))[2]).toEqual(['23', 'ported', '+49221471103']);
  });

  it('completes the order on the first inbound call of a ported number on the new trunk, and only once', async () => {
    const clock = new SimulatedClock(start);
    const { tenantId, order } = await confirmedPort(database(), clock);
    expect(await onPortedNumberInbound(database(), tenantId, '+4922855510', start)).toEqual({ kind: 'no_port_order' });
    const callAt = Date.parse('2026-06-30T06:42:00.000Z');
    const first = await onPortedNumberInbound(database(), tenantId, '+49221471105', callAt);
    expect(first).toMatchObject({ kind: 'completed', completion: { order: { state: 'completed', completedAt: '2026-06-30T06:42:00.000Z' } } });
    expect(await onPortedNumberInbound(database(), tenantId, '+49221471101', callAt + 60_000)).toEqual({ kind: 'already_completed', orderId: order.id });
    const completion = (await listAudit(database().db, { entityType: 'port_order', action: 'port_order.complete' })).items;
    expect(completion.map((r) => `${r.actorKind}:${r.actorId}`)).toEqual(['system:port-automation']);
    const evidence = await listMigrationEvidenceRows(database().db, tenantId, { kind: 'ported_inbound_test_call' }, { limit: 10 });
    expect(evidence.map((e) => [e.subject_id, e.source, e.result, e.checked_at])).toEqual([['+49221471105', 'automatic', 'pass', '2026-06-30T06:42:00.000Z']]);
  });

  it('leaves a number whose port is not confirmed alone', async () => {
    const clock = new SimulatedClock(start);
    const { tenant } = await seedPortingCompany(database());
    const order = await createPortOrder(database(), tenant.id, { oldProvider: 'Telekom', lineId: 'AS-2' }, root, { clock });
    expect(await onPortedNumberInbound(database(), tenant.id, '+49228555100', start)).toEqual({ kind: 'not_confirmed', orderId: order.id, state: 'draft' });
    expect((await getPortOrder(database(), tenant.id, order.id)).state).toBe('draft');
  });

  it('retires the provisional numbers after the grace period, once the ported numbers are verified', async () => {
    const clock = new SimulatedClock(start);
    const { tenantId, order } = await confirmedPort(database(), clock);
    await completePortOrder(database(), 'muster', order.id, root, { clock });
    const due = Date.parse('2026-04-01T09:00:00.000Z'); // 30 days after completion

    expect(await retireExpiredProvisionals(database(), due - 1)).toEqual({ retired: [], waiting: [] });
    const unverified = await retireExpiredProvisionals(database(), due);
    expect(unverified.retired).toEqual([]);
    expect(unverified.waiting.map((w) => [w.label, w.numberState])).toEqual([['21 Employee 21', 'ported'], ['22 Employee 22', 'ported'], ['23 Employee 23', 'ported']]);

    await verifyPortedNumbers(database(), tenantId);
    const run = await retireExpiredProvisionals(database(), due + day);
    expect(run.retired.map((r) => [r.label, r.provisionalNumber, r.portOrderId])).toEqual([
      ['21 Employee 21', '+49221987601', order.id],
      ['22 Employee 22', '+49221987602', order.id],
      ['23 Employee 23', '+49221987603', order.id],
    ]);
    expect(run.waiting).toEqual([]);
    expect((await employeeStates(database(), tenantId)).map(([, state]) => state)).toEqual(['provisional_retired', 'provisional_retired', 'provisional_retired']);
    expect(await retireExpiredProvisionals(database(), due + 2 * day)).toEqual({ retired: [], waiting: [] });

    const retirement = (await listAudit(database().db, { limit: 1000 })).items.filter((r) => r.at === '2026-04-02T09:00:00.000Z');
    expect(retirement.map((r) => `${r.action} ${r.actorKind}:${r.actorId}`)).toEqual([
      ...['21', '22', '23'].map(() => 'migration_employee.number system:port-automation'),
      'port_order.provisionals_retired system:port-automation',
    ]);
    expect(retirement[0]?.after).toMatchObject({ numberState: 'provisional_retired', note: expect.stringContaining('30-day grace period after the port of Telekom line AS-1') });
  });
});

describe.each(testDialects())('the retirement schedule on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('retires what is due at each interval on the clock it is given, until stopped', async () => {
    const clock = new SimulatedClock(start);
    const { tenantId, order } = await confirmedPort(database(), clock);
    await completePortOrder(database(), 'muster', order.id, root, { clock });
    await verifyPortedNumbers(database(), tenantId);
    const errors: unknown[] = [];
    const schedule = scheduleProvisionalRetirement({ database: database(), clock, intervalMs: day, onError: (e) => errors.push(e) });
    const retiredCount = async () => (await listMigrationEmployees(database().db, tenantId)).filter((e) => e.number_state === 'provisional_retired').length;

    clock.advance(29 * day); // one run, at day 1: nothing is due yet
    await vi.waitFor(() => expect(clock.activeTimers).toBe(1)); // the next run is scheduled once this one is done
    expect(await retiredCount()).toBe(0);
    clock.advance(day);
    await vi.waitFor(async () => expect(await retiredCount()).toBe(3));
    schedule.stop();
    expect(clock.activeTimers).toBe(0);
    expect(errors).toEqual([]);
  });
});
