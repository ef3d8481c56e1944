/**
 * An employee's desk phone played by SIPp: it registers at belay with Digest from a port it then
 * listens on, answers calls, and places calls answering belay's 407; in a call it echoes the RTP
 * it receives.
 *
 * The phones send from 127.0.0.2, a loopback address of their own: belay tells a carrier's calls
 * from its users' calls by source address, and the simulated carrier sits on 127.0.0.1 with belay.
 */
import { createSocket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runSipp } from '../../support/sipp.js';
import type { SippRun } from '../../support/sipp.js';

export const PHONE_HOST = '127.0.0.2';

const scenario = (name: string): string => {
  // registering, an answered call and ringing until cancelled are as in the call tests; the others are this suite's own
  const folder = ['register.xml', 'caller-call.xml', 'callee-rings.xml'].includes(name) ? '../../calls/scenarios' : '../scenarios';
  return fileURLToPath(new URL(`${folder}/${name}`, import.meta.url));
};

/** A UDP port free on the phones' address. */
async function freePhonePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: PHONE_HOST, port: 0, exclusive: true }, resolve);
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

export interface PhoneAccount {
  readonly extension: string;
  readonly password: string;
  /** The tenant's SIP domain. */
  readonly domain: string;
}

/** The scenario's `<log>` lines, with the space SIPp keeps after each header name taken out. */
export const logged = (run: SippRun): string => run.logs.replace(/ {2,}/g, ' ');

/** The value a scenario logged as `<label> …` (the first such line). */
export function loggedValue(run: SippRun, label: string): string {
  const line = logged(run).split('\n').find((l) => l.startsWith(`${label} `));
  return line === undefined ? '' : line.slice(label.length + 1).trim();
}

/**
 * SIPp's error log less its own overload warnings: on a busy machine its watchdog reports that
 * SIPp itself was scheduled late, which says nothing about the peer.
 */
function unexpectedEvents(errors: string): string {
  return errors
    .split('\n')
    .filter((line) => !/watchdog timer .* has been tripped/.test(line) && line.trim() !== 'The following events occurred:')
    .join('\n')
    .trim();
}

/** The run completed its one call without unexpected messages. */
export function passed(run: SippRun): void {
  expect(unexpectedEvents(run.errors), run.messages.slice(-2500)).toBe('');
  expect(run.exitCode, run.stdout.slice(-2000)).toBe(0);
  expect(run.stats).toMatchObject({ successfulCalls: 1, failedCalls: 0 });
}

export class SippPhone {
  private port: number | undefined;

  constructor(
    private readonly belayPort: number,
    readonly account: PhoneAccount,
  ) {}

  /** Registers a contact for the extension from a fresh port (the one {@link answer} listens on). */
  async register(): Promise<void> {
    this.port = await freePhonePort();
    const run = await runSipp({ ...this.options('register.xml', 10_000), extraArgs: this.local(this.port, ['-auth_uri', this.account.domain]) });
    passed(run);
  }

  /**
   * Listens for one call on the registered port and answers it (or, with `callee-rings.xml`,
   * rings until it is cancelled); resolves once SIPp is ready, with the run to await after the call.
   */
  async answer(file: 'phone-answers.xml' | 'callee-rings.xml' = 'phone-answers.xml', timeoutMs = 20_000): Promise<{ readonly done: Promise<SippRun> }> {
    if (this.port === undefined) throw new Error(`phone ${this.account.extension} has not registered`);
    const done = runSipp({ ...this.options(file, timeoutMs), traceMessages: true, extraArgs: this.local(this.port) });
    // SIPp needs a moment to bind its port and read its scenario
    await sleep(400);
    return { done };
  }

  /** Dials `target` as the user would (`+49…`, `0…`, `112`); `file` says what SIPp expects back. */
  async dial(target: string, file: 'caller-call.xml' | 'phone-refused.xml' = 'caller-call.xml'): Promise<SippRun> {
    return runSipp({
      ...this.options(file, 20_000),
      traceMessages: true,
      extraArgs: this.local(await freePhonePort(), ['-s', target, '-auth_uri', `${target}@${this.account.domain}`]),
    });
  }

  private local(port: number, more: readonly string[] = []): string[] {
    // runSipp binds 127.0.0.1 on a port of its own; SIPp takes the last -i and -p given. The
    // phone sends back the audio it receives, so the far end of a call hears something.
    return ['-i', PHONE_HOST, '-p', String(port), '-rtp_echo', ...more];
  }

  private options(file: string, timeoutMs: number) {
    const { extension, password, domain } = this.account;
    return {
      scenario: { file: scenario(file) },
      remote: `127.0.0.1:${this.belayPort}`,
      transport: 'udp' as const,
      calls: 1,
      timeoutMs,
      keys: { user: extension, password, domain, agent: `Desk-${extension}` },
    };
  }
}
