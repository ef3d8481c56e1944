import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry } from '../../src/http/index.js';
import type { Evidence, MigrationStatus, PhaseMoveOutcome } from '../../src/migration/index.js';
import { insertNumberBlocks, listAudit, migrateToLatest, openDatabase } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import { ok, problemOf } from './support/http-replies.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { seedProjectTenant } from './support/project-fixture.js';
import type { ProjectFixture } from './support/project-fixture.js';

/**
 * The `telephony_ready` gate of the move to parallel operation, through the HTTP API: employees
 * start calling out through belay then, so a site without a number for emergency calls, or a
 * tenant without a trunk, keeps the project in implementation until it is fixed.
 */

const noEmergencyNumber = 'has no number for emergency calls registered at site Köln: give the site an emergency number, or the employee a new number in a block of that site';
const noTrunk = 'ACME GmbH: the tenant has no enabled trunk, its own or shared: no call can reach or leave the public network';

describe.each(testDialects())('the telephony gate before parallel operation on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let app: FastifyInstance;
  let fixture: ProjectFixture;
  const headers = { 'x-belay-actor': 'jane' };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    fixture = await seedProjectTenant(database);
    app = await buildApp({ database, directory: await loadDirectory(database), sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1/tenants/acme${url}`, headers, ...(payload !== undefined && { payload }) });
  const advance = () => send('POST', '/migration/advance', {});
  const telephonyGate = async () => {
    const status = ok<MigrationStatus>(await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/migration' }));
    return status.advance?.gates.find((g) => g.gate === 'telephony_ready');
  };
  const refusedFor = async () => problemOf(await advance(), 409).errors?.filter((e) => e.field === 'telephony_ready').map((e) => e.message);

  it('refuses go-live naming each employee without a number for emergency calls, and a missing trunk; passes once fixed, recording its check', async () => {
    // the site has no emergency number, and the tenant no trunk
    ok(await send('PATCH', `/migration/sites/${encodeURIComponent('Köln')}`, { emergencyNumber: null }));
    expect((await send('DELETE', '/trunks/Telekom')).statusCode).toBe(204);

    ok(await send('POST', '/migration', {}), 201);
    for (const phase of ['planning', 'implementation']) expect(ok<PhaseMoveOutcome>(await advance()).project.phase).toBe(phase);
    for (const x of ['201', '202', '203']) {
      for (const to of ['new_assigned', 'provisioned', 'registered']) ok(await send('POST', `/migration/employees/${x}/transitions`, { machine: 'device', to }));
      ok(await send('POST', `/migration/employees/${x}/transitions`, { machine: 'number', to: 'provisional_active' }));
      ok(await send('POST', `/migration/employees/${x}/transitions`, { machine: 'training', to: 'waived', note: 'knows the phones' }));
    }

    const refused = problemOf(await advance(), 409);
    expect(refused.type).toBe('urn:belay:problem:precondition_failed');
    expect(refused.detail).toBe(
      [
        'the migration of "ACME GmbH" cannot advance from implementation to parallel:',
        `telephony_ready (the telephony is ready for go-live: a number for emergency calls at every employee’s site, a usable trunk, a reception for DDI calls) — 201 Erika Muster: ${noEmergencyNumber}; 202 Max Mann: ${noEmergencyNumber}; 203 Neu Hier: ${noEmergencyNumber}; ${noTrunk}`,
      ].join('\n'),
    );
    expect(refused.errors).toEqual([
      { field: 'telephony_ready', message: `201 Erika Muster: ${noEmergencyNumber}` },
      { field: 'telephony_ready', message: `202 Max Mann: ${noEmergencyNumber}` },
      { field: 'telephony_ready', message: `203 Neu Hier: ${noEmergencyNumber}` },
      { field: 'telephony_ready', message: noTrunk },
    ]);
    const gate = await telephonyGate();
    expect(gate).toMatchObject({ passed: false, evidence: [], sources: { manual: 0, automatic: 0 } });
    expect(gate?.missing.map((m) => m.subject)).toEqual([
      { type: 'employee', id: fixture.employees['201']?.id, label: '201 Erika Muster' },
      { type: 'employee', id: fixture.employees['202']?.id, label: '202 Max Mann' },
      { type: 'employee', id: fixture.employees['203']?.id, label: '203 Neu Hier' },
      { type: 'project', id: fixture.tenant.id, label: 'ACME GmbH' },
    ]);

    // a trunk, and the provisional numbers of 201 and 202 in a block of their site: 203's number is outside it
    ok(await send('POST', '/trunks', { name: 'Telekom', mode: 'ip', host: '127.0.0.1' }), 201);
    const at = '2026-03-02T08:00:00.000Z';
    const siteId = fixture.employees['201']?.site_id ?? null;
    await insertNumberBlocks(database.db, [
      { id: crypto.randomUUID(), tenant_id: fixture.tenant.id, kind: 'provisional', base_number: '+4922198765', ddi_from: 1, ddi_to: 2, ddi_digits: 2, old_provider: null, line_id: null, site_id: siteId, created_at: at, updated_at: at },
    ]);
    const noReception = 'ACME GmbH: the tenant has 1 number block(s) with DDIs but no reception extension: calls to a DDI without an employee are refused (404)';
    expect(await refusedFor()).toEqual([`203 Neu Hier: ${noEmergencyNumber}`, noReception]);
    ok(await send('PATCH', '', { receptionExtension: '201' }));
    expect(await refusedFor()).toEqual([`203 Neu Hier: ${noEmergencyNumber}`]);

    // the site's emergency number covers everyone there
    ok(await send('PATCH', `/migration/sites/${encodeURIComponent('Köln')}`, { emergencyNumber: '+4922198765000' }));
    expect(await telephonyGate()).toMatchObject({ passed: true, missing: [] });
    const moved = ok<PhaseMoveOutcome>(await advance());
    expect(moved.project.phase).toBe('parallel');

    // what the gate found is recorded as automatic evidence about the project, and the move's audit row names it
    const passed = moved.gates.find((g) => g.gate === 'telephony_ready');
    expect(passed).toMatchObject({ passed: true, sources: { manual: 0, automatic: 1 }, evidence: [{ kind: 'scenario', result: 'pass', source: 'automatic', checkedBy: 'telephony checks' }] });
    const evidence = ok<{ items: Evidence[] }>(await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/migration/evidence?kind=scenario' })).items;
    expect(evidence).toEqual([expect.objectContaining({ id: passed?.evidence[0]?.id, subject: { type: 'project', id: fixture.tenant.id }, details: { gate: 'telephony_ready', description: passed?.description } })]);
    const { items } = await listAudit(database.db, { limit: 1000 });
    const audit = items.filter((r) => r.action === 'migration_project.advance').at(-1);
    expect(audit?.after).toMatchObject({ phase: 'parallel', gates: expect.arrayContaining([{ gate: 'telephony_ready', evidence: [passed?.evidence[0]?.id], sources: { manual: 0, automatic: 1 } }]) });
  });
});
