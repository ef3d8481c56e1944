/**
 * SIPp phones call each other through a real `belay serve` over UDP on loopback. Each callee
 * device first registers with the registrar (Digest) from the port it then listens on as a
 * SIPp UAS; the caller answers belay's 407 challenge. Covered: forking to two devices of one
 * user (one answers, the other gets CANCEL with "Call completed elsewhere"), CANCEL by the
 * caller, busy, forwarding after N seconds without an answer, hold by re-INVITE — and the call
 * record each leaves behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../app/support/belay-process.js';
import type { RunningServer } from '../app/support/belay-process.js';
import { hasPeer } from '../support/peers.js';
import { freeSippPort, runSipp } from '../support/sipp.js';
import type { SippRun } from '../support/sipp.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));

/** What the API says of a finished call (the fields these tests look at). */
interface ListedCall {
  readonly disposition: string;
  readonly sipStatus: number;
  readonly dialled: string;
  readonly caller: { readonly extension: string | null };
  readonly answeredBy: { readonly extension: string; readonly userAgent: string | null } | null;
  readonly forwarding: readonly { readonly from: string; readonly to: string; readonly reason: string }[];
}

/** A password that passes the directory's rules (it must not contain the extension). */
const password = (extension: string): string => `Sipp-calls-${extension.replace(/\d/g, (d) => 'abcdefghij'.charAt(Number(d)))}-X9`;

describe.skipIf(!hasPeer('sipp'))('SIPp calls through belay', () => {
  let dir: string | undefined;
  let server: RunningServer | undefined;
  let sipPort = 0;
  let domain = '';

  const api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server?.url}/api/v1${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-sipp-calls-'));
    sipPort = await freeSippPort();
    server = await spawnServer({ BELAY_DATA_DIR: path.join(dir, 'data'), BELAY_SIP_PORT: String(sipPort), BELAY_SIP_TRANSPORTS: 'udp' }, dir);
    ({ sipDomain: domain } = await api<{ sipDomain: string }>('POST', '/tenants', { slug: 'sipp', name: 'SIPp' }));
  }, 30_000);

  afterAll(async () => {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const remote = (): string => `127.0.0.1:${sipPort}`;

  async function user(extension: string, features: object = {}): Promise<void> {
    await api('POST', '/tenants/sipp/users', { extension, name: `User ${extension}`, password: password(extension), ...features });
  }

  /** Registers a device of `extension` from a fresh port, then runs `scenario` as a UAS on that port (one call). */
  async function device(extension: string, file: string, agent: string): Promise<{ readonly done: Promise<SippRun> }> {
    const port = await freeSippPort();
    const keys = { user: extension, password: password(extension), domain, agent };
    // SIPp's Digest uri is remote_ip:remote_port unless told the Request-URI
    const registration = await runSipp({ scenario: { file: scenario('register.xml') }, remote: remote(), transport: 'udp', calls: 1, timeoutMs: 10_000, keys, extraArgs: ['-p', String(port), '-auth_uri', domain] });
    expect(registration.errors).toBe('');
    expect(registration.exitCode).toBe(0);
    return { done: runSipp({ scenario: { file: scenario(file) }, remote: remote(), transport: 'udp', calls: 1, timeoutMs: 30_000, keys, traceMessages: true, extraArgs: ['-p', String(port)] }) };
  }

  function call(from: string, to: string, file: string): Promise<SippRun> {
    const keys = { user: from, password: password(from), domain };
    return runSipp({ scenario: { file: scenario(file) }, remote: remote(), transport: 'udp', calls: 1, timeoutMs: 30_000, keys, traceMessages: true, extraArgs: ['-s', to, '-auth_uri', `${to}@${domain}`] });
  }

  /** The scenario's `<log>` lines, with the space after each header name taken out. */
  const logged = (run: SippRun): string => run.logs.replace(/ {2,}/g, ' ');

  function passed(run: SippRun): void {
    expect(run.errors, run.messages.slice(-3000)).toBe('');
    expect(run.exitCode, run.stdout.slice(-2000)).toBe(0);
    expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
  }

  /** The call records of calls dialled to `extension` (written in the background as calls end). */
  async function records(extension: string): Promise<readonly ListedCall[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { items } = await api<{ items: ListedCall[] }>('GET', `/tenants/sipp/calls?extension=${extension}`);
      if (items.length > 0) return items;
      await sleep(100);
    }
    return [];
  }

  /** SIPp needs a moment to bind its port and read its scenario. */
  const listening = (): Promise<void> => sleep(500);

  it('forks to two devices of one user: one answers, the other is cancelled with "Call completed elsewhere"', { timeout: 60_000 }, async () => {
    await user('211');
    await user('212');
    const answering = await device('212', 'callee-answers.xml', 'Desk-212');
    const ringing = await device('212', 'callee-rings.xml', 'Mobile-212');
    await listening();
    const caller = await call('211', '212', 'caller-call.xml');
    passed(caller);
    const [answered, cancelled] = await Promise.all([answering.done, ringing.done]);
    passed(answered);
    passed(cancelled);
    expect(logged(answered)).toContain(`from "User 211" <sip:211@${domain}>;tag=`);
    expect(logged(answered)).toContain(`identity "User 211" <sip:211@${domain}>\n`);
    expect(logged(cancelled)).toContain('cancel reason SIP;cause=200;text="Call completed elsewhere"');
    expect(await records('212')).toMatchObject([{ disposition: 'answered', sipStatus: 200, caller: { extension: '211' }, answeredBy: { extension: '212', userAgent: 'Desk-212' } }]);
  });

  it('cancels the ringing device when the caller cancels', { timeout: 60_000 }, async () => {
    await user('221');
    await user('222');
    const ringing = await device('222', 'callee-rings.xml', 'Desk-222');
    await listening();
    passed(await call('221', '222', 'caller-cancel.xml'));
    const cancelled = await ringing.done;
    passed(cancelled);
    expect(logged(cancelled)).toMatch(/^cancel reason\s*$/m);
    expect(await records('222')).toMatchObject([{ disposition: 'cancelled', sipStatus: 487, answeredBy: null }]);
  });

  it('passes the callee\'s 486 on to the caller', { timeout: 60_000 }, async () => {
    await user('231');
    await user('232');
    const busy = await device('232', 'callee-busy.xml', 'Desk-232');
    await listening();
    passed(await call('231', '232', 'caller-busy.xml'));
    passed(await busy.done);
    expect(await records('232')).toMatchObject([{ disposition: 'busy', sipStatus: 486 }]);
  });

  it('forwards to another extension after N seconds without an answer', { timeout: 60_000 }, async () => {
    await user('241');
    await user('243');
    await user('242', { forwarding: { noAnswer: { target: '243', seconds: 5 } } });
    const first = await device('242', 'callee-rings.xml', 'Desk-242');
    const second = await device('243', 'callee-answers.xml', 'Desk-243');
    await listening();
    const started = Date.now();
    passed(await call('241', '242', 'caller-call.xml'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    const [cancelled, answered] = await Promise.all([first.done, second.done]);
    passed(cancelled);
    passed(answered);
    expect(logged(answered)).toContain(`from "User 241" <sip:241@${domain}>;tag=`);
    expect(logged(answered)).toContain(`diversion "User 242" <sip:242@${domain}>;reason=no-answer;counter=1;privacy=off`);
    expect(await records('242')).toMatchObject([{ disposition: 'answered', dialled: '242', answeredBy: { extension: '243' }, forwarding: [{ from: '242', to: '243', reason: 'no-answer' }] }]);
  });

  it('relays a re-INVITE that puts the call on hold, with the SDP unchanged', { timeout: 60_000 }, async () => {
    await user('251');
    await user('252');
    const held = await device('252', 'callee-hold.xml', 'Desk-252');
    await listening();
    const caller = await call('251', '252', 'caller-hold.xml');
    passed(caller);
    expect(logged(caller)).toContain('hold answered a=recvonly');
    const callee = await held.done;
    passed(callee);
    expect(logged(callee)).toContain('re-INVITE a=sendonly');
    expect(await records('252')).toMatchObject([{ disposition: 'answered', answeredBy: { extension: '252' } }]);
  });
});
