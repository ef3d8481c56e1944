import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry } from '../../src/http/index.js';
import type { EmployeeMigrationState, MigrationStatus, PhaseMoveOutcome, RollbackOutcome } from '../../src/migration/index.js';
import { migrateToLatest, openDatabase, verifyAuditChain } from '../../src/store/index.js';
import type { AuditPage, Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import { ok, problemOf } from './support/http-replies.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { employeesCsv, numberBlocksCsv, sitesCsv } from './support/inventory-files.js';

/**
 * A company walked through every phase of its move, through the HTTP API only: inventory
 * import, number plan, devices and training, forwarding at the old provider, a rollback from
 * parallel operation, port orders (one rejected and resubmitted), the port, a refused rollback
 * after it, a refused decommission naming the missing evidence, and the point of no return.
 */

const holder = {
  holderName: 'ACME GmbH',
  holderStreet: 'Domkloster 4',
  holderPostalCode: '50667',
  holderCity: 'Köln',
  customerNumber: 'KD-4711',
  signatoryName: 'Erika Muster',
  signatoryRole: 'Geschäftsführerin',
  atContractEnd: true,
};

describe.each(testDialects())('a company walked through its migration over HTTP on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let app: FastifyInstance;
  const headers = { 'x-belay-actor': 'jane' };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    app = await buildApp({ database, directory: await loadDirectory(database), sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const post = (url: string, payload: object = {}) => app.inject({ method: 'POST', url: `/api/v1/tenants/acme${url}`, headers, payload });
  const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1/tenants/acme${url}` });
  const advance = async (payload: object = {}) => ok<PhaseMoveOutcome>(await post('/migration/advance', payload)).project.phase;
  const employees = async () => ok<{ items: (EmployeeMigrationState & { extension: string })[] }>(await get('/migration/employees')).items;
  const transition = async (extension: string, machine: string, to: string, note?: string) =>
    ok<EmployeeMigrationState>(await post(`/migration/employees/${extension}/transitions`, { machine, to, ...(note !== undefined && { note }) }));
  const status = async () => ok<MigrationStatus>(await get('/migration'));

  /** Orders, activates and verifies by a test call the forwarding of every employee (the evidence the gate reads). */
  async function forwardEveryone(): Promise<void> {
    const placed = ok<{ created: { id: string }[] }>(await post('/forwarding-orders'), 201);
    expect(placed.created).toHaveLength(4);
    for (const { id } of placed.created) {
      ok(await post(`/forwarding-orders/${id}/activate`));
      ok(await post(`/forwarding-orders/${id}/verify`, { checkedBy: 'Jane, from her mobile' }));
    }
  }

  it('moves from the old PBX to belay, phase by phase, with evidence for every gate', async () => {
    ok(await app.inject({ method: 'POST', url: '/api/v1/tenants', headers, payload: { slug: 'acme', name: 'ACME GmbH' } }), 201);
    expect(ok<{ phase: string }>(await post('/migration', {}), 201).phase).toBe('inventory');

    // inventory: nothing recorded yet, so the first gate holds
    expect(problemOf(await post('/migration/advance'), 409).errors).toEqual([
      { field: 'employees_recorded', message: 'ACME GmbH: no employee is recorded: import the inventory first' },
    ]);
    const files = { sites: sitesCsv, numberBlocks: numberBlocksCsv, employees: employeesCsv };
    expect(ok<{ errors: unknown[] }>(await post('/migration/inventory/preview', files)).errors).toEqual([]);
    ok(await post('/migration/inventory/apply', files));
    expect(await advance()).toBe('planning');

    // planning: the provisional numbers come from the plan
    expect(problemOf(await post('/migration/advance'), 409).errors?.map((e) => e.message)).toEqual([
      '10 Zentrale: has no provisional number',
      '23 Erika Muster: has no provisional number',
      '24 Mustermann; Max: has no provisional number',
      '301 Anna Bonn: has no provisional number',
    ]);
    ok(await post('/migration/plan/apply'));
    expect(await advance()).toBe('implementation');

    // implementation: phones exchanged and registered, training attended or waived, provisional numbers live
    const people = await employees();
    expect(people.map((e) => e.extension)).toEqual(['10', '23', '24', '301']);
    for (const { extension } of people) {
      for (const to of ['new_assigned', 'provisioned', 'registered']) await transition(extension, 'device', to);
      await transition(extension, 'number', 'provisional_active');
    }
    for (const extension of ['23', '24']) for (const to of ['scheduled', 'attended']) await transition(extension, 'training', to);
    await transition('10', 'training', 'waived', 'the switchboard keeps its console');
    const pending = problemOf(await post('/migration/advance'), 409);
    expect(pending.errors).toEqual([
      { field: 'training_complete', message: '301 Anna Bonn: training is pending' },
      { field: 'telephony_ready', message: 'ACME GmbH: the tenant has no enabled trunk, its own or shared: no call can reach or leave the public network' },
      {
        field: 'telephony_ready',
        message: 'ACME GmbH: the tenant has 4 number block(s) with DDIs but no reception extension: calls to a DDI without an employee are refused (404)',
      },
    ]);
    // the telephony for go-live: a trunk, and the switchboard for calls to a DDI without an employee
    // (emergency calls send the provisional numbers, which are in blocks of each employee's site)
    ok(await post('/trunks', { name: 'Telekom', mode: 'ip', host: '127.0.0.1' }), 201);
    ok(await app.inject({ method: 'PATCH', url: '/api/v1/tenants/acme', headers, payload: { receptionExtension: '10' } }));
    await transition('301', 'training', 'scheduled');
    await transition('301', 'training', 'attended');
    expect(await advance()).toBe('parallel');

    // parallel operation, then a rollback before the point of no return
    await forwardEveryone();
    expect((await employees()).map((e) => e.numberState)).toEqual(['forwarding_verified', 'forwarding_verified', 'forwarding_verified', 'forwarding_verified']);
    const rollback = ok<RollbackOutcome>(await post('/migration/rollback'));
    expect(rollback.project.phase).toBe('implementation');
    expect(rollback.employeesReset).toBe(4);
    expect(rollback.forwardingRemovals.map((f) => [f.legacyNumber, f.state])).toEqual([
      ['+492285553', 'removal_requested'],
      ['+49221471100', 'removal_requested'],
      ['+49221471123', 'removal_requested'],
      ['+49221471124', 'removal_requested'],
    ]);
    expect((await employees()).map((e) => e.numberState)).toEqual(['provisional_active', 'provisional_active', 'provisional_active', 'provisional_active']);
    for (const f of rollback.forwardingRemovals) ok(await post(`/forwarding-orders/${f.forwardingOrderId}/confirm-removal`));

    // back to parallel, forwarding again, and the port orders: one per line, one rejected and resubmitted
    expect(await advance()).toBe('parallel');
    await forwardEveryone();
    const toPorting = problemOf(await post('/migration/advance'), 409);
    expect(toPorting.errors?.map((e) => e.field)).toEqual(['port_orders_confirmed', 'port_orders_confirmed', 'port_orders_confirmed', 'port_orders_confirmed']);
    const cologne = ok<{ id: string; numbers: string[] }>(await post('/port-orders', { oldProvider: 'Telekom', lineId: 'AS-0221-4711', ...holder }), 201);
    const bonn = ok<{ id: string }>(await post('/port-orders', { oldProvider: 'Telekom', lineId: 'AS-0228-555', ...holder }), 201);
    expect(cologne.numbers).toHaveLength(100);
    for (const order of [cologne, bonn]) ok(await post(`/port-orders/${order.id}/submit`));
    ok(await post(`/port-orders/${bonn.id}/reject`, { code: 'ADF', text: 'Anschrift weicht ab' }));
    ok(await app.inject({ method: 'PATCH', url: `/api/v1/tenants/acme/port-orders/${bonn.id}`, headers, payload: { holderStreet: 'Markt 1', holderPostalCode: '53111', holderCity: 'Bonn' } }));
    ok(await post(`/port-orders/${bonn.id}/resubmit`));
    ok(await post(`/port-orders/${cologne.id}/confirm`, { date: '2027-03-31', windowStart: '06:00', windowEnd: '10:00' }));
    const unconfirmed = problemOf(await post('/migration/advance'), 409);
    expect(unconfirmed.errors).toEqual([{ field: 'port_orders_confirmed', message: 'Telekom line AS-0228-555: port order Telekom line AS-0228-555 is submitted: it needs a confirmed port date' }]);
    ok(await post(`/port-orders/${bonn.id}/confirm`, { date: '2027-03-31' }));
    const porting = ok<PhaseMoveOutcome>(await post('/migration/advance'));
    expect(porting.project.phase).toBe('porting');
    expect(porting.gates.find((g) => g.gate === 'forwarding_verified')?.sources).toEqual({ manual: 4, automatic: 0 });

    // the port date: the numbers move, and there is no way back
    for (const order of [cologne, bonn]) ok(await post(`/port-orders/${order.id}/complete`));
    expect((await employees()).map((e) => [e.numberState, e.portedNumber])).toEqual([
      ['ported', '+49221471100'],
      ['ported', '+49221471123'],
      ['ported', '+49221471124'],
      ['ported', '+492285553'],
    ]);
    const refusedRollback = problemOf(await post('/migration/rollback'), 409);
    expect(refusedRollback.detail).toMatch(/^the migration of "ACME GmbH" is past the point of no return:\nnothing_ported/);
    expect(refusedRollback.errors?.[0]).toEqual({ field: 'nothing_ported', message: '10 Zentrale: the number +49221471100 is already ported: there is no way back' });

    // decommissioning: refused while evidence is missing, named per employee and kind
    const early = problemOf(await post('/migration/decommission', { tenantName: 'ACME GmbH' }), 409);
    expect(early.errors).toHaveLength(8);
    expect(early.errors?.slice(0, 2)).toEqual([
      { field: 'numbers_ported_verified', message: '10 Zentrale: no ported inbound test call of +49221471100 is recorded' },
      { field: 'numbers_ported_verified', message: '10 Zentrale: no ported outbound test call of +49221471100 is recorded' },
    ]);
    const gate = (await status()).advance?.gates.find((g) => g.gate === 'numbers_ported_verified');
    expect(gate?.missing.map((m) => m.needs)).toEqual(expect.arrayContaining(['ported_inbound_test_call', 'ported_outbound_test_call']));
    for (const { extension } of await employees()) {
      for (const kind of ['ported_inbound_test_call', 'ported_outbound_test_call']) {
        ok(await post('/migration/evidence', { subject: { type: 'employee', id: extension }, kind, result: 'pass', details: { from: 'mobile network' } }), 201);
      }
    }
    expect(problemOf(await post('/migration/decommission', { tenantName: 'ACME' }), 409).errors).toEqual([
      { field: 'tenant_name_confirmed', message: 'ACME GmbH: the typed name "ACME" is not the tenant\'s name "ACME GmbH"' },
    ]);
    const done = ok<PhaseMoveOutcome>(await post('/migration/decommission', { tenantName: 'ACME GmbH' }));
    expect(done.project).toMatchObject({ phase: 'decommissioned', decommissionedBy: 'api:jane' });
    expect((await status()).advance).toBeNull();

    // every step is in the audit log, chained
    const audit = ok<AuditPage>(await app.inject({ url: '/api/v1/audit?tenant=acme&entityType=migration_project' }));
    expect(audit.items.map((r) => r.action.replace('migration_project.', ''))).toEqual(['start', 'advance', 'advance', 'advance', 'rollback', 'advance', 'advance', 'decommission']);
    expect(audit.items.at(-1)).toMatchObject({ actorId: 'jane', after: { confirmation: { typedName: 'ACME GmbH', by: 'api:jane' } } });
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });
});
