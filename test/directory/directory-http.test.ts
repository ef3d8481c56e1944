import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/centrex/index.js';
import type { InMemoryDirectory } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry, problemSchema } from '../../src/http/index.js';
import type { Problem } from '../../src/http/index.js';
import { ha1 } from '../../src/sip/index.js';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';

/** Users and devices through the HTTP API (Fastify's `inject`), on a real database of each kind. */

interface Reply {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  json(): unknown;
}

function problemOf(res: Reply, status: number): Problem {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(res.json());
}

interface UserBody {
  id: string;
  tenantId: string;
  extension: string;
  hasPassword: boolean;
  generatedPassword?: string;
}

const password = 'Correct-Horse-7';

describe.each(testDialects())('users and devices over HTTP on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let directory: InMemoryDirectory;
  let app: FastifyInstance;
  let tenantId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    directory = await loadDirectory(database);
    app = await buildApp({ database, directory, sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test' });
    const tenant = await app.inject({ method: 'POST', url: '/api/v1/tenants', payload: { slug: 'acme', name: 'ACME' } });
    expect(tenant.json()).toMatchObject({ sipDomain: 'acme.pbx.test' });
    tenantId = (tenant.json() as { id: string }).id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1/tenants/acme${url}`, headers: { 'x-belay-actor': 'jane' }, ...(payload !== undefined && { payload: payload as string }) });

  async function userCount(): Promise<number> {
    return Number((await database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  }

  it('creates a user (201, Location), shows it by id and extension, and never returns a password or hash', async () => {
    const created = await inject('POST', '/users', { extension: '201', name: 'Erika Muster', sipUsername: 'erika', password });
    expect(created.statusCode).toBe(201);
    const user = created.json() as UserBody;
    expect(created.headers['location']).toBe(`/api/v1/tenants/${tenantId}/users/${user.id}`);
    expect(user).toMatchObject({ extension: '201', hasPassword: true });
    expect(Object.keys(user).sort()).toEqual(
      ['classOfService', 'clir', 'createdAt', 'dnd', 'email', 'extension', 'forwarding', 'hasPassword', 'id', 'name', 'ringExternal', 'sipUsername', 'tenantId', 'updatedAt'],
    );
    const shown = [await inject('GET', `/users/${user.id}`), await inject('GET', '/users/201'), await inject('GET', '/users?extension=201')];
    const hashes = [ha1('erika', 'acme.pbx.test', password, 'MD5'), ha1('erika', 'acme.pbx.test', password, 'SHA-256')];
    for (const res of [created, ...shown]) {
      expect(res.statusCode).toBe(200 + (res === created ? 1 : 0));
      for (const secret of [password, ...hashes]) expect(res.body).not.toContain(secret);
    }
    expect(directory.userBySipUsername(tenantId, 'erika')?.credentials?.ha1.MD5).toBe(hashes[0]);
  });

  it('answers bad input with 400 naming each field, and stores nothing', async () => {
    const before = await userCount();
    const problem = problemOf(await inject('POST', '/users', { extension: '02', name: '', forwarding: { busy: 'nowhere' }, pin: 1 }), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual(['extension', 'name', 'forwarding.busy', 'pin']);
    expect(problemOf(await inject('POST', '/users', { extension: '205', name: 'X', forwarding: { busy: '299' } }), 400).errors).toEqual([
      { field: 'forwarding.busy', message: 'extension 299 does not exist in this tenant' },
    ]);
    expect(problemOf(await inject('POST', '/users', { extension: '205', name: 'X', password: 'weakweakweak' }), 400).errors).toEqual([
      { field: 'password', message: 'must mix at least two kinds of character (lowercase, uppercase, digits, symbols)' },
    ]);
    expect(await userCount()).toBe(before);
  });

  it('answers a taken extension with 409 naming extension', async () => {
    const problem = problemOf(await inject('POST', '/users', { extension: '201', name: 'Twin' }), 409);
    expect(problem).toMatchObject({ type: 'urn:belay:problem:conflict', errors: [{ field: 'extension', message: '"201" is already taken' }] });
  });

  it('sets a password, or generates one and returns it once', async () => {
    const generated = await inject('PUT', '/users/201/password', { generate: true });
    expect(generated.statusCode).toBe(200);
    const body = generated.json() as UserBody;
    expect(body.generatedPassword).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(directory.userByExtension(tenantId, '201')?.credentials?.ha1['SHA-256']).toBe(
      ha1('erika', 'acme.pbx.test', body.generatedPassword ?? '', 'SHA-256'),
    );
    expect((await inject('GET', '/users/201')).body).not.toContain(body.generatedPassword);
    const set = await inject('PUT', '/users/201/password', { password });
    expect(set.statusCode).toBe(200);
    expect(set.json()).not.toHaveProperty('generatedPassword');
    expect(problemOf(await inject('PUT', '/users/201/password', {}), 400).errors).toEqual([{ field: 'body', message: 'give either a password or generate: true' }]);
  });

  it('refuses a new SIP username without a new password, and a SIP domain change while users have passwords', async () => {
    expect(problemOf(await inject('PATCH', '/users/201', { sipUsername: 'erika.m' }), 400).errors?.[0]?.field).toBe('sipUsername');
    const problem = problemOf(await app.inject({ method: 'PATCH', url: '/api/v1/tenants/acme', payload: { sipDomain: 'sip.acme.example' } }), 409);
    expect(problem.detail).toMatch(/1 user has a SIP password, .*resetPasswords: true/);
    expect(directory.tenantByDomain('acme.pbx.test')?.id).toBe(tenantId);
  });

  it('changes forwarding and do-not-disturb, visible at once in the directory', async () => {
    expect((await inject('POST', '/users', { extension: '202', name: 'Max' })).statusCode).toBe(201);
    const res = await inject('PATCH', '/users/202', { dnd: true, forwarding: { noAnswer: { target: '201', seconds: 15 }, unregistered: '0151 12345678' } });
    expect(res.statusCode).toBe(200);
    expect(directory.userByExtension(tenantId, '202')).toMatchObject({
      dnd: true,
      forwarding: {
        noAnswer: { target: { kind: 'extension', extension: '201' }, seconds: 15 },
        unregistered: { kind: 'external', number: '+4915112345678' },
      },
    });
    expect(problemOf(await inject('DELETE', '/users/201'), 409).detail).toContain('202 (Max) forwards calls to extension 201');
  });

  it('keeps a device inventory: MAC normalized, malformed MAC 400 naming mac, duplicate 409', async () => {
    const created = await inject('POST', '/devices', { label: 'Erika’s desk', mac: '00:15:65:BD:56:D4', vendor: 'Yealink', user: '201' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ mac: '001565bd56d4', userId: directory.userByExtension(tenantId, '201')?.id });
    expect(problemOf(await inject('POST', '/devices', { label: 'X', mac: 'zz:15:65:bd:56:d4' }), 400).errors?.map((e) => e.field)).toEqual(['mac']);
    expect(problemOf(await inject('POST', '/devices', { label: 'X', mac: '001565bd56d4' }), 409).errors?.map((e) => e.field)).toEqual(['mac']);
    expect((await inject('PATCH', '/devices/00-15-65-bd-56-d4', { user: null })).json()).toMatchObject({ userId: null });
    expect((await inject('GET', '/devices')).json()).toMatchObject({ items: [{ label: 'Erika’s desk' }], next: null });
  });

  it('keeps a tenant with users and devices from being deleted, end to end', async () => {
    const problem = problemOf(await app.inject({ method: 'DELETE', url: '/api/v1/tenants/acme' }), 409);
    expect(problem.detail).toBe('tenant "acme" still has 2 users, 1 device; delete them first');
    await inject('PATCH', '/users/202', { forwarding: { noAnswer: null } });
    for (const url of ['/users/201', '/users/202', '/devices/001565bd56d4']) expect((await inject('DELETE', url)).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/tenants/acme' })).statusCode).toBe(204);
    expect(directory.tenantById(tenantId)).toBeUndefined();
    expect(directory.userCount).toBe(0);
  });

  it('describes the users and devices operations in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.paths['/api/v1/tenants/{tenant}/users'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/tenants/{tenant}/users/{user}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/tenants/{tenant}/users/{user}/password'] ?? {})).toEqual(['put']);
    expect(Object.keys(doc.paths['/api/v1/tenants/{tenant}/users/bulk'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/v1/tenants/{tenant}/devices/{device}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(doc.components.schemas['User']?.properties ?? {})).not.toContain('password');
    expect(doc.components.schemas).toHaveProperty('UserCreateInput');
    expect(doc.components.schemas).toHaveProperty('DeviceCreateInput');
  });
});
