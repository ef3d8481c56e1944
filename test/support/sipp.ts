/**
 * Runs SIPp (3.6) once against a server on loopback and reads back what it measured: exit
 * code, the final row of its statistics CSV (`-trace_stat`) and of its per-message counts
 * (`-trace_counts`: sent, received, retransmitted per scenario step), its unexpected-message log
 * (`-trace_err`) and, on request, its message trace (`-trace_msg`). Every run is bounded: `-m`
 * calls, SIPp's own `-timeout`, and an outer kill timer for a SIPp that hangs anyway.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SippOptions {
  /** A scenario file (`-sf`), or one of SIPp's built-in scenarios (`-sn`). */
  readonly scenario: { readonly file: string } | { readonly builtIn: 'uac' | 'uas' };
  /** The server SIPp talks to, `host:port`, on loopback. */
  readonly remote: string;
  readonly transport: 'udp' | 'tcp';
  /** Calls to run (`-m`). */
  readonly calls: number;
  /** Calls started per second (`-r`); SIPp's default is 10. */
  readonly rate?: number;
  /** SIPp gives up after this long (`-timeout`); the outer kill timer allows a few seconds more. */
  readonly timeoutMs: number;
  /** `-key NAME value`: `[NAME]` in the scenario. */
  readonly keys?: Readonly<Record<string, string>>;
  /** CSV lines for `-inf` (the first must be `SEQUENTIAL`, `RANDOM` or `USER`). */
  readonly injection?: readonly string[];
  /** Also keep the message trace (`-trace_msg`) and the scenario's `<log>` output (`-trace_logs`). */
  readonly traceMessages?: boolean;
  readonly extraArgs?: readonly string[];
}

export interface SippStats {
  readonly successfulCalls: number;
  readonly failedCalls: number;
  /** Messages SIPp retransmitted over UDP. */
  readonly retransmissions: number;
  /** Messages that matched no call (late retransmissions of ours arrive here). */
  readonly outOfCallMessages: number;
  readonly deadCallMessages: number;
  /** Every column of the final statistics row, by name (`FailedTimeoutOnRecv(C)` …). */
  readonly fields: ReadonlyMap<string, string>;
}

/**
 * Per scenario step, from `-trace_counts`: columns are `<index>_<label>_<what>`, e.g.
 * `0_INVITE_Sent`, `0_INVITE_Retrans` (SIPp resent it), `4_200_Recv`, `4_200_Retrans` (the
 * peer resent it and SIPp recognised the copy), `4_200_Unexp`.
 */
export type SippMessageCounts = ReadonlyMap<string, number>;

export interface SippRun {
  /** 0: all calls succeeded, 1: at least one failed, 99: no call processed; `null` if killed. */
  readonly exitCode: number | null;
  readonly stats: SippStats;
  readonly counts: SippMessageCounts;
  /** Unexpected messages SIPp logged (`-trace_err`); empty when there were none. */
  readonly errors: string;
  /** The message trace and `<log>` output when `traceMessages` was set, else empty. */
  readonly messages: string;
  readonly logs: string;
  readonly stdout: string;
  readonly stderr: string;
}

const KILL_GRACE_MS = 5000;

async function readOptional(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

/** The last row of a semicolon-separated SIPp CSV, by column name. */
function lastRow(csv: string): Map<string, string> {
  const lines = csv.split('\n').filter((line) => line.trim().length > 0);
  const header = lines[0]?.split(';') ?? [];
  const last = lines.length > 1 ? (lines[lines.length - 1]?.split(';') ?? []) : [];
  return new Map(header.map((name, i) => [name, last[i] ?? '']));
}

/** The last statistics row of a `-trace_stat` CSV, by column name. */
export function parseSippStats(csv: string): SippStats {
  const fields = lastRow(csv);
  const count = (name: string): number => {
    const value = Number(fields.get(name));
    if (!Number.isFinite(value)) throw new Error(`SIPp statistics have no numeric ${name}`);
    return value;
  };
  return {
    successfulCalls: count('SuccessfulCall(C)'),
    failedCalls: count('FailedCall(C)'),
    retransmissions: count('Retransmissions(C)'),
    outOfCallMessages: count('OutOfCallMsgs(C)'),
    deadCallMessages: count('DeadCallMsgs(C)'),
    fields,
  };
}

/** The message counts of a `-trace_counts` CSV (time columns left out). */
export function parseSippCounts(csv: string): SippMessageCounts {
  const counts = new Map<string, number>();
  for (const [name, value] of lastRow(csv)) {
    if (/^\d+_/.test(name)) counts.set(name, Number(value));
  }
  return counts;
}

/** Binds `port` (0: any) on loopback for UDP and TCP at once, then lets both go; the port, or undefined if taken. */
async function tryPort(port: number): Promise<number | undefined> {
  const udp = createSocket('udp4');
  const tcp = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address: '127.0.0.1', port, exclusive: true }, resolve);
    });
    const bound = udp.address().port;
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen({ host: '127.0.0.1', port: bound, exclusive: true }, resolve);
    });
    return bound;
  } catch {
    return undefined;
  } finally {
    udp.close();
    await new Promise((resolve) => tcp.close(resolve));
  }
}

/**
 * A loopback port free for UDP and TCP, for SIPp's `-p`: left to itself SIPp takes 5060, where
 * another test's SIPp, or a response to a message that named no port, may arrive.
 */
export async function freeSippPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await tryPort(0);
    if (port !== undefined) return port;
  }
  throw new Error('no loopback port is free for both UDP and TCP');
}

export async function runSipp(options: SippOptions): Promise<SippRun> {
  const dir = await mkdtemp(join(tmpdir(), 'belay-sipp-'));
  try {
    const file = (name: string): string => join(dir, name);
    const args = [
      options.remote,
      ...('file' in options.scenario ? ['-sf', options.scenario.file] : ['-sn', options.scenario.builtIn]),
      '-t', options.transport === 'udp' ? 'u1' : 't1',
      '-i', '127.0.0.1',
      '-p', String(await freeSippPort()),
      '-m', String(options.calls),
      '-r', String(options.rate ?? 10),
      '-timeout', `${Math.ceil(options.timeoutMs / 1000)}s`,
      '-timeout_error',
      '-nostdin',
      '-trace_stat', '-stf', file('stats.csv'), '-fd', '1',
      '-trace_counts',
      '-trace_err', '-error_file', file('errors.log'),
    ];
    if (options.traceMessages) {
      args.push('-trace_msg', '-message_file', file('messages.log'), '-trace_logs', '-log_file', file('logs.log'));
    }
    for (const [name, value] of Object.entries(options.keys ?? {})) args.push('-key', name, value);
    if (options.injection) {
      await writeFile(file('injection.csv'), `${options.injection.join('\n')}\n`);
      args.push('-inf', file('injection.csv'));
    }
    args.push(...(options.extraArgs ?? []));

    const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs + KILL_GRACE_MS);
      child.once('error', (error) => {
        clearTimeout(killer);
        reject(error);
      });
      child.once('close', (code) => {
        clearTimeout(killer);
        resolve(code);
      });
    });
    const statsCsv = await readOptional(file('stats.csv'));
    if (statsCsv === '') throw new Error(`SIPp wrote no statistics (exit ${exitCode}): ${stderr || stdout.slice(-2000)}`);
    const countsFile = (await readdir(dir)).find((name) => name.endsWith('_counts.csv'));
    return {
      exitCode,
      stats: parseSippStats(statsCsv),
      counts: parseSippCounts(countsFile === undefined ? '' : await readOptional(file(countsFile))),
      errors: await readOptional(file('errors.log')),
      messages: await readOptional(file('messages.log')),
      logs: await readOptional(file('logs.log')),
      stdout,
      stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
