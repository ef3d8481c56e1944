/**
 * baresip (1.0, Debian's baresip-core) as a real phone on loopback, headless: a config folder
 * of its own (G.711 only, audio from a WAV file written here, no sound card), one account that
 * registers through an outbound proxy, auto-answer, and its console output read back — whether
 * it registered, which calls were established, and the RTCP summary line (`EX=BareSip;…`) it
 * prints when a call ends, with the RTP packets received and sent.
 *
 * A caller hangs up when its audio file ends (baresip's menu ends a call on the source's end of
 * file), so `audioSeconds` is the caller's call length; give the callee a longer file.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeSippPort } from './sipp.js';

const MODULE_PATH = '/usr/lib/baresip/modules';
const SAMPLE_RATE = 8000;
const TONE_HZ = 440;
const STOP_GRACE_MS = 3000;

export interface BaresipAccount {
  readonly username: string;
  readonly password: string;
  /** The SIP domain (and Digest realm) of the account. */
  readonly domain: string;
}

export interface BaresipOptions {
  readonly account: BaresipAccount;
  /** The registrar and proxy every request goes through (UDP on loopback). */
  readonly outbound: { readonly host: string; readonly port: number };
  /** Length of the audio the phone sends. */
  readonly audioSeconds: number;
  /** baresip quits after this long (`-t`). */
  readonly runSeconds: number;
  /** A SIP URI to dial at start (`-e "/dial …"`). */
  readonly dial?: string;
}

/** The `EX=BareSip;…` line: RTCP statistics of one ended call. */
export interface CallSummary {
  readonly packetsReceived: number;
  readonly packetsSent: number;
  readonly fields: ReadonlyMap<string, string>;
}

export interface BaresipReport {
  /** A REGISTER of the account was answered 200. */
  readonly registered: boolean;
  /** Peers of the calls that were established. */
  readonly established: readonly string[];
  /** Calls that ended, established or not (rtcpsummary prints a line for each). */
  readonly callsEnded: number;
  /** One per call that ended with RTCP statistics collected. */
  readonly summaries: readonly CallSummary[];
}

/** Reads baresip's console output (status lines are separated by carriage returns). */
export function parseBaresipOutput(output: string): BaresipReport {
  const lines = output.split(/[\r\n]+/);
  const summaries = lines.flatMap((line): CallSummary[] => {
    const body = /^EX=BareSip;(.*)$/.exec(line.trim())?.[1];
    if (body === undefined || /ERROR=/.test(body)) return [];
    const fields = new Map(body.split(';').filter((f) => f.includes('=')).map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)] as const));
    return [{ packetsReceived: Number(fields.get('PR')), packetsSent: Number(fields.get('PS')), fields }];
  });
  return {
    registered: lines.some((line) => /\{\d+\/UDP\/v4\} 200 OK/.test(line)),
    established: lines.flatMap((line) => /Call established: (\S+)/.exec(line)?.[1] ?? []),
    callsEnded: lines.filter((line) => line.trim().startsWith('EX=BareSip;')).length,
    summaries,
  };
}

/** A mono 16-bit PCM WAV at 8 kHz holding a sine tone. */
export function toneWav(seconds: number): Buffer {
  const samples = Math.round(SAMPLE_RATE * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // size of the fmt chunk
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * TONE_HZ * i) / SAMPLE_RATE)), 44 + i * 2);
  return wav;
}

async function tcpPortFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port for `sip_listen`: free for UDP and TCP, and the next one for TCP too (baresip puts TLS there). */
export async function freeBaresipPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeSippPort();
    if (port < 65535 && (await tcpPortFree(port + 1))) return port;
  }
  throw new Error('no loopback port pair is free for baresip');
}

function config(port: number, audioFile: string): string {
  return [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${port}`,
    'net_interface 127.0.0.1',
    `audio_source aufile,${audioFile}`,
    'audio_player aufile,/dev/null',
    'audio_alert aufile,/dev/null',
    `module_path ${MODULE_PATH}`,
    'module g711.so',
    'module aufile.so',
    'module_app account.so',
    'module_app menu.so',
    'module_app rtcpsummary.so',
    '',
  ].join('\n');
}

export class BaresipPeer {
  private text = '';
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly child: ChildProcess,
    /** Resolves with the exit code once baresip has ended. */
    readonly exited: Promise<number | null>,
  ) {
    const read = (chunk: Buffer): void => {
      this.text += chunk.toString();
      for (const wake of this.waiters) wake();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  }

  static async start(options: BaresipOptions): Promise<BaresipPeer> {
    const dir = await mkdtemp(join(tmpdir(), 'belay-baresip-'));
    const port = await freeBaresipPort();
    const audioFile = join(dir, 'tone.wav');
    const { username, password, domain } = options.account;
    const { host, port: outboundPort } = options.outbound;
    await writeFile(audioFile, toneWav(options.audioSeconds));
    await writeFile(join(dir, 'config'), config(port, audioFile));
    await writeFile(
      join(dir, 'accounts'),
      `<sip:${username}@${domain}>;auth_pass=${password};outbound="sip:${host}:${outboundPort}";regint=60;answermode=auto;audio_codecs=PCMA,PCMU\n`,
    );
    const args = ['-f', dir, '-t', String(options.runSeconds), ...(options.dial ? ['-e', `/dial ${options.dial}`] : [])];
    const child = spawn('baresip', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    return new BaresipPeer(port, dir, child, exited);
  }

  /** Everything baresip printed so far. */
  get output(): string {
    return this.text;
  }

  report(): BaresipReport {
    return parseBaresipOutput(this.text);
  }

  /** Waits until the output satisfies `done` (or baresip ends, or `timeoutMs` passes), then reports. */
  async waitFor(done: (report: BaresipReport) => boolean, timeoutMs: number): Promise<BaresipReport> {
    let wake: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          wake = () => done(this.report()) && resolve();
          this.waiters.add(wake);
          wake();
        }),
        this.exited,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
    } finally {
      this.waiters.delete(wake);
      clearTimeout(timer);
    }
    return this.report();
  }

  /** Ends baresip (SIGTERM, then SIGKILL) and removes its folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(killer);
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
