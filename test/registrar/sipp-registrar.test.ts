/**
 * SIPp against the registrar on real UDP and TCP sockets on loopback, with a directory loaded
 * from a database: Digest, bounded challenges, unknown users, 423, several contacts, `*`,
 * Path, NAT sources and qualify.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hasPeer } from '../support/peers.js';
import { runSipp } from '../support/sipp.js';
import type { SippOptions } from '../support/sipp.js';
import { DOMAIN, PASSWORDS, RegistrarServer } from './support/registrar-server.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));

let server: RegistrarServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function sipp(registrar: RegistrarServer, transport: 'udp' | 'tcp', file: string, options: Partial<SippOptions> = {}) {
  return runSipp({
    scenario: { file: scenario(file) },
    remote: registrar.remote(transport),
    transport,
    calls: 1,
    timeoutMs: 15_000,
    injection: ['SEQUENTIAL', `alice;${PASSWORDS.alice}`],
    traceMessages: true,
    ...options,
    keys: { domain: DOMAIN, expires: '120', contact_host: '127.0.0.2:5999', ...options.keys },
  });
}

describe.skipIf(!hasPeer('sipp'))('SIPp against the registrar', () => {
  for (const transport of ['udp', 'tcp'] as const) {
    it(`registers with Digest and lists the Contact with its expiry and a Date, over ${transport}`, async () => {
      server = await RegistrarServer.start();
      const run = await sipp(server, transport, 'register.xml', { calls: 2, injection: ['SEQUENTIAL', `alice;${PASSWORDS.alice}`, `bob;${PASSWORDS.bob}`] });
      expect(run.errors).toBe('');
      expect(run.stats).toMatchObject({ successfulCalls: 2, failedCalls: 0 });
      expect(run.logs).toMatch(new RegExp(`registered <sip:alice@127\\.0\\.0\\.2:5999;transport=${transport.toUpperCase()}>;expires=120 date \\w{3}, `));
      const [binding] = server.service.location.bindingsFor(server.userId('alice'));
      // the binding keeps where the REGISTER came from, not the address the Contact names (NAT)
      expect(binding).toMatchObject({ contact: `sip:alice@127.0.0.2:5999;transport=${transport.toUpperCase()}`, source: { protocol: transport, address: '127.0.0.1' } });
      expect(binding?.source.port).not.toBe(5999);
      expect(server.service.location.bindingsFor(server.userId('bob'))).toHaveLength(1);
    });
  }

  it('lists registrations per tenant and per user through the API, and removes one', async () => {
    server = await RegistrarServer.start();
    expect((await sipp(server, 'udp', 'register.xml')).stats.successfulCalls).toBe(1);
    const { app } = server;
    const listed = await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/registrations' });
    expect(listed.statusCode).toBe(200);
    const [registration] = (listed.json() as { items: { id: string }[] }).items;
    expect(registration).toMatchObject({
      userId: server.userId('alice'),
      aor: `sip:alice@${DOMAIN}`,
      contact: 'sip:alice@127.0.0.2:5999;transport=UDP',
      source: { protocol: 'udp', address: '127.0.0.1' },
      path: [],
      q: 1,
      userAgent: null,
      reachable: 'unknown',
    });
    const byUser = await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/users/100/registrations' });
    expect(byUser.json()).toEqual(listed.json());
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/users/101/registrations' })).json()).toEqual({ items: [] });
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/nobody/registrations' })).statusCode).toBe(404);

    const url = `/api/v1/tenants/acme/registrations/${registration?.id}`;
    expect((await app.inject({ method: 'DELETE', url, headers: { 'x-belay-actor': 'ops' } })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/acme/registrations' })).json()).toEqual({ items: [] });
    expect(server.service.location.size).toBe(0);
  });

  it('gives a wrong password two fresh challenges, then 403; an unknown user gets exactly the same', async () => {
    server = await RegistrarServer.start();
    const wrong = await sipp(server, 'udp', 'register-wrong-password.xml', { injection: ['SEQUENTIAL', 'alice;Not-her-password1'] });
    const unknown = await sipp(server, 'udp', 'register-wrong-password.xml', { injection: ['SEQUENTIAL', 'mallory;Not-her-password1'] });
    const noPassword = await sipp(server, 'udp', 'register-wrong-password.xml', { injection: ['SEQUENTIAL', 'carol;Not-her-password1'] });
    for (const run of [wrong, unknown, noPassword]) {
      expect(run.errors).toBe('');
      expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
    }
    expect(receivedResponses(unknown.messages)).toEqual(receivedResponses(wrong.messages));
    expect(receivedResponses(wrong.messages).map((r) => r.split('\n')[0])).toEqual([
      'SIP/2.0 401 Unauthorized',
      'SIP/2.0 401 Unauthorized',
      'SIP/2.0 401 Unauthorized',
      'SIP/2.0 403 Forbidden',
    ]);
    expect(server.service.location.size).toBe(0);
  });

  it('answers a too short expiry with 423 Interval Too Brief and Min-Expires', async () => {
    server = await RegistrarServer.start();
    const run = await sipp(server, 'udp', 'register-too-brief.xml');
    expect(run.errors).toBe('');
    expect(run.stats.successfulCalls).toBe(1);
    expect(run.logs).toMatch(/min-expires 60/);
  });

  it('holds several contacts with their q-values', async () => {
    server = await RegistrarServer.start();
    const run = await sipp(server, 'udp', 'register-contacts.xml');
    expect(run.errors).toBe('');
    expect(run.logs).toMatch(/contacts <sip:alice@127\.0\.0\.3:5062>;expires=600;q=0\.9, <sip:alice@127\.0\.0\.2:5062>;expires=3600;q=0\.5/);
    expect(server.service.location.bindingsFor(server.userId('alice')).map((b) => [b.contact, b.q, Math.round((b.expiresAt - Date.now()) / 60_000)])).toEqual([
      ['sip:alice@127.0.0.3:5062', 0.9, 10],
      ['sip:alice@127.0.0.2:5062', 0.5, 60],
    ]);
  });

  it('removes every binding on Contact: * with Expires: 0', async () => {
    server = await RegistrarServer.start();
    const run = await sipp(server, 'tcp', 'unregister-all.xml');
    expect(run.errors).toBe('');
    expect(run.stats.successfulCalls).toBe(1);
    expect(run.logs).not.toMatch(/left \S/);
    expect(server.service.location.size).toBe(0);
  });

  it('returns the Path to a phone that supports it, and keeps it for requests to the phone', async () => {
    server = await RegistrarServer.start();
    const run = await sipp(server, 'udp', 'register-path.xml');
    expect(run.errors).toBe('');
    expect(run.logs).toMatch(/path\s+<sip:edge\.acme\.belay\.test;lr>/);
    expect(server.service.location.bindingsFor(server.userId('alice'))[0]?.path).toEqual(['<sip:edge.acme.belay.test;lr>']);
  });

  for (const transport of ['udp', 'tcp'] as const) {
    it(`qualifies a phone behind NAT with OPTIONS sent to where it registered from, over ${transport}`, async () => {
      server = await RegistrarServer.start({ qualify: { intervalMs: 500, giveUpMs: 60_000 } });
      const run = await sipp(server, transport, 'register-then-wait.xml', { extraArgs: ['-oocsf', scenario('answer-options.xml')] });
      // SIPp notes each message it hands to the out-of-call scenario among its errors
      expect(run.errors.split('\n').filter((line) => /\d: /.test(line) && !/out-of-call OPTIONS/.test(line))).toEqual([]);
      expect(run.stats.successfulCalls).toBe(1);
      // the OPTIONS names the Contact (a private address nobody listens at) yet reached SIPp
      expect(run.logs).toMatch(new RegExp(`options to sip:alice@127\\.0\\.0\\.2:5999;transport=${transport.toUpperCase()}`));
      expect(server.service.location.bindingsFor(server.userId('alice'))[0]?.reachable).toBe('reachable');
    });
  }
});

/** The responses SIPp received in a `-trace_msg` log, with what differs per request blanked (nonce, tags, branch, Call-ID, user). */
function receivedResponses(log: string): string[] {
  return log
    .split(/-{10,}.*\n/)
    .filter((block) => /message received/.test(block))
    .map((block) => block.slice(block.indexOf('SIP/2.0')).trim())
    .map((message) =>
      message
        .replace(/nonce="[^"]*"/g, 'nonce="…"')
        .replace(/tag=[^\s;,>]+/g, 'tag=…')
        .replace(/branch=[^\s;,]+/g, 'branch=…')
        .replace(/Call-ID: .*/g, 'Call-ID: …')
        .replace(/sip:[a-z]+@/g, 'sip:…@')
        .replace(/rport=\d+/g, 'rport=…')
        .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:…')
        .replace(/\r/g, ''),
    );
}
