/** Starts the flood server in a child process with `--expose-gc` and talks to it over IPC. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StackStats, TransportAddress } from '../../../src/sip/index.js';
import type { FromServer, Measurement, ToServer } from './flood-protocol.js';

const entry = fileURLToPath(new URL('./flood-server.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const drainedStats: StackStats = { serverTransactions: 0, clientTransactions: 0, unacknowledged2xx: 0, timers: 0, connections: 0 };

const isDrained = (stats: StackStats): boolean =>
  (Object.keys(drainedStats) as (keyof StackStats)[]).every((key) => stats[key] === drainedStats[key]);

export class FloodServerProcess {
  private readonly waiting: ((message: FromServer) => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly output: { text: string },
    readonly udp: TransportAddress,
    readonly tcp: TransportAddress,
  ) {
    child.on('message', (message: FromServer) => this.waiting.shift()?.(message));
  }

  static async start(): Promise<FloodServerProcess> {
    const child = spawn(process.execPath, ['--expose-gc', '--import', tsxLoader, entry], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const output = { text: '' };
    child.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    const [message] = await Promise.race([
      once(child, 'message') as Promise<[FromServer]>,
      once(child, 'exit').then(() => {
        throw new Error(`the flood server exited before it was ready: ${output.text}`);
      }),
    ]);
    if (message.type !== 'ready') throw new Error(`the flood server said ${message.type} first`);
    return new FloodServerProcess(child, output, message.udp, message.tcp);
  }

  /** What the server printed (nothing unless something went wrong). */
  get log(): string {
    return this.output.text;
  }

  measure(): Promise<Measurement> {
    return new Promise((resolve, reject) => {
      this.waiting.push((message) => (message.type === 'measurement' ? resolve(message) : reject(new Error(`unexpected ${message.type}`))));
      this.command({ type: 'measure' });
    });
  }

  /** Measures until every transaction, timer and connection is gone, or throws after `timeoutMs`. */
  async drained(timeoutMs: number): Promise<Measurement> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const measurement = await this.measure();
      if (isDrained(measurement.stats)) return measurement;
      if (Date.now() > deadline) throw new Error(`the server did not drain: ${JSON.stringify(measurement.stats)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    const exited = once(this.child, 'exit') as Promise<[number | null]>;
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    this.command({ type: 'stop' });
    const [code] = await exited;
    clearTimeout(killer);
    return code;
  }

  private command(message: ToServer): void {
    if (!this.child.connected) throw new Error(`the flood server is gone: ${this.output.text}`);
    this.child.send(message);
  }
}
