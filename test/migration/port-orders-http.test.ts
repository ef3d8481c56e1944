import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry, problemSchema } from '../../src/http/index.js';
import type { Problem } from '../../src/http/index.js';
import { listMigrationEmployees, migrateToLatest, openDatabase } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { lineAs1, portFormData, seedPortingCompany } from './support/port-fixture.js';

/** Port and forwarding orders through the HTTP API (Fastify's `inject`), on a real database of each kind. */

interface Reply {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  json(): unknown;
}

function problemOf(res: Reply, status: number): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(res.json());
}

function ok<T>(res: Reply, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

interface OrderBody {
  id: string;
  state: string;
  numbers: string[];
  holderName: string | null;
  warnings: { code: string }[];
}

describe.each(testDialects())('port and forwarding orders over HTTP on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let app: FastifyInstance;
  let tenantId: string;
  const headers = { 'x-belay-actor': 'erika' };

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    tenantId = (await seedPortingCompany(database)).tenant.id;
    const directory = await loadDirectory(database);
    app = await buildApp({ database, directory, sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const post = (url: string, payload: object = {}) => app.inject({ method: 'POST', url: `/api/v1/tenants/muster${url}`, headers, payload });

  it('walks forwarding and a port order from draft through a rejection to completion', async () => {
    const requested = ok<{ created: { id: string }[] }>(await post('/forwarding-orders'), 201);
    expect(requested.created).toHaveLength(3);
    for (const { id } of requested.created) {
      ok(await post(`/forwarding-orders/${id}/activate`));
      ok(await post(`/forwarding-orders/${id}/verify`, { checkedBy: 'Max (test call from a mobile)' }));
    }
    problemOf(await post(`/forwarding-orders/${requested.created[0]?.id ?? ''}/activate`), 409);

    const csv = await app.inject({ url: '/api/v1/tenants/muster/forwarding-list' });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="forwarding-list-muster.csv"');
    expect(csv.body.split('\r\n')[1]).toMatch(/^keep,\+49221471101,\+49221987601,21,Employee 21,verified,/);
    const page = await app.inject({ url: '/api/v1/tenants/muster/forwarding-list?format=html' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<td><strong>Bestehen lassen</strong></td><td>+49221471101</td>');
    problemOf(await app.inject({ url: '/api/v1/tenants/muster/forwarding-list?format=pdf' }), 400);

    const split = problemOf(await post('/port-orders', { oldProvider: 'Telekom', lineId: 'AS-1', numbers: lineAs1.slice(0, 9) }), 400);
    expect(split.errors).toEqual([{ field: 'numbers', message: expect.stringMatching(/cannot be split\); missing: \+49221471109$/) }]);

    const created = await post('/port-orders', { oldProvider: 'Telekom', lineId: 'AS-1', holderName: '<script>alert("Muster")</script>  GmbH' });
    const draft = ok<OrderBody>(created, 201);
    expect(created.headers.location).toBe(`/api/v1/tenants/${tenantId}/port-orders/${draft.id}`);
    expect(draft).toMatchObject({ state: 'draft', numbers: lineAs1, holderName: '<script>alert("Muster")</script>  GmbH' });

    const missing = problemOf(await post(`/port-orders/${draft.id}/submit`), 400);
    expect(missing.errors?.map((e) => e.field)).toEqual(['holderStreet', 'holderPostalCode', 'holderCity', 'customerNumber', 'signatoryName', 'requestedDate']);
    const request = await app.inject({ url: `/api/v1/tenants/muster/port-orders/${draft.id}/port-request` });
    expect(request.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(request.body).toContain('&lt;script&gt;alert(&quot;Muster&quot;)&lt;/script&gt;  GmbH');
    expect(request.body).not.toContain('<script>');
    expect(request.body).toContain('Kündigen Sie den Vertrag beim bisherigen Anbieter nicht selbst.');

    const { holderName: _kept, ...rest } = portFormData;
    ok(await app.inject({ method: 'PATCH', url: `/api/v1/tenants/muster/port-orders/${draft.id}`, headers, payload: rest }));
    expect(ok<OrderBody>(await post(`/port-orders/${draft.id}/submit`)).state).toBe('submitted');
    expect(ok<OrderBody>(await post(`/port-orders/${draft.id}/reject`, { code: 'KNI', text: 'Kundennummer unbekannt' })).state).toBe('rejected');
    expect(problemOf(await post(`/port-orders/${draft.id}/resubmit`), 409).detail).toMatch(/rejected with KNI \(customer not identifiable\)/);
    ok(await app.inject({ method: 'PATCH', url: `/api/v1/tenants/muster/port-orders/${draft.id}`, headers, payload: { customerNumber: 'KD-4711' } }));
    expect(ok<OrderBody>(await post(`/port-orders/${draft.id}/resubmit`)).state).toBe('submitted');
    expect(problemOf(await post(`/port-orders/${draft.id}/reject`, { code: 'XYZ' }), 400).errors).toEqual([
      { field: 'code', message: 'must be one of RNG, ADF, AIF, WAI, KNI, VAE, SON' },
    ]);
    ok(await post(`/port-orders/${draft.id}/confirm`, { date: '2026-06-30', windowStart: '06:00', windowEnd: '10:00' }));

    const completion = ok<{ order: OrderBody; switched: unknown[]; forwardingRemovals: { state: string }[] }>(await post(`/port-orders/${draft.id}/complete`));
    expect(completion.order.state).toBe('completed');
    expect(completion.switched).toHaveLength(3);
    expect(completion.forwardingRemovals.map((f) => f.state)).toEqual(['removal_requested', 'removal_requested', 'removal_requested']);
    expect((await listMigrationEmployees(database.db, tenantId)).map((e) => [e.number_state, e.ported_number])).toEqual([
      ['ported', '+49221471101'],
      ['ported', '+49221471102'],
      ['ported', '+49221471103'],
    ]);
    const listed = ok<{ items: { state: string }[] }>(await app.inject({ url: '/api/v1/tenants/muster/port-orders' }));
    expect(listed.items.map((o) => o.state)).toEqual(['completed']);
    const retire = await app.inject({ method: 'POST', url: '/api/v1/port-automation/retire-provisionals' });
    expect(ok(retire)).toEqual({ retired: [], waiting: [] });
    problemOf(await app.inject({ url: '/api/v1/tenants/muster/port-orders/00000000-0000-4000-8000-000000000000' }), 404);
  });

  it('lists the routes in the OpenAPI document', async () => {
    const document = ok<{ paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>(await app.inject({ url: '/api/v1/openapi.json' }));
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{tenant}/port-orders',
        '/api/v1/tenants/{tenant}/port-orders/{order}/resubmit',
        '/api/v1/tenants/{tenant}/port-orders/{order}/port-request',
        '/api/v1/tenants/{tenant}/forwarding-orders/{order}/verify',
        '/api/v1/tenants/{tenant}/forwarding-list',
        '/api/v1/port-automation/retire-provisionals',
      ]),
    );
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['PortOrder', 'PortOrderCreateInput', 'ForwardingOrder', 'PortCompletion']));
  });
});
