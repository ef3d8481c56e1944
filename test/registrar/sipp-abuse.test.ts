/**
 * SIPp against the SIP service under abuse, on real sockets on loopback: a source that keeps
 * failing authentication is blocked (its messages go unanswered) until the block is lifted
 * through the API; a REGISTER flood that drives the server into shedding load does not end a
 * call in progress — its BYE still gets 200.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/index.js';
import { hasPeer } from '../support/peers.js';
import { runSipp } from '../support/sipp.js';
import { answeringCalls } from './support/answering-calls.js';
import { DOMAIN, PASSWORDS, RegistrarServer } from './support/registrar-server.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));

let server: RegistrarServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const keys = { domain: DOMAIN, expires: '120', contact_host: '127.0.0.2:5999' };

describe.skipIf(!hasPeer('sipp'))('SIPp: abuse', () => {
  it('blocks a source after repeated failures, lists the block, and registers again once it is lifted through the API', { timeout: 60_000 }, async () => {
    server = await RegistrarServer.start({ abuse: { windowMs: 60_000, threshold: 4, blockMs: 900_000, allow: [] } });
    const remote = server.remote('udp');
    const guessing = { scenario: { file: scenario('register-wrong-password.xml') }, remote, transport: 'udp', keys } as const;

    const first = await runSipp({ ...guessing, calls: 1, timeoutMs: 10_000, injection: ['SEQUENTIAL', 'alice;Guess-number-1'] });
    expect(first.stats.successfulCalls).toBe(1); // 3 failures, answered all the way to 403
    const second = await runSipp({ ...guessing, calls: 1, timeoutMs: 3000, injection: ['SEQUENTIAL', 'alice;Guess-number-2'] });
    expect(second.stats.successfulCalls).toBe(0); // the 4th failure blocks: what follows it is not answered
    expect([1, 3, 5].map((step) => second.counts.get(`${step}_401_Recv`) ?? 0)).toEqual([1, 1, 0]);

    const blocks = await server.app.inject({ method: 'GET', url: '/api/v1/security/blocks' });
    expect(blocks.json()).toEqual({ items: [expect.objectContaining({ address: '127.0.0.1', failures: 4 })] });
    const metrics = (await server.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^belay_sip_source_blocks_total 1$/m);
    expect(metrics).toMatch(/^belay_sip_blocked_messages_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^belay_sip_auth_failures_total\{reason="wrong_credentials"\} 4$/m);
    expect(metrics).toMatch(/^belay_sip_register_responses_total\{status="401"\} 5$/m);
    expect(metrics).toMatch(/^belay_sip_register_responses_total\{status="403"\} 1$/m);

    const register = { scenario: { file: scenario('register.xml') }, remote, transport: 'udp', keys, injection: ['SEQUENTIAL', `alice;${PASSWORDS.alice}`] } as const;
    expect((await runSipp({ ...register, calls: 1, timeoutMs: 3000 })).stats.successfulCalls).toBe(0);

    const lifted = await server.app.inject({ method: 'DELETE', url: '/api/v1/security/blocks/127.0.0.1', headers: { 'x-belay-actor': 'ops' } });
    expect(lifted.statusCode).toBe(204);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/v1/security/blocks/127.0.0.1' })).statusCode).toBe(404);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/security/blocks' })).json()).toEqual({ items: [] });
    const audit = await listAudit(server.database.db, { limit: 100 });
    expect(audit.items.filter((e) => e.action === 'sip_block.delete')).toEqual([
      expect.objectContaining({ entityId: '127.0.0.1', actorKind: 'api', actorId: 'ops' }),
    ]);

    const again = await runSipp({ ...register, calls: 1, timeoutMs: 10_000 });
    expect(again.errors).toBe('');
    expect(again.stats.successfulCalls).toBe(1);
    expect(server.service.location.bindingsFor(server.userId('alice'))).toHaveLength(1);
    expect((await server.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^belay_sip_registrations 1$/m);
  });

  it('keeps a call in progress through a REGISTER flood that is refused with 503: its BYE gets 200', { timeout: 60_000 }, async () => {
    let calls: ReturnType<typeof answeringCalls> | undefined;
    server = await RegistrarServer.start({
      admission: { maxMessagesPerSecond: 300, maxServerTransactions: 10_000 },
      calls: ({ stack, ids }) => (calls = answeringCalls(stack, ids)),
    });
    const remote = server.remote('udp');
    const call = runSipp({ scenario: { file: scenario('call-held.xml') }, remote, transport: 'udp', calls: 1, timeoutMs: 20_000, keys, traceMessages: true });
    // the call is set up before the flood starts; its BYE comes 4 s later, in the middle of it
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const flood = await runSipp({
      scenario: { file: scenario('register-flood.xml') },
      remote,
      transport: 'udp',
      calls: 6000,
      rate: 1500,
      timeoutMs: 20_000,
      keys,
      extraArgs: ['-nr', '-recv_timeout', '2000'],
    });
    const held = await call;

    expect(held.errors).toBe('');
    expect(held.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
    expect(held.messages).toMatch(/CSeq: 2 BYE[\s\S]*SIP\/2\.0 200 OK[\s\S]*CSeq: 2 BYE/);
    expect(calls?.ended()).toBe(1);
    // the flood was refused, not merely slow: most of it got 503
    const refused = flood.counts.get('2_503_Recv') ?? 0;
    expect(refused).toBeGreaterThan(flood.stats.successfulCalls / 2);
    expect(flood.counts.get('1_401_Recv') ?? 0).toBeGreaterThan(0);
  });
});
