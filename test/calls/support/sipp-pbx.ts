/**
 * A real `belay serve` (UDP on loopback) with SIPp phones: users are made through the API, a
 * callee device registers with the registrar from a port it then listens on as a SIPp UAS, a
 * caller answers belay's 407. Call records are read back through the API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { spawnServer } from '../../app/support/belay-process.js';
import type { RunningServer } from '../../app/support/belay-process.js';
import { freeSippPort, runSipp } from '../../support/sipp.js';
import type { SippRun } from '../../support/sipp.js';

const scenario = (name: string): string => fileURLToPath(new URL(`../scenarios/${name}`, import.meta.url));

/** What the API says of a finished call (the fields the tests look at). */
export interface ListedCall {
  readonly disposition: string;
  readonly sipStatus: number;
  readonly dialled: string;
  readonly caller: { readonly extension: string | null };
  readonly answeredBy: { readonly extension: string; readonly userAgent: string | null } | null;
  readonly forwarding: readonly { readonly from: string; readonly to: string; readonly reason: string }[];
}

/** A password that passes the directory's rules (it must not contain the extension). */
const password = (extension: string): string => `Sipp-calls-${extension.replace(/\d/g, (d) => 'abcdefghij'.charAt(Number(d)))}-X9`;

export class SippPbx {
  domain = '';
  private server: RunningServer | undefined;

  private constructor(
    private readonly dir: string,
    private readonly sipPort: number,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /**
   * belay serve on a fresh data folder, with a tenant `slug`; qualify is off so that no OPTIONS
   * reaches a SIPp UAS. `settings`: more of belay's environment.
   */
  static async start(slug: string, settings: Readonly<Record<string, string>> = {}): Promise<SippPbx> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'belay-sipp-calls-'));
    const sipPort = await freeSippPort();
    const env = {
      BELAY_DATA_DIR: path.join(dir, 'data'),
      BELAY_SIP_PORT: String(sipPort),
      BELAY_SIP_TRANSPORTS: 'udp',
      BELAY_SIP_QUALIFY_INTERVAL: '0',
      ...settings,
    };
    const pbx = new SippPbx(dir, sipPort, env);
    await pbx.spawn();
    ({ sipDomain: pbx.domain } = await pbx.api<{ sipDomain: string }>('POST', '/tenants', { slug, name: slug }));
    return pbx;
  }

  get logs(): readonly Record<string, unknown>[] {
    return this.server?.logs ?? [];
  }

  /** Stops belay gracefully (SIGTERM) and starts it again on the same data. */
  async restart(): Promise<void> {
    expect(await this.terminate()).toBe(0);
    await this.spawn();
  }

  async stop(): Promise<void> {
    await this.terminate();
    await rm(this.dir, { recursive: true, force: true });
  }

  async api<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.server?.url}/api/v1${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async user(tenant: string, extension: string, features: object = {}): Promise<void> {
    await this.api('POST', `/tenants/${tenant}/users`, { extension, name: `User ${extension}`, password: password(extension), ...features });
  }

  /** Registers a device of `extension` from a fresh port; returns the port. */
  async register(extension: string, agent: string): Promise<number> {
    const port = await freeSippPort();
    // SIPp's Digest uri is remote_ip:remote_port unless told the Request-URI
    const run = await runSipp({ ...this.common('register.xml', extension, agent, 10_000), extraArgs: ['-p', String(port), '-auth_uri', this.domain] });
    expect(run.errors).toBe('');
    expect(run.exitCode).toBe(0);
    return port;
  }

  /** Runs `file` as a UAS (one call) on `port`, where a device of `extension` registered. */
  answer(extension: string, port: number, file: string, agent: string): { readonly done: Promise<SippRun> } {
    return { done: runSipp({ ...this.common(file, extension, agent, 30_000), traceMessages: true, extraArgs: ['-p', String(port)] }) };
  }

  /** A device of `extension` registers, then answers one call as `file` says. */
  async device(extension: string, file: string, agent: string): Promise<{ readonly done: Promise<SippRun> }> {
    return this.answer(extension, await this.register(extension, agent), file, agent);
  }

  call(from: string, to: string, file: string): Promise<SippRun> {
    return runSipp({ ...this.common(file, from, 'caller', 30_000), traceMessages: true, extraArgs: ['-s', to, '-auth_uri', `${to}@${this.domain}`] });
  }

  /** The call records of calls in `tenant` with `extension` (written in the background as calls end). */
  async records(tenant: string, extension: string): Promise<readonly ListedCall[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { items } = await this.api<{ items: ListedCall[] }>('GET', `/tenants/${tenant}/calls?extension=${extension}`);
      if (items.length > 0) return items;
      await sleep(100);
    }
    return [];
  }

  private common(file: string, user: string, agent: string, timeoutMs: number) {
    return {
      scenario: { file: scenario(file) },
      remote: `127.0.0.1:${this.sipPort}`,
      transport: 'udp' as const,
      calls: 1,
      timeoutMs,
      keys: { user, password: password(user), domain: this.domain, agent },
    };
  }

  private async spawn(): Promise<void> {
    this.server = await spawnServer(this.env, this.dir);
  }

  private async terminate(): Promise<number | null> {
    const server = this.server;
    this.server = undefined;
    if (!server) return null;
    server.child.kill('SIGTERM');
    return server.exited;
  }
}

/** SIPp needs a moment to bind its port and read its scenario. */
export const uasListening = (): Promise<void> => sleep(500);

/** The scenario's `<log>` lines, with the space after each header name taken out. */
export const logged = (run: SippRun): string => run.logs.replace(/ {2,}/g, ' ');

export function passed(run: SippRun): void {
  expect(run.errors, run.messages.slice(-3000)).toBe('');
  expect(run.exitCode, run.stdout.slice(-2000)).toBe(0);
  expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
}

/**
 * `caller` calls `callee`, who has two devices: `Desk-<callee>` answers, `Mobile-<callee>` rings
 * and is cancelled. Every SIPp run passes; the two devices' runs are returned.
 */
export async function forkToTwoDevices(pbx: SippPbx, caller: string, callee: string): Promise<{ readonly answered: SippRun; readonly cancelled: SippRun }> {
  const answering = await pbx.device(callee, 'callee-answers.xml', `Desk-${callee}`);
  const ringing = await pbx.device(callee, 'callee-rings.xml', `Mobile-${callee}`);
  await uasListening();
  passed(await pbx.call(caller, callee, 'caller-call.xml'));
  const [answered, cancelled] = await Promise.all([answering.done, ringing.done]);
  passed(answered);
  passed(cancelled);
  expect(logged(cancelled)).toContain('cancel reason SIP;cause=200;text="Call completed elsewhere"');
  return { answered, cancelled };
}
