/**
 * belay as a real `belay serve` process (the built dist/main.js) on a SQLite database in a
 * temporary folder, seeded before it starts with one tenant and the bench users (passwords set,
 * so the directory holds their HA1). Logging at `warn`, so that no line is written per request.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freeSippPort } from '../../test/support/sipp.js';
import { udpSocketState } from '../load/udp-socket.js';
import type { BenchServer, BenchUser } from './bench-server.js';
import { seedBelay } from './seed-belay.js';

export interface BelayOptions {
  readonly tenantSlug: string;
  /** The tenant's SIP domain (and Digest realm). */
  readonly domain: string;
  readonly users: readonly BenchUser[];
  /** The SIP UDP socket's receive buffer (`BELAY_SIP_UDP_RECV_BUFFER`). */
  readonly receiveBufferBytes: number;
  /** Write a CPU profile (`node --cpu-prof`) into this folder when belay stops. */
  readonly profileDir?: string;
  /** The UDP socket on its I/O thread (`BELAY_SIP_UDP_IO_THREAD=on`) rather than belay's default. */
  readonly ioThread?: boolean;
}

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const LOG_LEVEL = 'warn';

/** The Node options of belay's first line (`#!/usr/bin/env -S node …`): belay runs here as `belay serve` runs. */
function nodeOptionsOf(script: string): string[] {
  const first = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  const words = /^#!\/usr\/bin\/env -S node(?<options>( \S+)*)\s*$/.exec(first)?.groups?.options;
  if (words === undefined) throw new Error(`${script} does not start with #!/usr/bin/env -S node: ${first}`);
  return words.split(' ').filter((word) => word !== '');
}

/**
 * Settings that make belay do the work Kamailio does here, no more: no qualify OPTIONS (Kamailio
 * sends none), SIPp's loopback address exempt from the abuse guard (a few stale nonces under
 * overload must not block the bench's only source), and admission bounds above what the bench
 * reaches — with the defaults (50,000 server transactions, each completed non-INVITE one held
 * 32 s by Timer J, one per registration as the challenge keeps none) belay refuses REGISTER
 * beyond about 1,500/s.
 */
const BENCH_SETTINGS = {
  BELAY_SIP_QUALIFY_INTERVAL: '0',
  BELAY_SIP_BLOCK_ALLOW: '127.0.0.1',
  BELAY_SIP_MAX_TRANSACTIONS: '2000000',
  BELAY_SIP_MAX_MESSAGES_PER_SECOND: '1000000',
};

/** belay's environment for the bench beyond where it listens and keeps its data. */
const settingsOf = (options: BelayOptions): Record<string, string> => ({
  BELAY_SIP_UDP_RECV_BUFFER: String(options.receiveBufferBytes),
  BELAY_LOG_LEVEL: LOG_LEVEL,
  ...BENCH_SETTINGS,
  ...(options.ioThread ? { BELAY_SIP_UDP_IO_THREAD: 'on' } : {}),
});

export async function startBelay(options: BelayOptions): Promise<BenchServer> {
  const dir = await mkdtemp(join(tmpdir(), 'belay-bench-belay-'));
  return launch(dir, options).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
}

async function launch(dir: string, options: BelayOptions): Promise<BenchServer> {
  const databaseUrl = `sqlite:${join(dir, 'belay.db')}`;
  const seededIn = await seedBelay({ databaseUrl, ...options });
  console.info(`belay: ${options.users.length} users seeded in ${seededIn.toFixed(1)} s`);

  const [sipPort, httpPort] = [await freeSippPort(), await freeSippPort()];
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('BELAY_'))),
    BELAY_DATA_DIR: dir,
    BELAY_DB_URL: databaseUrl,
    BELAY_HTTP_ADDRESS: '127.0.0.1',
    BELAY_HTTP_PORT: String(httpPort),
    BELAY_SIP_ADDRESS: '127.0.0.1',
    BELAY_SIP_PORT: String(sipPort),
    ...settingsOf(options),
  };
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.profileDir];
  const nodeOptions = nodeOptionsOf(main);
  const child = spawn(process.execPath, [...nodeOptions, ...profile, main, 'serve'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`belay serve exited (${child.exitCode}) at start: ${log}`);
    const ready = await fetch(`http://127.0.0.1:${httpPort}/readyz`).then((r) => r.ok, () => false);
    if (ready && (await udpSocketState('127.0.0.1', sipPort))) break;
    if (attempt === 300) {
      child.kill('SIGKILL');
      throw new Error(`belay serve did not become ready: ${log}`);
    }
    await sleep(100);
  }

  return {
    name: 'belay',
    sip: { host: '127.0.0.1', port: sipPort },
    settings: { ...settingsOf(options), database: 'SQLite', 'node options': nodeOptions.join(' ') },
    // a completed non-INVITE server transaction stays for Timer J, 32 s on UDP
    settleMs: 33_000,
    processes: async () => [child.pid ?? 0],
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([closed, sleep(10_000).then(() => child.kill('SIGKILL'))]);
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
