/**
 * A real `belay serve` for the identity tests: its own data folder, ephemeral loopback ports for
 * HTTP and SIP (UDP only), qualify off so that no OPTIONS reaches a SIPp phone between its runs.
 * It is configured only through its HTTP API, as an operator would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallRecord, TrunkCallFacts } from '../../../src/centrex/index.js';
import { spawnServer } from '../../app/support/belay-process.js';
import type { RunningServer } from '../../app/support/belay-process.js';

/** A finished call as `GET /tenants/:tenant/calls` lists it (the fields these tests look at). */
export type CallRecordView = Pick<CallRecord, 'dialled' | 'disposition' | 'sipStatus' | 'caller' | 'answeredBy' | 'forwarding'> & TrunkCallFacts;

/** An API answer that was not 2xx. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: ${status} ${body}`);
  }
}

/** Polls `probe` every 100 ms until it returns a value other than undefined, for at most `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

export class BelayServer {
  private constructor(
    private readonly dir: string,
    private readonly server: RunningServer,
    /** belay's SIP port on 127.0.0.1 (UDP). */
    readonly sipPort: number,
  ) {}

  static async start(): Promise<BelayServer> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'belay-identity-'));
    try {
      const server = await spawnServer(
        { BELAY_DATA_DIR: path.join(dir, 'data'), BELAY_SIP_TRANSPORTS: 'udp', BELAY_SIP_QUALIFY_INTERVAL: '0', BELAY_SIP_DOMAIN: 'pbx.test' },
        dir,
      );
      const sip = server.logs.find((line) => line['msg'] === 'SIP listening');
      const listening = sip?.['listening'] as readonly { readonly port: number }[] | undefined;
      const port = listening?.[0]?.port;
      if (port === undefined) {
        server.child.kill('SIGKILL');
        throw new Error('belay serve logged no SIP port');
      }
      return new BelayServer(dir, server, port);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The JSON lines belay logged so far. */
  get logs(): readonly Record<string, unknown>[] {
    return this.server.logs;
  }

  /** The log lines whose message contains `text`. */
  logged(text: string): readonly Record<string, unknown>[] {
    return this.server.logs.filter((line) => String(line['msg'] ?? '').includes(text));
  }

  async api<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.server.url}/api/v1${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, text, `${method} ${route}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** The tenant's call records that `match` accepts, once there are `count` of them (records are written as calls end). */
  async calls(tenant: string, match: (record: CallRecordView) => boolean, count = 1): Promise<readonly CallRecordView[]> {
    let seen: readonly CallRecordView[] = [];
    try {
      return await eventually(`${count} call record(s) of ${tenant}`, async () => {
        ({ items: seen } = await this.api<{ items: CallRecordView[] }>('GET', `/tenants/${tenant}/calls?limit=200`));
        const found = seen.filter(match);
        return found.length >= count ? found : undefined;
      });
    } catch (error) {
      // what there was instead says more than that the one looked for is missing
      throw new Error(`${(error as Error).message}; the tenant's records: ${JSON.stringify(seen, null, 1)}`);
    }
  }

  /** Stops belay (SIGTERM, SIGKILL if it has not ended within 15 s) and removes its data. */
  async stop(): Promise<void> {
    this.server.child.kill('SIGTERM');
    const killer = setTimeout(() => this.server.child.kill('SIGKILL'), 15_000);
    await this.server.exited;
    clearTimeout(killer);
    await rm(this.dir, { recursive: true, force: true });
  }
}
