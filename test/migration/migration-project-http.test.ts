import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry, problemSchema } from '../../src/http/index.js';
import type { Problem } from '../../src/http/index.js';
import type { Evidence, GateResult, MigrationStatus } from '../../src/migration/index.js';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';
import type { AuditPage, Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { seedProjectTenant } from './support/project-fixture.js';

/** The migration project through the HTTP API (Fastify's `inject`), on a real database of each kind. */

interface Reply {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  json(): unknown;
}

function problemOf(res: Reply, status: number): Problem {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(res.json());
}

describe.each(testDialects())('the migration project over HTTP on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let app: FastifyInstance;
  const actor = { 'x-belay-actor': 'jane' };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    await seedProjectTenant(database);
    app = await buildApp({ database, directory: await loadDirectory(database), sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const post = (url: string, payload: object = {}) => app.inject({ method: 'POST', url: `/api/v1/tenants/acme/migration${url}`, headers: actor, payload });
  const transition = (employee: string, machine: string, to: string, note?: string) =>
    post(`/employees/${employee}/transitions`, { machine, to, ...(note !== undefined && { note }) });

  it('starts, shows, and moves the project only through its gates', async () => {
    expect(problemOf(await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/migration' }), 404).detail).toBe('tenant "acme" has no migration project; start one first');
    const started = await post('', { quietDays: 2 });
    expect(started.statusCode).toBe(201);
    expect(started.json()).toMatchObject({ phase: 'inventory', quietDays: 2 });
    expect(problemOf(await post('', {}), 409).type).toBe('urn:belay:problem:conflict');
    expect(problemOf(await post('', { quietDays: 'many' }), 400).errors).toEqual([{ field: 'quietDays', message: expect.any(String) }]);

    expect((await post('/advance')).json()).toMatchObject({ project: { phase: 'planning' }, gates: [{ gate: 'employees_recorded', passed: true }] });
    expect((await post('/advance')).json()).toMatchObject({ project: { phase: 'implementation' } });

    const status = (await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/migration' })).json() as MigrationStatus;
    expect(status.employees).toEqual({ total: 3, number: { planned: 3 }, device: { old_recorded: 3 }, training: { pending: 3 } });
    expect(status.advance).toMatchObject({ from: 'implementation', to: 'parallel', ready: false });
    expect(status.advance?.gates.map((g) => [g.gate, g.missing.length])).toEqual([['devices_registered', 3], ['training_complete', 3], ['telephony_ready', 0]]);
    expect(status.rollback).toBeNull();

    const refused = problemOf(await post('/advance'), 409);
    expect(refused.type).toBe('urn:belay:problem:precondition_failed');
    expect(refused.errors).toHaveLength(6);
    expect(refused.errors?.[0]).toEqual({ field: 'devices_registered', message: '201 Erika Muster: the new device is not registered (old_recorded)' });

    const illegal = problemOf(await transition('201', 'number', 'ported'), 409);
    expect(illegal.detail).toBe('employee 201 Erika Muster: the number state cannot go from planned to ported; from planned it can go to provisional_active');
    expect(problemOf(await transition('999', 'number', 'provisional_active'), 404).detail).toBe('tenant "acme" has no migration employee "999"');
    expect(problemOf(await transition('201', 'phone', 'registered'), 400).errors?.[0]?.field).toBe('machine');

    for (const x of ['201', '202', '203']) {
      for (const to of ['new_assigned', 'provisioned', 'registered']) expect((await transition(x, 'device', to)).statusCode).toBe(200);
      expect((await transition(x, 'number', 'provisional_active')).json()).toMatchObject({ extension: x, numberState: 'provisional_active' });
      expect((await transition(x, 'training', 'waived', 'knows the phones')).json()).toMatchObject({ trainingState: 'waived', trainingNote: 'knows the phones' });
    }
    expect((await post('/advance')).json()).toMatchObject({ project: { phase: 'parallel' } });
    for (const x of ['201', '202']) for (const to of ['forwarding_requested', 'forwarding_active']) await transition(x, 'number', to);

    const rollback = await post('/rollback');
    expect(rollback.json()).toMatchObject({ project: { phase: 'implementation' }, employeesReset: 2, forwardingRemovals: [] });
    expect((await post('/advance')).json()).toMatchObject({ project: { phase: 'parallel' } });

    const evidence = await post('/evidence', { subject: { type: 'employee', id: '201' }, kind: 'forwarding_test_call', result: 'pass', details: { callId: 'c1' } });
    expect(evidence.statusCode).toBe(201);
    expect(evidence.json()).toMatchObject({ source: 'manual', checkedBy: 'jane', kind: 'forwarding_test_call', details: { callId: 'c1' } });
    expect(problemOf(await post('/evidence', { subject: { type: 'employee', id: '201' }, kind: 'forwarding_test_call', result: 'maybe' }), 400).errors?.[0]?.field).toBe('result');
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/migration/evidence?kind=forwarding_test_call&limit=10' })).json() as { items: Evidence[] };
    expect(listed.items.map((e) => e.id)).toEqual([(evidence.json() as Evidence).id]);

    const toPorting = problemOf(await post('/advance'), 409);
    expect(toPorting.errors).toEqual([
      { field: 'forwarding_verified', message: '202 Max Mann: no forwarding test call to +492214711002 is recorded' },
      { field: 'port_orders_confirmed', message: '201 Erika Muster: the legacy number +492214711001 is in no port order' },
      { field: 'port_orders_confirmed', message: '202 Max Mann: the legacy number +492214711002 is in no port order' },
    ]);
    const gates = ((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/migration' })).json() as MigrationStatus).advance?.gates ?? [];
    const forwarding = gates.find((g) => g.gate === 'forwarding_verified') as GateResult;
    expect(forwarding).toMatchObject({ passed: false, sources: { manual: 1, automatic: 0 }, evidence: [{ kind: 'forwarding_test_call', source: 'manual', checkedBy: 'jane' }] });
    expect(forwarding.missing).toEqual([{ subject: { type: 'employee', id: expect.any(String), label: '202 Max Mann' }, reason: 'no forwarding test call to +492214711002 is recorded', needs: 'forwarding_test_call' }]);

    expect(problemOf(await post('/decommission', {}), 400).errors).toEqual([{ field: 'tenantName', message: 'is required: type the tenant’s name to confirm' }]);
    expect(problemOf(await post('/decommission', { tenantName: 'ACME GmbH' }), 409).detail).toBe('the migration of "ACME GmbH" is in the parallel phase: decommissioning follows porting');
  });

  it('pages through the audit log, per tenant', async () => {
    const first = (await app.inject({ method: 'GET', url: '/api/v1/audit?tenant=acme&entityType=migration_project&limit=2' })).json() as AuditPage;
    expect(first.items.map((r) => r.action)).toEqual(['migration_project.start', 'migration_project.advance']);
    expect(first.items[0]).toMatchObject({ actorKind: 'api', actorId: 'jane', before: null, after: { phase: 'inventory', quietDays: 2 } });
    const second = (await app.inject({ method: 'GET', url: `/api/v1/audit?tenant=acme&entityType=migration_project&limit=2&after=${first.next}` })).json() as AuditPage;
    expect(second.items.map((r) => r.action)).toEqual(['migration_project.advance', 'migration_project.advance']);
    expect(second.items[0]?.prevHash).toMatch(/^[0-9a-f]{64}$/);
    expect(problemOf(await app.inject({ method: 'GET', url: '/api/v1/audit?tenant=nobody' }), 404).detail).toBe('tenant "nobody" not found');
    expect(problemOf(await app.inject({ method: 'GET', url: '/api/v1/audit?limit=5000' }), 400).errors?.[0]?.field).toBe('limit');
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    for (const path of ['/migration', '/migration/advance', '/migration/rollback', '/migration/decommission', '/migration/evidence', '/migration/employees/{employee}/transitions']) {
      expect(Object.keys(doc.paths), path).toContain(`/api/v1/tenants/{tenant}${path}`);
    }
    expect(doc.paths['/api/v1/audit']).toHaveProperty('get');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['MigrationStatus', 'GateResult', 'EvidenceRef', 'Evidence', 'RollbackOutcome', 'AuditPage']));
  });
});
