import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory, loadTelephony, TrunkGate, TrunkRegistrations } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry, problemSchema } from '../../src/http/index.js';
import type { Problem } from '../../src/http/index.js';
import { sequentialIds } from '../../src/sip/index.js';
import { insertSites, listAudit, migrateToLatest, openDatabase } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { CARRIER, MemoryTrunkWorld } from '../trunk-registration/support/memory-trunk-world.js';

/**
 * Trunks, trunk profiles and the telephony settings over the HTTP API (Fastify's `inject`), on a
 * real database of each kind; a trunk's status comes from real registrations at a carrier on
 * the memory network, read from the trunks the API stored.
 */

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

/** The account the memory carrier knows (see `MemoryTrunkWorld.carrier`). */
const carrierTrunk = {
  name: 'Carrier',
  mode: 'register',
  host: CARRIER.host,
  port: CARRIER.port,
  domain: 'sip.carrier.example',
  username: '4922198765430',
  password: 'trunk-secret',
  profile: 'telekom',
  defaultNumber: '+49 221 98765430',
};

describe.each(testDialects())('trunks over HTTP on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let world: MemoryTrunkWorld;
  let registrations: TrunkRegistrations;
  let app: FastifyInstance;
  let tenantId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    world = await MemoryTrunkWorld.start();
    await world.carrier();
    registrations = new TrunkRegistrations({ stack: world.belay, clock: world.clock, ids: sequentialIds('reg'), gate: new TrunkGate(world.clock) });
    app = await buildApp({
      database,
      directory: await loadDirectory(database),
      sipDomain: 'pbx.test',
      trunkStatus: registrations,
      logger: pino({ level: 'silent' }),
      metrics: createMetricsRegistry(),
      version: 'test',
    });
    tenantId = ((await app.inject({ method: 'POST', url: '/api/v1/tenants', payload: { slug: 'acme', name: 'ACME' } })).json() as { id: string }).id;
  });
  afterAll(async () => {
    // unregistering waits for the carrier's answer, which travels on the simulated clock
    const unregistered = registrations?.stop();
    await world?.run(1000);
    await unregistered;
    await world?.stop();
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { 'x-belay-actor': 'jane' }, ...(payload !== undefined && { payload: payload as string }) });

  it('creates a tenant’s trunk (201, Location), shows it by id and name, and never returns its password', async () => {
    const created = await inject('POST', '/tenants/acme/trunks', carrierTrunk);
    expect(created.statusCode).toBe(201);
    const trunk = created.json() as { id: string; tenantId: string };
    expect(created.headers['location']).toBe(`/api/v1/tenants/${tenantId}/trunks/${trunk.id}`);
    expect(trunk).toMatchObject({ tenantId, name: 'Carrier', passwordSet: true, defaultNumber: '+4922198765430', profile: 'telekom' });
    expect(trunk).not.toHaveProperty('password');
    const shown = [await inject('GET', `/tenants/acme/trunks/${trunk.id}`), await inject('GET', '/tenants/acme/trunks/Carrier'), await inject('GET', '/tenants/acme/trunks')];
    for (const res of [created, ...shown]) {
      expect(res.statusCode).toBe(200 + (res === created ? 1 : 0));
      expect(res.body).not.toContain('trunk-secret');
    }
    expect(shown[0]?.json()).toEqual(trunk);
    expect(shown[2]?.json()).toEqual({ items: [trunk] });
    const audit = await listAudit(database.db, { entityType: 'trunk' });
    expect(audit.items[0]).toMatchObject({ actorKind: 'api', actorId: 'jane', action: 'trunk.create' });
  });

  it('answers bad input with 400 naming each field, a taken name with 409, an unknown trunk with 404', async () => {
    const bad = problemOf(await inject('POST', '/tenants/acme/trunks', { ...carrierTrunk, name: 'Other', host: 'carrier', port: 'x', maxCps: 0 }), 400);
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['host', 'maxCps', 'port']);
    const account = problemOf(await inject('POST', '/tenants/acme/trunks', { ...carrierTrunk, name: 'Other', password: undefined }), 400);
    expect(account.errors).toEqual([{ field: 'password', message: 'is required for a trunk that registers' }]);
    const taken = problemOf(await inject('POST', '/tenants/acme/trunks', carrierTrunk), 409);
    expect(taken.errors).toEqual([{ field: 'name', message: '"Carrier" is already taken' }]);
    problemOf(await inject('GET', '/tenants/acme/trunks/nothing'), 404);
    problemOf(await inject('PATCH', '/tenants/acme/trunks/Carrier', { priority: 0 }), 400);
    expect(await inject('GET', '/tenants/acme/trunks/Carrier')).toMatchObject({ statusCode: 200 });
    expect(((await inject('GET', '/tenants/acme/trunks')).json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('shows a trunk’s registration once the server runs the trunks it stored; one it does not run is idle', async () => {
    const idle = await inject('GET', '/tenants/acme/trunks/Carrier/status');
    expect(idle.json()).toMatchObject({ name: 'Carrier', mode: 'register', enabled: true, live: false, state: 'idle', registeredUntil: null, activeCalls: 0 });

    const model = await loadTelephony(database);
    await registrations.reconcile(model.allTrunks());
    await world.run(100);
    const status = (await inject('GET', '/tenants/acme/trunks/Carrier/status')).json() as { registeredUntil: string; lastAttemptAt: string };
    expect(status).toMatchObject({ live: true, state: 'registered', lastError: null, activeCalls: 0 });
    expect(Date.parse(status.registeredUntil)).toBeGreaterThan(Date.parse(status.lastAttemptAt));
    problemOf(await inject('GET', '/tenants/acme/trunks/nothing/status'), 404);
  });

  it('keeps shared trunks under /trunks, apart from the tenant’s', async () => {
    const created = await inject('POST', '/trunks', { name: 'Carrier', mode: 'ip', host: '192.0.2.40', inboundAddresses: ['192.0.2.41'] });
    expect(created.statusCode).toBe(201);
    const shared = created.json() as { id: string };
    expect(created.headers['location']).toBe(`/api/v1/trunks/${shared.id}`);
    expect(shared).toMatchObject({ tenantId: null, passwordSet: false });
    expect(((await inject('GET', '/trunks')).json() as { items: { id: string }[] }).items.map((t) => t.id)).toEqual([shared.id]);
    expect((await inject('PATCH', `/trunks/${shared.id}`, { enabled: false })).json()).toMatchObject({ enabled: false });
    problemOf(await inject('GET', `/tenants/acme/trunks/${shared.id}`), 404);
    problemOf(await inject('PATCH', '/trunks/Carrier', { site: 'Köln' }), 400);
    expect((await inject('GET', `/trunks/${shared.id}/status`)).json()).toMatchObject({ live: false, state: 'idle' });
    expect((await inject('DELETE', `/trunks/${shared.id}`)).statusCode).toBe(204);
    expect(((await inject('GET', '/trunks')).json() as { items: unknown[] }).items).toEqual([]);
  });

  it('manages custom trunk profiles next to the built-in ones, and refuses to delete one in use', async () => {
    const definition = { fromUser: 'npn', fromDisplay: 'name', ppi: 'upn', pai: 'none', format: 'national', userPhone: false, diversion: true };
    const created = await inject('POST', '/tenants/acme/trunk-profiles', { name: 'acme-pbx', ...definition });
    expect(created.statusCode).toBe(201);
    expect(created.headers['location']).toBe('/api/v1/trunk-profiles/acme-pbx');
    expect(created.json()).toMatchObject({ name: 'acme-pbx', builtin: false, tenantId });
    expect(problemOf(await inject('POST', '/trunk-profiles', { name: 'sipgate', ...definition }), 400).errors).toEqual([{ field: 'name', message: 'is the name of a built-in profile' }]);
    expect(((await inject('GET', '/tenants/acme/trunk-profiles')).json() as { items: { name: string }[] }).items.map((p) => p.name)).toEqual([
      'generic', 'telekom', 'sipgate', 'nfon', 'dts', 'acme-pbx',
    ]);
    expect((await inject('GET', '/trunk-profiles/telekom')).json()).toMatchObject({ builtin: true, ppi: 'npn', id: null });
    expect((await inject('PATCH', '/trunk-profiles/acme-pbx', { format: 'e164' })).json()).toMatchObject({ format: 'e164', ppi: 'upn' });
    expect(problemOf(await inject('PATCH', '/trunk-profiles/acme-pbx', { format: 'e.164' }), 400).errors?.map((e) => e.field)).toEqual(['format']);
    problemOf(await inject('PATCH', '/trunk-profiles/generic', { format: 'national' }), 409);

    expect((await inject('PATCH', '/tenants/acme/trunks/Carrier', { profile: 'acme-pbx' })).json()).toMatchObject({ profile: 'acme-pbx' });
    expect(problemOf(await inject('DELETE', '/trunk-profiles/acme-pbx'), 409).detail).toContain('used by the trunk "Carrier"');
    await inject('PATCH', '/tenants/acme/trunks/Carrier', { profile: 'telekom' });
    expect((await inject('DELETE', '/trunk-profiles/acme-pbx')).statusCode).toBe(204);
    problemOf(await inject('GET', '/trunk-profiles/acme-pbx'), 404);
  });

  it('sets the tenant’s reception and a site’s emergency number, refusing what does not exist', async () => {
    expect(problemOf(await inject('PATCH', '/tenants/acme', { receptionExtension: '200' }), 400).errors).toEqual([
      { field: 'receptionExtension', message: 'extension 200 does not exist in this tenant' },
    ]);
    await inject('POST', '/tenants/acme/users', { extension: '200', name: 'Zentrale' });
    expect((await inject('PATCH', '/tenants/acme', { receptionExtension: '200' })).json()).toMatchObject({ receptionExtension: '200' });
    expect((await inject('GET', '/tenants/acme')).json()).toMatchObject({ receptionExtension: '200' });

    const stamp = new Date().toISOString();
    const siteId = crypto.randomUUID();
    await insertSites(database.db, [{ id: siteId, tenant_id: tenantId, name: 'Köln', address: 'Domkloster 4, 50667 Köln', area_code: '221', created_at: stamp, updated_at: stamp }]);
    const site = await inject('PATCH', `/tenants/acme/migration/sites/${siteId}`, { emergencyNumber: '0221 98765430' });
    expect(site.json()).toMatchObject({ id: siteId, name: 'Köln', areaCode: '221', emergencyNumber: '+4922198765430' });
    expect((await inject('GET', '/tenants/acme/migration/sites')).json()).toMatchObject({ items: [{ id: siteId, emergencyNumber: '+4922198765430' }] });
    expect(problemOf(await inject('PATCH', '/tenants/acme/migration/sites/Köln', { emergencyNumber: '089 1234567' }), 400).errors?.map((e) => e.field)).toEqual([
      'emergencyNumber',
    ]);
    problemOf(await inject('PATCH', '/tenants/acme/migration/sites/Bonn', { emergencyNumber: null }), 404);
  });

  it('describes the new operations in the OpenAPI document under the trunks and telephony tags', async () => {
    const doc = (await inject('GET', '/openapi.json')).json() as { paths: Record<string, Record<string, { tags?: string[] }>>; tags: { name: string }[] };
    const tagOf = (path: string, method: string) => doc.paths[`/api/v1${path}`]?.[method]?.tags;
    expect(tagOf('/tenants/{tenant}/trunks', 'post')).toEqual(['trunks']);
    expect(tagOf('/tenants/{tenant}/trunks/{trunk}/status', 'get')).toEqual(['trunks']);
    expect(tagOf('/trunks/{trunk}', 'patch')).toEqual(['trunks']);
    expect(tagOf('/trunk-profiles/{profile}', 'delete')).toEqual(['trunks']);
    expect(tagOf('/tenants/{tenant}/migration/sites/{site}', 'patch')).toEqual(['telephony']);
    expect(doc.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['trunks', 'telephony']));
  });
});
