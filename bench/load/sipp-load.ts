/**
 * SIPp as a load generator: one bounded run at a fixed rate (`-r`, `-m`), its final statistics
 * and per-message counts, and whether the run was clean — every call succeeded and no message
 * was sent twice in either direction (SIPp resent none, and recognised no resent copy from the
 * server). On request the run keeps its message trace, from which the response times are read.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSippCounts, parseSippStats } from '../../test/support/sipp.js';
import type { SippMessageCounts, SippStats } from '../../test/support/sipp.js';
import { responseTimes } from './response-times.js';
import type { ResponseTimes } from './response-times.js';

/** SIPp's own socket buffers (`-buff_size`): large, so that SIPp never drops what the server answers. */
const SIPP_BUFFER_BYTES = 4 * 1024 * 1024;
const KILL_GRACE_MS = 5000;

export interface SippOptions {
  readonly scenario: string;
  readonly server: { readonly host: string; readonly port: number };
  /** SIPp's local port (`-p`); it must be free. */
  readonly localPort: number;
  /** A `-inf` file: first line `SEQUENTIAL`, then one `;`-separated line per call. */
  readonly injectionFile?: string;
  readonly keys?: Readonly<Record<string, string>>;
  /** The uri of Digest credentials (`-auth_uri`) without its `sip:`, which SIPp adds; it should equal the Request-URI. */
  readonly authUri?: string;
  /** Default pause of the scenario (`-d`), in ms. */
  readonly pauseMs?: number;
  /** Keep the message trace and compute response times from it. */
  readonly traceMessages?: boolean;
  readonly timeoutMs: number;
}

export interface SippLoadOptions extends SippOptions {
  /** Calls started per second (`-r`) and in all (`-m`). */
  readonly rate: number;
  readonly calls: number;
}

export interface SippFigures {
  readonly stats: SippStats;
  readonly counts: SippMessageCounts;
  /** Messages SIPp received more than once (the server resent them), summed over the scenario's steps. */
  readonly receivedRetransmissions: number;
  readonly unexpectedMessages: number;
  /** Every call succeeded and no message was resent in either direction. */
  readonly clean: boolean;
  readonly responseTimes?: ResponseTimes;
  readonly errors: string;
}

export interface SippLoadResult extends SippFigures {
  readonly rate: number;
  readonly calls: number;
  readonly wallSeconds: number;
}

const sumOf = (counts: SippMessageCounts, suffix: string): number =>
  [...counts].filter(([name]) => name.endsWith(suffix)).reduce((sum, [, n]) => sum + n, 0);

/** Copies of received messages: the `_Retrans` column of every step that receives (has a `_Recv` column). */
function receivedCopies(counts: SippMessageCounts): number {
  let copies = 0;
  for (const [name, n] of counts) {
    const step = /^(.*)_Retrans$/.exec(name)?.[1];
    if (step !== undefined && counts.has(`${step}_Recv`)) copies += n;
  }
  return copies;
}

function sippArguments(options: SippOptions, dir: string, load?: { readonly rate: number; readonly calls: number }): string[] {
  const args = [
    `${options.server.host}:${options.server.port}`,
    '-sf', options.scenario,
    '-t', 'u1',
    '-i', '127.0.0.1',
    '-p', String(options.localPort),
    '-buff_size', String(SIPP_BUFFER_BYTES),
    '-timeout', `${Math.ceil(options.timeoutMs / 1000)}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_stat', '-stf', join(dir, 'stats.csv'), '-fd', '1',
    '-trace_counts',
    '-trace_err', '-error_file', join(dir, 'errors.log'),
  ];
  if (load) args.push('-m', String(load.calls), '-r', String(load.rate));
  if (options.injectionFile) args.push('-inf', options.injectionFile);
  if (options.authUri !== undefined) args.push('-auth_uri', options.authUri);
  if (options.pauseMs !== undefined) args.push('-d', String(options.pauseMs));
  if (options.traceMessages) args.push('-trace_msg', '-message_file', join(dir, 'messages.log'));
  for (const [name, value] of Object.entries(options.keys ?? {})) args.push('-key', name, value);
  return args;
}

/** Runs SIPp until `-m` calls are done (or its timeout), then reads its files. */
export async function runSippLoad(options: SippLoadOptions): Promise<SippLoadResult> {
  const dir = await mkdtemp(join(tmpdir(), 'belay-bench-sipp-'));
  try {
    const startedAt = performance.now();
    const { code, output } = await runToEnd(sippArguments(options, dir, options), dir, options.timeoutMs + KILL_GRACE_MS);
    const wallSeconds = (performance.now() - startedAt) / 1000;
    return { ...(await readResult(dir, code, output, options.traceMessages ?? false)), rate: options.rate, calls: options.calls, wallSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runToEnd(args: readonly string[], cwd: string, killAfterMs: number): Promise<{ code: number | null; output: string }> {
  const child = spawn('sipp', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    return { code, output };
  } finally {
    clearTimeout(killer);
  }
}

async function readResult(
  dir: string,
  code: number | null,
  output: string,
  traced: boolean,
): Promise<SippFigures> {
  const statsCsv = await readFile(join(dir, 'stats.csv'), 'utf8').catch(() => '');
  if (statsCsv === '') throw new Error(`SIPp wrote no statistics (exit ${code}): ${output}`);
  const stats = parseSippStats(statsCsv);
  const countsFile = (await readdir(dir)).find((name) => name.endsWith('_counts.csv'));
  const counts = parseSippCounts(countsFile === undefined ? '' : await readFile(join(dir, countsFile), 'utf8'));
  const receivedRetransmissions = receivedCopies(counts);
  const unexpectedMessages = sumOf(counts, '_Unexp');
  const clean = code === 0 && stats.failedCalls === 0 && stats.retransmissions === 0 && receivedRetransmissions === 0 && unexpectedMessages === 0;
  const errors = (await readFile(join(dir, 'errors.log'), 'utf8').catch(() => '')).slice(0, 4000);
  return {
    stats,
    counts,
    receivedRetransmissions,
    unexpectedMessages,
    clean,
    errors,
    ...(traced ? { responseTimes: await responseTimes(join(dir, 'messages.log')) } : {}),
  };
}

/**
 * A SIPp running a server scenario (the callee) in the background until {@link stop}, which lets
 * it finish its calls (SIGUSR1) and returns its statistics.
 */
export class BackgroundSipp {
  private constructor(
    private readonly dir: string,
    private readonly child: ReturnType<typeof spawn>,
    private readonly closed: Promise<number | null>,
  ) {}

  static async start(options: SippOptions): Promise<BackgroundSipp> {
    const dir = await mkdtemp(join(tmpdir(), 'belay-bench-sipp-'));
    const child = spawn('sipp', sippArguments(options, dir), { cwd: dir, stdio: ['ignore', 'ignore', 'ignore'] });
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    return new BackgroundSipp(dir, child, closed);
  }

  /** Ends the run once its calls are over (at most `timeoutMs` later) and reads its figures. */
  async stop(timeoutMs = 10_000): Promise<SippFigures> {
    this.child.kill('SIGUSR1');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      const code = await this.closed;
      // a server scenario ends with SIGUSR1 and exit code 0 only when none of its calls failed
      return await readResult(this.dir, code, '', false);
    } finally {
      clearTimeout(killer);
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
