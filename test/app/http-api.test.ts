import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory, loadDirectory } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry, problemSchema } from '../../src/http/index.js';
import type { Problem } from '../../src/http/index.js';
import { listAudit, migrateToLatest, openDatabase } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from './support/test-databases.js';
import type { TestDatabase } from './support/test-databases.js';

/** The HTTP API through Fastify's `inject`, on a real database of each kind. */

interface InjectResult {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  json(): unknown;
}

function problemOf(res: InjectResult, status: number): Problem {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(res.json());
}

async function rowCounts(database: Database): Promise<{ tenants: number; audit: number }> {
  const count = async (table: 'tenants' | 'audit_log') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { tenants: await count('tenants'), audit: await count('audit_log') };
}

describe.each(testDialects())('the HTTP API on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let app: FastifyInstance;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    app = await buildApp({
      database,
      directory: await loadDirectory(database),
      sipDomain: 'belay.test',
      logger: pino({ level: 'silent' }),
      metrics: createMetricsRegistry(),
      version: '9.9.9-test',
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/tenants', payload: payload as string, headers });

  describe('the OpenAPI document', () => {
    it('describes every tenant operation with schemas from the routes', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as {
        openapi: string;
        info: { version: string };
        paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info.version).toBe('9.9.9-test');
      expect(Object.keys(doc.paths['/api/v1/tenants'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths['/api/v1/tenants/{tenant}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
      expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Tenant', 'TenantCreateInput', 'TenantList', 'TenantUpdateInput']));
      expect(Object.keys(doc.components.schemas['Tenant']?.properties ?? {})).toEqual(['id', 'slug', 'name', 'sipDomain', 'receptionExtension', 'createdAt', 'updatedAt']);

      const create = doc.paths['/api/v1/tenants']?.['post'];
      expect(JSON.stringify(create?.requestBody)).toContain('#/components/schemas/TenantCreateInput');
      expect(JSON.stringify(create?.responses['201'])).toContain('#/components/schemas/Tenant');
      expect(create?.responses['400']).toEqual({
        description: 'Problem: Bad Request',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      });
      expect(create?.parameters).toContainEqual(expect.objectContaining({ name: 'x-belay-actor', in: 'header' }));
      expect(doc.paths['/api/v1/tenants']?.['get']?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['query:limit', 'query:after']);
    });
  });

  describe('health', () => {
    it('is alive and ready', async () => {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready' });
    });
  });

  describe('metrics', () => {
    it('times requests by method, route pattern and status, next to the process metrics', async () => {
      await app.inject({ method: 'GET', url: '/api/v1/tenants/no-such-tenant' });
      await app.inject({ method: 'GET', url: '/api/v1/tenants/no-such-tenant-either' });
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
      expect(res.body).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/tenants\/:tenant",status_code="404"\} 2$/m);
      expect(res.body).toMatch(/^process_cpu_user_seconds_total /m);
      expect(res.body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    });

    it('keeps unknown paths out of the route label', async () => {
      await app.inject({ method: 'GET', url: '/wp-admin/x1' });
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.body).toMatch(/route="unmatched",status_code="404"/);
      expect(res.body).not.toContain('wp-admin');
    });
  });

  describe('tenants', () => {
    it('creates, shows (by id and slug), lists, changes and deletes a tenant', async () => {
      const created = await post({ slug: 'lifecycle', name: 'Lifecycle GmbH' }, { 'x-belay-actor': 'jane@provider' });
      expect(created.statusCode).toBe(201);
      const tenant = created.json() as { id: string; slug: string; name: string; createdAt: string; updatedAt: string };
      expect(tenant).toMatchObject({ slug: 'lifecycle', name: 'Lifecycle GmbH' });
      expect(created.headers['location']).toBe(`/api/v1/tenants/${tenant.id}`);

      expect((await app.inject({ method: 'GET', url: `/api/v1/tenants/${tenant.id}` })).json()).toEqual(tenant);
      expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/lifecycle' })).json()).toEqual(tenant);

      const patched = await app.inject({ method: 'PATCH', url: '/api/v1/tenants/lifecycle', payload: { name: 'Lifecycle AG' } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ id: tenant.id, slug: 'lifecycle', name: 'Lifecycle AG' });

      const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/tenants/${tenant.id}`, headers: { 'x-belay-actor': 'jane@provider' } });
      expect(deleted.statusCode).toBe(204);
      expect(deleted.body).toBe('');
      expect(problemOf(await app.inject({ method: 'GET', url: '/api/v1/tenants/lifecycle' }), 404).detail).toContain('lifecycle');

      const audit = await listAudit(database.db, { entityId: tenant.id });
      expect(audit.items.map((e) => [e.action, e.actorKind, e.actorId])).toEqual([
        ['tenant.create', 'api', 'jane@provider'],
        ['tenant.update', 'api', 'anonymous'],
        ['tenant.delete', 'api', 'jane@provider'],
      ]);
    });

    it('pages through the list with limit and after', async () => {
      for (const slug of ['page-a', 'page-b', 'page-c']) expect((await post({ slug, name: slug })).statusCode).toBe(201);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const query: string = after === null ? 'limit=2' : `limit=2&after=${encodeURIComponent(after)}`;
        const page = (await app.inject({ method: 'GET', url: `/api/v1/tenants?${query}` })).json() as { items: { slug: string }[]; next: string | null };
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((t) => t.slug));
        after = page.next;
      } while (after !== null);
      expect(seen.filter((s) => s.startsWith('page-'))).toEqual(['page-a', 'page-b', 'page-c']);
      expect(problemOf(await app.inject({ method: 'GET', url: '/api/v1/tenants?limit=0' }), 400).errors?.[0]?.field).toBe('limit');
      expect(problemOf(await app.inject({ method: 'GET', url: '/api/v1/tenants?after=garbage' }), 400).errors?.[0]?.field).toBe('after');
    });

    it('answers a duplicate slug with a 409 problem', async () => {
      expect((await post({ slug: 'taken', name: 'First' })).statusCode).toBe(201);
      const problem = problemOf(await post({ slug: 'taken', name: 'Second' }), 409);
      expect(problem).toMatchObject({ type: 'urn:belay:problem:conflict', title: 'Conflict', status: 409, instance: '/api/v1/tenants' });
    });

    it.each([
      { case: 'an empty slug', payload: { slug: '', name: 'X' }, fields: ['slug'] },
      { case: 'a slug with capitals', payload: { slug: 'Acme', name: 'X' }, fields: ['slug'] },
      { case: 'a numeric slug', payload: { slug: 42, name: 'X' }, fields: ['slug'] },
      { case: 'a missing name', payload: { slug: 'no-name' }, fields: ['name'] },
      { case: 'a blank name', payload: { slug: 'blank-name', name: '   ' }, fields: ['name'] },
      { case: 'an unknown field', payload: { slug: 'extra', name: 'X', plan: 'gold' }, fields: ['plan'] },
      { case: 'no body at all', payload: undefined, fields: ['body'] },
      { case: 'an array body', payload: [{ slug: 'a', name: 'b' }], fields: ['body'] },
    ])('rejects $case with a 400 problem naming the field, storing nothing', async ({ payload, fields }) => {
      const before = await rowCounts(database);
      const problem = problemOf(await post(payload), 400);
      expect(problem.type).toBe('urn:belay:problem:validation_failed');
      expect([...new Set(problem.errors?.map((e) => e.field))]).toEqual(fields);
      expect(await rowCounts(database)).toEqual(before);
    });

    it('rejects a body that is not JSON with a 400 problem, storing nothing', async () => {
      const before = await rowCounts(database);
      const res = await post('{"slug": "broken", ', { 'content-type': 'application/json' });
      expect(problemOf(res, 400).type).toBe('urn:belay:problem:malformed_request');
      expect(await rowCounts(database)).toEqual(before);
    });

    it('rejects a body over 1 MiB with a 413 problem, storing nothing', async () => {
      const before = await rowCounts(database);
      const res = await post({ slug: 'huge', name: 'x'.repeat(1024 * 1024) });
      expect(problemOf(res, 413).type).toBe('urn:belay:problem:payload_too_large');
      expect(await rowCounts(database)).toEqual(before);
    });

    it('rejects an invalid change with a 400 problem, leaving the tenant as it was', async () => {
      expect((await post({ slug: 'steady', name: 'Steady' })).statusCode).toBe(201);
      const problem = problemOf(await app.inject({ method: 'PATCH', url: '/api/v1/tenants/steady', payload: { slug: 'Not Valid' } }), 400);
      expect(problem.errors?.map((e) => e.field)).toContain('slug');
      expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/steady' })).json()).toMatchObject({ slug: 'steady', name: 'Steady' });
    });

    it('answers an unknown tenant with a 404 problem for every operation', async () => {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const res = await app.inject({ method, url: '/api/v1/tenants/ghost', ...(method === 'PATCH' ? { payload: { name: 'Ghost' } } : {}) });
        expect(problemOf(res, 404)).toMatchObject({ type: 'urn:belay:problem:not_found', instance: '/api/v1/tenants/ghost' });
      }
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const problem = problemOf(await app.inject({ method: 'GET', url: '/api/v2/tenants' }), 404);
    expect(problem.detail).toBe('There is no route GET /api/v2/tenants.');
  });
});

describe('the HTTP API when its database is gone', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    const database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
    app = await buildApp({ database, directory: new InMemoryDirectory(), sipDomain: 'belay.test', logger, metrics: createMetricsRegistry(), version: 'test' });
    await database.close();
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.dispose();
  });

  it('is alive but not ready (503 problem)', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(problemOf(await app.inject({ method: 'GET', url: '/readyz' }), 503).type).toBe('urn:belay:problem:unavailable');
  });

  it('answers writes with a 500 problem that hides the cause, which is logged under the request id', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/tenants', payload: { slug: 'orphan', name: 'Orphan' } });
    const problem = problemOf(res, 500);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Internal Server Error' });
    expect(problem.detail).toContain(problem.requestId);
    expect(res.body).not.toMatch(/sqlite|database|stack/i);
    expect(logged.find((l) => l['reqId'] === problem.requestId && l['err'])).toBeDefined();
  });
});
