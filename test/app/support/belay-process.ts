import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Runs the real `belay` entry point (src/main.ts through tsx), as a user would, in a child process. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const entry = path.join(root, 'src/main.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface BelayRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment for a child: the caller's BELAY_* keys only, so the developer's own settings never leak in. */
function childEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BELAY_')));
  return { ...base, ...env };
}

function start(args: readonly string[], env: Readonly<Record<string, string>>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--import', tsxLoader, entry, ...args], { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs one command to completion (bounded by `timeoutMs`). */
export async function runBelay(
  args: readonly string[],
  options: { readonly env?: Readonly<Record<string, string>>; readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<BelayRun> {
  const child = start(args, options.env ?? {}, options.cwd ?? root);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

export interface RunningServer {
  readonly child: ChildProcess;
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The JSON log lines seen so far. */
  readonly logs: readonly Record<string, unknown>[];
  /** Resolves with the exit code (and how long after `since` it came). */
  readonly exited: Promise<number | null>;
}

/** Starts `belay serve` on ephemeral loopback ports (HTTP, SIP) and waits until it listens. */
export async function spawnServer(env: Readonly<Record<string, string>>, cwd: string): Promise<RunningServer> {
  const child = start(['serve'], { BELAY_HTTP_ADDRESS: '127.0.0.1', BELAY_HTTP_PORT: '0', BELAY_SIP_ADDRESS: '127.0.0.1', BELAY_SIP_PORT: '0', ...env }, cwd);
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  // exited: the process has ended and every line it logged has been read
  const exited = Promise.all([once(child, 'close'), once(lines, 'close')]).then(([[code]]) => code as number | null);
  const listening = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry['msg'] === 'HTTP API listening') resolve(String(entry['url']));
    });
    void exited.then((code) => reject(new Error(`belay serve exited (${code}) before listening: ${stderr}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  try {
    return { child, url: await listening, logs, exited };
  } finally {
    clearTimeout(timer);
  }
}
