import { describe, expect, it } from 'vitest';
import {
  activateForwardingOrder,
  cancelPortOrder,
  completePortOrder,
  confirmPortOrder,
  createPortOrder,
  getPortOrder,
  listTenantForwardingOrders,
  rejectPortOrder,
  requestForwardingOrders,
  reschedulePortOrder,
  resubmitPortOrder,
  submitPortOrder,
  updatePortOrder,
  verifyForwardingOrder,
} from '../../src/migration/index.js';
import { SimulatedClock } from '../../src/sip/index.js';
import { listAudit, listMigrationEmployees, listMigrationEvidenceRows, verifyAuditChain } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';
import { lineAs1, portFormData, root, seedPortingCompany } from './support/port-fixture.js';

const start = Date.parse('2026-03-02T09:00:00.000Z');

async function numberStates(database: Database, tenantId: string): Promise<string[]> {
  return (await listMigrationEmployees(database.db, tenantId)).map((e) => e.number_state);
}

/** Forwarding ordered, set up and verified by a test call for every employee. */
async function verifiedForwarding(database: Database, tenantId: string, options: { clock: SimulatedClock }): Promise<void> {
  const { created } = await requestForwardingOrders(database, tenantId, {}, root, options);
  for (const order of created) {
    await activateForwardingOrder(database, tenantId, order.id, root, options);
    await verifyForwardingOrder(database, tenantId, order.id, { note: 'caller ID shown: legacy number' }, root, options);
  }
}

describe.each(testDialects())('port orders on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('refuses to split a line, naming the numbers left out and those of another line', async () => {
    const { tenant } = await seedPortingCompany(database());
    const some = lineAs1.slice(2);
    await expect(createPortOrder(database(), 'muster', { oldProvider: 'Telekom', lineId: 'AS-1', numbers: [...some, '0228 555100'] }, root)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [
        { field: 'numbers.8', message: '+49228555100 belongs to line AS-2 at Telekom; a port order covers one line, so port it with that line’s order' },
        { field: 'numbers', message: expect.stringMatching(/which moves as a whole \(an Anlagenanschluss cannot be split\); missing: \+49221471100–\+49221471101$/) },
      ],
    });
    await expect(createPortOrder(database(), 'muster', { oldProvider: 'Telekom', lineId: 'AS-9' }, root)).rejects.toMatchObject({
      fields: [{ field: 'lineId', message: 'no legacy number block of Telekom has the line id AS-9; the tenant’s lines: line AS-1 at Telekom, line AS-2 at Telekom' }],
    });
    const whole = await createPortOrder(database(), tenant.id, { oldProvider: 'telekom', lineId: 'AS-1', numbers: [...lineAs1].reverse() }, root);
    expect(whole).toMatchObject({ state: 'draft', oldProvider: 'Telekom', numbers: lineAs1 });
    await expect(createPortOrder(database(), 'muster', { oldProvider: 'Telekom', lineId: 'AS-1' }, root)).rejects.toMatchObject({
      code: 'conflict',
      message: `line AS-1 at Telekom already has port order ${whole.id} (draft)`,
    });
  });

  it('names every missing piece of data before submitting, and keeps the holder’s data exactly as typed', async () => {
    const clock = new SimulatedClock(start);
    await seedPortingCompany(database());
    const order = await createPortOrder(database(), 'muster', { oldProvider: 'Telekom', lineId: 'AS-1', holderName: 'Muster  GmbH ' }, root, { clock });
    await expect(submitPortOrder(database(), 'muster', order.id, root, { clock })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: ['holderStreet', 'holderPostalCode', 'holderCity', 'customerNumber', 'signatoryName', 'requestedDate'].map((field) => ({ field, message: expect.stringMatching(/^is required before submitting/) })),
    });
    expect((await getPortOrder(database(), 'muster', order.id, { clock })).holderName).toBe('Muster  GmbH ');
    expect(order.warnings.map((w) => w.code)).toEqual(['contract_end_unknown', 'verbatim_spacing']);
    const soon = await updatePortOrder(database(), 'muster', order.id, { ...portFormData, atContractEnd: false, requestedDate: '2026-03-10' }, root, { clock });
    expect(soon.warnings.map((w) => w.code)).toEqual(['lead_time', 'not_contract_end', 'verbatim_spacing']);
    await expect(updatePortOrder(database(), 'muster', order.id, { atContractEnd: true }, root, { clock })).rejects.toMatchObject({
      fields: [{ field: 'atContractEnd', message: 'give a requested date or atContractEnd, not both' }],
    });
    expect((await submitPortOrder(database(), 'muster', order.id, root, { clock })).state).toBe('submitted');
    await expect(updatePortOrder(database(), 'muster', order.id, { customerNumber: 'x' }, root, { clock })).rejects.toMatchObject({ code: 'precondition_failed' });
  });

  it('resubmits a rejected order once the rejected data is corrected, moving the employees along the order', async () => {
    const clock = new SimulatedClock(start);
    const { tenant } = await seedPortingCompany(database());
    await verifiedForwarding(database(), tenant.id, { clock });
    expect(await numberStates(database(), tenant.id)).toEqual(['forwarding_verified', 'forwarding_verified', 'forwarding_verified']);
    const order = await createPortOrder(database(), 'muster', { oldProvider: 'Telekom', lineId: 'AS-1', ...portFormData }, root, { clock });
    expect(order.warnings.map((w) => w.code)).toEqual(['verbatim_spacing', 'forwarding']);
    await submitPortOrder(database(), 'muster', order.id, root, { clock });
    expect(await numberStates(database(), tenant.id)).toEqual(['porting', 'porting', 'porting']);

    clock.advance(3 * 86_400_000);
    await expect(rejectPortOrder(database(), 'muster', order.id, { code: 'SON' }, root, { clock })).rejects.toMatchObject({ fields: [{ field: 'text', message: 'is required with SON' }] });
    const rejected = await rejectPortOrder(database(), 'muster', order.id, { code: 'ADF' }, root, { clock });
    expect(rejected.rejection).toMatchObject({ code: 'ADF', meaning: 'address wrong', at: '2026-03-05T09:00:00.000Z' });
    expect(await numberStates(database(), tenant.id)).toEqual(['forwarding_verified', 'forwarding_verified', 'forwarding_verified']);
    await expect(resubmitPortOrder(database(), 'muster', order.id, root, { clock })).rejects.toMatchObject({
      code: 'precondition_failed',
      message: expect.stringContaining('rejected with ADF (address wrong) and none of holderStreet, holderPostalCode, holderCity has been corrected since'),
    });
    const corrected = await updatePortOrder(database(), 'muster', order.id, { holderStreet: 'Domstraße 1', customerNumber: 'KD-0815' }, root, { clock });
    expect(corrected.correctedFields).toEqual(['holderStreet']);
    const resubmitted = await resubmitPortOrder(database(), 'muster', order.id, root, { clock });
    expect(resubmitted).toMatchObject({ state: 'submitted', submissions: 2, holderStreet: 'Domstraße 1', rejection: { code: 'ADF' } });
    expect(await numberStates(database(), tenant.id)).toEqual(['porting', 'porting', 'porting']);

    await expect(confirmPortOrder(database(), 'muster', order.id, { date: '2026-06-30', windowStart: '10:00', windowEnd: '06:00' }, root, { clock })).rejects.toMatchObject({
      fields: [{ field: 'windowEnd', message: 'must be after windowStart' }],
    });
    const confirmed = await confirmPortOrder(database(), 'muster', order.id, { date: '2026-06-30', windowStart: '06:00', windowEnd: '10:00' }, root, { clock });
    expect(confirmed).toMatchObject({ state: 'confirmed', confirmedDate: '2026-06-30', portingWindow: { start: '06:00', end: '10:00' } });
    const rescheduled = await reschedulePortOrder(database(), 'muster', order.id, { requestedDate: '2026-07-31' }, root, { clock });
    expect(rescheduled).toMatchObject({ state: 'rescheduled', requestedDate: '2026-07-31', atContractEnd: false });
    await confirmPortOrder(database(), 'muster', order.id, { date: '2026-07-31' }, root, { clock });

    const actions = (await listAudit(database().db, { entityType: 'port_order' })).items.map((r) => `${r.action} ${r.actorKind}:${r.actorId}`);
    expect(actions).toEqual(
      ['create', 'submit', 'reject', 'update', 'resubmit', 'confirm', 'reschedule', 'confirm'].map((verb) => `port_order.${verb} api:erika`),
    );
    const moves = (await listAudit(database().db, { action: 'migration_employee.number', limit: 1000 })).items.filter((r) => r.actorKind === 'system');
    expect(new Set(moves.map((r) => r.actorId))).toEqual(new Set(['port-automation']));
    expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true });
  });

  it('cancels an order with its reason and brings the employees back to their verified forwarding', async () => {
    const clock = new SimulatedClock(start);
    const { tenant } = await seedPortingCompany(database());
    await verifiedForwarding(database(), tenant.id, { clock });
    const order = await createPortOrder(database(), 'muster', { oldProvider: 'Telekom', lineId: 'AS-1', ...portFormData }, root, { clock });
    await submitPortOrder(database(), 'muster', order.id, root, { clock });
    const cancelled = await cancelPortOrder(database(), 'muster', order.id, { reason: 'contract extended' }, root, { clock });
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: 'contract extended' });
    expect(await numberStates(database(), tenant.id)).toEqual(['forwarding_verified', 'forwarding_verified', 'forwarding_verified']);
    await expect(completePortOrder(database(), 'muster', order.id, root, { clock })).rejects.toMatchObject({
      message: `port order ${order.id} is cancelled: complete is possible only when confirmed or rescheduled`,
    });
    expect((await createPortOrder(database(), 'muster', { oldProvider: 'Telekom', lineId: 'AS-1' }, root, { clock })).state).toBe('draft');
  });

  it('records each forwarding test call as manual evidence about the legacy number', async () => {
    const clock = new SimulatedClock(start);
    const { tenant } = await seedPortingCompany(database());
    await verifiedForwarding(database(), tenant.id, { clock });
    const evidence = await listMigrationEvidenceRows(database().db, tenant.id, { kind: 'forwarding_test_call' }, { limit: 10 });
    expect(evidence.map((e) => [e.subject_type, e.subject_id, e.result, e.source, e.checked_by]).sort()).toEqual(
      ['+49221471101', '+49221471102', '+49221471103'].map((n) => ['number', n, 'pass', 'manual', 'erika']),
    );
    const orders = await listTenantForwardingOrders(database(), 'muster');
    expect(orders.map((o) => [o.extension, o.state, o.evidenceId !== null])).toEqual([['21', 'verified', true], ['22', 'verified', true], ['23', 'verified', true]]);
  });
});
