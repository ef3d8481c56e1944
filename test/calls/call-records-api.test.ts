/**
 * The call records and the calls in progress through the HTTP API (Fastify `inject`): the
 * records a finished call left, filtered and paged, and a ringing call in the live list.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CallRecordWriter, InMemoryDirectory } from '../../src/centrex/index.js';
import { SystemClock } from '../../src/sip/index.js';
import { buildApp, createMetricsRegistry } from '../../src/http/index.js';
import { insertTenant } from '../../src/store/index.js';
import type { FastifyInstance } from 'fastify';
import { useMigratedDatabase } from '../store/support/test-database.js';
import { DOMAIN, MemoryPbx, TENANT, pbxUser } from './support/memory-pbx.js';
import { testSdp } from './support/test-phone.js';

const ALICE = pbxUser('201', 'Alice Adler');
const BOB = pbxUser('202', 'Bob Berger');

describe('calls through the API', () => {
  const database = useMigratedDatabase('sqlite');
  let pbx: MemoryPbx | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await pbx?.stop();
  });

  async function start(withCalls: boolean): Promise<{ app: FastifyInstance; pbx: MemoryPbx }> {
    const at = new Date().toISOString();
    await insertTenant(database().db, { id: TENANT.id, slug: TENANT.slug, name: TENANT.name, sip_domain: DOMAIN, created_at: at, updated_at: at });
    pbx = await MemoryPbx.start([ALICE, BOB]);
    app = await buildApp({
      database: database(),
      directory: new InMemoryDirectory(),
      sipDomain: 'belay.test',
      ...(withCalls ? { calls: pbx.b2bua } : {}),
      logger: pino({ level: 'silent' }),
      metrics: createMetricsRegistry(),
      version: 'test',
    });
    return { app, pbx };
  }

  it('lists a ringing call as active, then its record once it ended', async () => {
    const { app, pbx } = await start(true);
    const alice = await pbx.phone(ALICE);
    await pbx.phone(BOB, { onInvite: (call) => call.ring() });
    const call = alice.dial('202', { sdp: testSdp('192.0.2.20', 4000) });
    pbx.run(100);
    const active = await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls/active' });
    expect(active.statusCode).toBe(200);
    expect(active.json()).toMatchObject({ items: [{ state: 'ringing', dialled: '202', ringing: '202', caller: { extension: '201', name: 'Alice Adler' } }] });

    call.cancel();
    pbx.run(100);
    const writer = new CallRecordWriter(
      database(),
      (error) => {
        throw error;
      },
      new SystemClock(),
    );
    for (const record of pbx.calls.records) writer.record(record);
    await writer.flush();
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls/active' })).json()).toEqual({ items: [] });
    const listed = await app.inject({ method: 'GET', url: `/api/v1/tenants/${TENANT.id}/calls?extension=202&disposition=cancelled` });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({ items: [{ dialled: '202', disposition: 'cancelled', sipStatus: 487, answeredBy: null }], next: null });
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls?disposition=answered' })).json()).toEqual({ items: [], next: null });
    // a call between two extensions is internal
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls?direction=internal' })).json()).toMatchObject({ items: [{ dialled: '202', direction: 'internal' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls?direction=outbound' })).json()).toEqual({ items: [], next: null });
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls?direction=inbound' })).json()).toEqual({ items: [], next: null });
  });

  it('answers bad filters with 400 naming the field, an unknown tenant with 404, and the live list without the SIP side with 503', async () => {
    const { app } = await start(false);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls?from=yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from');
    const sideways = await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls?direction=sideways' });
    expect(sideways.statusCode).toBe(400);
    expect(sideways.json()).toMatchObject({ errors: [{ field: 'direction', message: 'must be one of internal, outbound, inbound' }] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/nowhere/calls' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/calls/active' })).statusCode).toBe(503);
    const spec = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.body).toContain('/api/v1/tenants/{tenant}/calls/active');
  });
});
