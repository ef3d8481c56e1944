import { describe, expect, it } from 'vitest';
import {
  advanceMigration,
  decommissionMigration,
  getMigrationStatus,
  listEvidence,
  recordEvidence,
  recordManualEvidence,
  rollbackMigration,
  startMigration,
  transitionEmployee,
  updateMigration,
} from '../../src/migration/index.js';
import type { EmployeeMachine } from '../../src/migration/index.js';
import { SimulatedClock } from '../../src/sip/index.js';
import { findForwardingOrder, gateEvidenceRows, getMigrationEmployee, inTransaction, insertForwardingOrders, listAudit, updateMigrationEmployee, verifyAuditChain } from '../../src/store/index.js';
import type { Database, ForwardingOrderRow, MigrationEmployeeRow } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';
import { root, seedPortOrder, seedProjectTenant } from './support/project-fixture.js';

const hour = 3_600_000;
const start = Date.parse('2026-03-02T09:00:00.000Z');
const jane = { kind: 'api', id: 'jane' } as const;

function transition(database: Database, employee: MigrationEmployeeRow, machine: EmployeeMachine, to: string, note?: string, clock?: SimulatedClock) {
  return inTransaction(database, (trx) => transitionEmployee(trx, employee.id, machine, to, jane, note, clock ? { clock } : {}));
}

async function walk(database: Database, employee: MigrationEmployeeRow, machine: EmployeeMachine, states: readonly string[]) {
  for (const to of states) await transition(database, employee, machine, to);
}

describe.each(testDialects())('the migration project on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  describe('transitionEmployee', () => {
    it('moves a machine along its table, writing the state and an audit row in the same transaction', async () => {
      const { employees } = await seedProjectTenant(database());
      const erika = employees['201'] as MigrationEmployeeRow;
      const clock = new SimulatedClock(start);
      const after = await transition(database(), erika, 'number', 'provisional_active', 'trunk block live', clock);
      expect(after).toMatchObject({ number_state: 'provisional_active', extension: '201', updated_at: '2026-03-02T09:00:00.000Z' });
      const audit = await listAudit(database().db, { entityType: 'migration_employee' });
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({
        action: 'migration_employee.number',
        actorKind: 'api',
        actorId: 'jane',
        entityId: erika.id,
        before: { numberState: 'planned', extension: '201' },
        after: { numberState: 'provisional_active', note: 'trunk block live' },
      });
    });

    it('refuses a move its table does not list, naming from and to, and writes nothing', async () => {
      const { employees } = await seedProjectTenant(database());
      const erika = employees['201'] as MigrationEmployeeRow;
      await expect(transition(database(), erika, 'number', 'ported')).rejects.toMatchObject({
        code: 'precondition_failed',
        message: 'employee 201 Erika Muster: the number state cannot go from planned to ported; from planned it can go to provisional_active',
      });
      await expect(transition(database(), erika, 'device', 'flying')).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'to', message: 'must be a device exchange state: old_recorded, new_assigned, provisioned, registered, tested' }],
      });
      await expect(transition(database(), erika, 'training', 'waived')).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'note', message: 'must give the reason training is waived' }],
      });
      await expect(inTransaction(database(), (trx) => transitionEmployee(trx, crypto.randomUUID(), 'number', 'ported', jane))).rejects.toMatchObject({ code: 'not_found' });
      expect((await getMigrationEmployee(database().db, erika.id))?.number_state).toBe('planned');
      expect((await listAudit(database().db, { entityType: 'migration_employee' })).items).toEqual([]);
    });

    it('keeps the reason training was waived', async () => {
      const { employees } = await seedProjectTenant(database());
      const max = employees['202'] as MigrationEmployeeRow;
      const after = await transition(database(), max, 'training', 'waived', '  used the same phones before  ');
      expect(after).toMatchObject({ training_state: 'waived', training_note: 'used the same phones before' });
      await expect(transition(database(), max, 'training', 'attended')).rejects.toMatchObject({
        message: 'employee 202 Max Mann: the training cannot go from waived to attended; waived is final',
      });
    });
  });

  describe('evidence', () => {
    it('records checks by a person, naming employees by extension, and lists them latest first, a page at a time', async () => {
      const { tenant, employees } = await seedProjectTenant(database());
      const clock = new SimulatedClock(start);
      const first = await recordManualEvidence(database(), 'acme', { subject: { type: 'employee', id: '201' }, kind: 'forwarding_test_call', result: 'pass', details: { callId: 'abc' } }, jane, { clock });
      expect(first).toMatchObject({
        tenantId: tenant.id,
        subject: { type: 'employee', id: employees['201']?.id },
        source: 'manual',
        checkedBy: 'jane',
        checkedAt: '2026-03-02T09:00:00.000Z',
        recordedAt: '2026-03-02T09:00:00.000Z',
        details: { callId: 'abc' },
      });
      const second = await recordManualEvidence(database(), tenant.id, { subject: { type: 'number', id: '+49221471102' }, kind: 'scenario', result: 'fail', checkedAt: '2026-03-02T10:00:00+02:00', checkedBy: 'Max' }, jane, { clock });
      expect(second.checkedAt).toBe('2026-03-02T08:00:00.000Z');
      const third = await recordManualEvidence(database(), 'acme', { subject: { type: 'project', id: 'acme' }, kind: 'scenario', result: 'pass', checkedAt: '2026-03-02T08:30:00Z' }, jane, { clock });
      expect(third.subject).toEqual({ type: 'project', id: tenant.id });

      const page = await listEvidence(database(), 'acme', { limit: 2 });
      expect(page.items.map((e) => e.id)).toEqual([first.id, third.id]);
      const rest = await listEvidence(database(), 'acme', { limit: 2, after: page.next ?? undefined });
      expect(rest).toEqual({ items: [second], next: null });
      expect((await listEvidence(database(), 'acme', { result: 'fail' })).items).toEqual([second]);
      expect((await listAudit(database().db, { action: 'migration_evidence.record' })).items.map((r) => r.entityId)).toEqual([first.id, second.id, third.id]);
    });

    it('refuses checks in the future, about things not of the tenant, or automatic ones from a person', async () => {
      const { tenant } = await seedProjectTenant(database());
      const clock = new SimulatedClock(start);
      const record = (input: object) => recordManualEvidence(database(), 'acme', { kind: 'scenario', result: 'pass', ...input }, jane, { clock });
      await expect(record({ subject: { type: 'project', id: tenant.id }, checkedAt: '2026-03-02T09:00:01Z' })).rejects.toMatchObject({ fields: [{ field: 'checkedAt', message: 'must not be in the future' }] });
      await expect(record({ subject: { type: 'employee', id: '999' } })).rejects.toMatchObject({ fields: [{ field: 'subject.id', message: 'no migration employee has the extension 999' }] });
      await expect(record({ subject: { type: 'employee', id: crypto.randomUUID() } })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(record({ subject: { type: 'number', id: '0221 4711' } })).rejects.toMatchObject({ fields: [{ field: 'subject.id', message: 'must be a number in E.164, e.g. +492214711201' }] });
      await expect(record({ subject: { type: 'port_order', id: crypto.randomUUID() } })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(record({ subject: { type: 'project', id: tenant.id }, source: 'automatic' })).rejects.toMatchObject({ fields: [{ field: 'source', message: 'is not a known field' }] });
      expect((await listEvidence(database(), 'acme')).items).toEqual([]);
    });

    it('gives the gates the latest check of each kind per subject, and every failure since a time', async () => {
      const { tenant } = await seedProjectTenant(database());
      const clock = new SimulatedClock(start);
      const record = (id: string, kind: string, result: string, hoursAgo: number) =>
        recordManualEvidence(database(), 'acme', { subject: { type: 'employee', id }, kind, result, checkedAt: new Date(start - hoursAgo * hour).toISOString() }, jane, { clock });
      const oldFail = await record('201', 'forwarding_test_call', 'fail', 50);
      const recentFail = await record('201', 'forwarding_test_call', 'fail', 10);
      const latest = await record('201', 'forwarding_test_call', 'pass', 5);
      const other = await record('201', 'scenario', 'pass', 60);
      const max = await record('202', 'forwarding_test_call', 'fail', 70);
      const rows = await gateEvidenceRows(database().db, tenant.id, new Date(start - 24 * hour).toISOString());
      expect(rows.map((r) => r.id)).toEqual([max.id, other.id, recentFail.id, latest.id]);
      expect(rows.map((r) => r.id)).not.toContain(oldFail.id);
    });

    it('records automatic checks through recordEvidence', async () => {
      const { tenant, employees } = await seedProjectTenant(database());
      const evidence = await inTransaction(database(), (trx) =>
        recordEvidence(trx, {
          tenantId: tenant.id,
          subject: { type: 'employee', id: employees['202']?.id ?? '' },
          kind: 'device_test_call',
          result: 'pass',
          source: 'automatic',
          checkedBy: 'belay test-call agent',
          checkedAt: '2026-03-02T08:59:00.000Z',
          actor: { kind: 'system', id: 'verification' },
          recordedAt: '2026-03-02T09:00:00.000Z',
        }),
      );
      expect((await listEvidence(database(), 'acme')).items).toEqual([evidence]);
    });
  });

  describe('phases', () => {
    it('starts once per tenant, with its quiet days', async () => {
      await seedProjectTenant(database());
      await expect(getMigrationStatus(database(), 'acme')).rejects.toMatchObject({ code: 'not_found', message: 'tenant "acme" has no migration project; start one first' });
      const clock = new SimulatedClock(start);
      const project = await startMigration(database(), 'acme', {}, root, { clock });
      expect(project).toMatchObject({ phase: 'inventory', quietDays: 7, phaseChangedAt: '2026-03-02T09:00:00.000Z', decommissionedAt: null });
      await expect(startMigration(database(), 'acme', {}, root)).rejects.toMatchObject({ code: 'conflict', message: 'tenant "acme" already has a migration project (in the inventory phase)' });
      expect(await updateMigration(database(), 'acme', { quietDays: 3 }, root)).toMatchObject({ quietDays: 3 });
      await expect(updateMigration(database(), 'acme', { quietDays: -1 }, root)).rejects.toMatchObject({ code: 'validation_failed' });
      expect((await listAudit(database().db, { entityType: 'migration_project' })).items.map((r) => r.action)).toEqual(['migration_project.start', 'migration_project.update']);
    });

    it('advances only through passed gates, listing what is missing per employee; rolls back from parallel; decommissions on evidence and the typed name', async () => {
      const { tenant, employees } = await seedProjectTenant(database(), { provisional_number: null });
      const [erika, max, neu] = (['201', '202', '203'] as const).map((x) => employees[x] as MigrationEmployeeRow);
      if (!erika || !max || !neu) throw new Error('seeded');
      const clock = new SimulatedClock(start);
      await startMigration(database(), 'acme', {}, root, { clock });
      const advance = (input: object = {}) => advanceMigration(database(), 'acme', input, jane, { clock });

      expect((await advance()).project.phase).toBe('planning');
      const refused = advance();
      await expect(refused).rejects.toMatchObject({
        code: 'precondition_failed',
        fields: [
          { field: 'provisional_numbers_assigned', message: '201 Erika Muster: has no provisional number' },
          { field: 'provisional_numbers_assigned', message: '202 Max Mann: has no provisional number' },
          { field: 'provisional_numbers_assigned', message: '203 Neu Hier: has no provisional number' },
        ],
      });
      await expect(refused).rejects.toThrow(/^the migration of "ACME GmbH" cannot advance from planning to implementation:\nprovisional_numbers_assigned \(every employee has a provisional number\) — 201 Erika Muster: has no provisional number/);
      for (const [i, e] of [erika, max, neu].entries()) {
        await updateMigrationEmployee(database().db, e.id, { provisional_number: `+49221987650${i}`, updated_at: '2026-03-02T09:00:00.000Z' });
      }
      expect((await advance()).project.phase).toBe('implementation');

      for (const e of [erika, max, neu]) {
        await walk(database(), e, 'device', ['new_assigned', 'provisioned', 'registered']);
        await walk(database(), e, 'number', ['provisional_active']);
      }
      await walk(database(), erika, 'training', ['scheduled', 'attended']);
      await transition(database(), max, 'training', 'waived', 'knows the phones');
      await expect(advance()).rejects.toMatchObject({ fields: [{ field: 'training_complete', message: '203 Neu Hier: training is pending' }] });
      await transition(database(), neu, 'training', 'waived', 'starts after the move');
      expect((await advance()).project.phase).toBe('parallel');

      for (const e of [erika, max]) await walk(database(), e, 'number', ['forwarding_requested', 'forwarding_active', 'forwarding_verified']);
      const order = await seedPortOrder(database(), tenant.id, ['+492214711001', '+492214711002'], { state: 'submitted' });

      // a port order with the losing provider blocks the way back
      await expect(rollbackMigration(database(), 'acme', jane, { clock })).rejects.toMatchObject({
        fields: [{ field: 'no_port_in_progress', message: 'Telekom line AS-1: port order Telekom line AS-1 is submitted: cancel it first, or it still moves its numbers' }],
      });
      await database().db.updateTable('port_orders').set({ state: 'cancelled' }).where('id', '=', order.id).execute();
      const forwarding = (e: MigrationEmployeeRow, state: 'verified' | 'removed'): ForwardingOrderRow => ({
        id: crypto.randomUUID(), tenant_id: tenant.id, employee_id: e.id, legacy_number: e.legacy_number ?? '', provisional_number: '+492219876500',
        state, evidence_id: null, requested_at: '2026-03-01T08:00:00.000Z', activated_at: null, verified_at: null, removal_requested_at: null,
        removed_at: null, created_at: '2026-03-01T08:00:00.000Z', updated_at: '2026-03-01T08:00:00.000Z',
      });
      const standing = forwarding(erika, 'verified');
      await insertForwardingOrders(database().db, [standing, forwarding(max, 'removed')]);
      const rolledBack = await rollbackMigration(database(), 'acme', jane, { clock });
      expect(rolledBack).toMatchObject({
        project: { phase: 'implementation' },
        employeesReset: 2,
        forwardingRemovals: [{ forwardingOrderId: standing.id, legacyNumber: '+492214711001', provisionalNumber: '+492219876500', state: 'removal_requested' }],
      });
      expect((await findForwardingOrder(database().db, tenant.id, standing.id))?.state).toBe('removal_requested');
      expect((await getMigrationEmployee(database().db, erika.id))?.number_state).toBe('provisional_active');
      await expect(rollbackMigration(database(), 'acme', jane, { clock })).rejects.toMatchObject({
        message: 'the migration of "ACME GmbH" is in the implementation phase: rollback is possible only from parallel operation',
      });
      expect((await advance()).project.phase).toBe('parallel');

      for (const e of [erika, max]) await walk(database(), e, 'number', ['forwarding_requested', 'forwarding_active', 'forwarding_verified']);
      const check = (subject: string, kind: string, result = 'pass') => recordManualEvidence(database(), 'acme', { subject: { type: 'employee', id: subject }, kind, result }, jane, { clock });
      await check('201', 'forwarding_test_call');
      await check('202', 'forwarding_test_call');
      clock.advance(25 * hour);
      await seedPortOrder(database(), tenant.id, ['+492214711001', '+492214711002'], { state: 'confirmed', confirmed_date: '2026-04-01' });
      await expect(advance()).rejects.toMatchObject({
        fields: [
          { field: 'forwarding_verified', message: expect.stringMatching(/^201 Erika Muster: the last forwarding test call to \+492214711001 is older than 24 h \(manual, by jane at 2026-03-02T09:00:00.000Z\)$/) },
          { field: 'forwarding_verified', message: expect.stringMatching(/^202 Max Mann: the last forwarding test call/) },
        ],
      });
      await check('201', 'forwarding_test_call');
      await check('202', 'forwarding_test_call');
      const toPorting = await advance();
      expect(toPorting.project.phase).toBe('porting');
      expect(toPorting.gates.find((g) => g.gate === 'forwarding_verified')?.sources).toEqual({ manual: 2, automatic: 0 });

      for (const e of [erika, max]) await walk(database(), e, 'number', ['porting', 'ported']);
      await expect(rollbackMigration(database(), 'acme', jane, { clock })).rejects.toMatchObject({
        message: expect.stringMatching(/^the migration of "ACME GmbH" is past the point of no return:\nnothing_ported .* — 201 Erika Muster: the number \+492214711001 is already ported: there is no way back; 202 Max Mann/),
      });

      await expect(decommissionMigration(database(), 'acme', { tenantName: 'ACME GmbH' }, jane, { clock })).rejects.toMatchObject({
        fields: [
          { field: 'numbers_ported_verified', message: '201 Erika Muster: no ported inbound test call of +492214711001 is recorded' },
          { field: 'numbers_ported_verified', message: '201 Erika Muster: no ported outbound test call of +492214711001 is recorded' },
          { field: 'numbers_ported_verified', message: '202 Max Mann: no ported inbound test call of +492214711002 is recorded' },
          { field: 'numbers_ported_verified', message: '202 Max Mann: no ported outbound test call of +492214711002 is recorded' },
        ],
      });
      for (const x of ['201', '202']) {
        await check(x, 'ported_inbound_test_call');
        await check(x, 'ported_outbound_test_call');
      }
      await check('203', 'scenario', 'fail');
      await expect(decommissionMigration(database(), 'acme', { tenantName: 'acme' }, jane, { clock })).rejects.toMatchObject({
        fields: [
          { field: 'no_recent_failures', message: expect.stringMatching(/^203 Neu Hier: a scenario failed within the last 7 days \(manual, by jane/) },
          { field: 'tenant_name_confirmed', message: 'ACME GmbH: the typed name "acme" is not the tenant\'s name "ACME GmbH"' },
        ],
      });
      clock.advance(7 * 24 * hour + 1);
      await expect(advance()).rejects.toMatchObject({ fields: [{ field: 'tenant_name_confirmed' }] });
      const done = await decommissionMigration(database(), 'acme', { tenantName: 'ACME GmbH' }, jane, { clock });
      expect(done.project).toMatchObject({ phase: 'decommissioned', decommissionedBy: 'api:jane', decommissionedAt: new Date(clock.now()).toISOString() });
      await expect(advance()).rejects.toMatchObject({ message: 'the migration of "ACME GmbH" is decommissioned: nothing follows' });

      const moves = await listAudit(database().db, { entityType: 'migration_project', limit: 1000 });
      expect(moves.items.map((r) => r.action)).toEqual([
        'migration_project.start',
        'migration_project.advance',
        'migration_project.advance',
        'migration_project.advance',
        'migration_project.rollback',
        'migration_project.advance',
        'migration_project.advance',
        'migration_project.decommission',
      ]);
      expect(moves.items.at(-1)).toMatchObject({
        actorId: 'jane',
        before: { phase: 'porting' },
        after: { phase: 'decommissioned', confirmation: { typedName: 'ACME GmbH', by: 'api:jane' }, gates: [{ gate: 'numbers_ported_verified', sources: { manual: 4, automatic: 0 } }, { gate: 'no_recent_failures' }, { gate: 'tenant_name_confirmed' }] },
      });
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true });
    });
  });
});
