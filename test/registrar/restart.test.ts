/**
 * `belay serve` as a process, restarted: a phone registered before a graceful stop is still
 * registered after the start, and the OPTIONS keep-alive of the new process reaches the phone
 * at the address it registered from.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer } from '../app/support/belay-process.js';
import type { RunningServer } from '../app/support/belay-process.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort, runSipp } from '../support/sipp.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));
const DOMAIN = 'acme.restart.test';
const PASSWORD = 'Restart-me-42';

async function api(server: RunningServer, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${url}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Registration {
  readonly id: string;
  readonly contact: string;
  readonly source: { readonly protocol: string; readonly address: string; readonly port: number };
  readonly reachable: string;
}

async function registrations(server: RunningServer): Promise<readonly Registration[]> {
  const response = await api(server, 'GET', '/api/v1/tenants/acme/registrations');
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Registration[] }).items;
}

describe.skipIf(!hasPeer('sipp')).each(testDialects())('belay serve restarted on %s', (dialect) => {
  let testDb: TestDatabase | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    server?.child.kill('SIGKILL');
    await testDb?.dispose();
  });

  it('keeps a registration across a graceful restart, and qualify reaches the phone where it registered from', { timeout: 90_000 }, async () => {
    testDb = await createTestDatabase(dialect);
    const sipPort = await freeSippPort();
    const phonePort = await freeSippPort();
    const env = {
      BELAY_DATA_DIR: path.join(testDb.dir, 'data'),
      BELAY_DB_URL: testDb.url,
      BELAY_SIP_PORT: String(sipPort),
      BELAY_SIP_QUALIFY_INTERVAL: '1',
    };
    server = await spawnServer(env, testDb.dir);
    expect((await api(server, 'POST', '/api/v1/tenants', { slug: 'acme', name: 'ACME', sipDomain: DOMAIN })).status).toBe(201);
    const created = await api(server, 'POST', '/api/v1/tenants/acme/users', { extension: '100', name: 'Alice', sipUsername: 'alice', password: PASSWORD });
    expect(created.status).toBe(201);

    const registered = await runSipp({
      scenario: { file: scenario('register.xml') },
      remote: `127.0.0.1:${sipPort}`,
      transport: 'udp',
      calls: 1,
      timeoutMs: 15_000,
      injection: ['SEQUENTIAL', `alice;${PASSWORD}`],
      keys: { domain: DOMAIN, expires: '600', contact_host: '127.0.0.2:5999' },
      extraArgs: ['-p', String(phonePort)],
    });
    expect(registered.errors).toBe('');
    expect(registered.stats.successfulCalls).toBe(1);
    const before = await registrations(server);
    expect(before).toEqual([expect.objectContaining({ contact: 'sip:alice@127.0.0.2:5999;transport=UDP', source: { protocol: 'udp', address: '127.0.0.1', port: phonePort } })]);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const messages = server.logs.map((l) => l['msg']);
    expect(messages.indexOf('stopped sip')).toBeGreaterThan(messages.indexOf('shutting down'));
    expect(messages.indexOf('stopped database')).toBeGreaterThan(messages.indexOf('stopped sip'));

    server = await spawnServer(env, testDb.dir);
    expect(server.logs.find((l) => l['msg'] === 'SIP listening')).toMatchObject({ registrations: 1 });
    expect((await registrations(server)).map((r) => [r.id, r.source])).toEqual(before.map((r) => [r.id, r.source]));

    // the phone, listening where it registered from, answers the new process's keep-alive
    const phone = await runSipp({
      scenario: { file: scenario('answer-options.xml') },
      remote: `127.0.0.1:${sipPort}`,
      transport: 'udp',
      calls: 1,
      timeoutMs: 15_000,
      traceMessages: true,
      extraArgs: ['-p', String(phonePort)],
    });
    expect(phone.stats.successfulCalls).toBe(1);
    expect(phone.logs).toMatch(/options to sip:alice@127\.0\.0\.2:5999;transport=UDP/);
    expect((await registrations(server))[0]?.reachable).toBe('reachable');
  });
});
