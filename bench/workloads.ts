/**
 * The two workloads, the same for every server: registrations with Digest over the 10,000
 * registrants, and complete calls from the registrants to the callee, answered by a SIPp that
 * registered the callee from its own port just before.
 */
import { fileURLToPath } from 'node:url';
import { freeSippPort } from '../test/support/sipp.js';
import type { InjectionFiles } from './bench-users.js';
import { BackgroundSipp, runSippLoad } from './load/sipp-load.js';
import type { SippFigures, SippLoadResult } from './load/sipp-load.js';
import { udpSocketState } from './load/udp-socket.js';
import type { BenchServer } from './servers/bench-server.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));

/** How long a caller holds an answered call before BYE. */
export const HOLD_MS = 500;
/** A run may last this much longer than its calls take to start. */
const SLACK_MS = 30_000;

export type WorkloadName = 'register' | 'calls';

export interface WorkloadRun extends SippLoadResult {
  /** The answering SIPp's figures (calls only). */
  readonly callee?: SippFigures;
  /**
   * Datagrams the answering SIPp's socket dropped because its receive buffer was full (calls
   * only; read before it stops): a lost ACK shows there as a call SIPp aborts on "an unexpected BYE".
   */
  readonly calleeDrops?: number;
}

export interface WorkloadContext {
  readonly domain: string;
  readonly files: InjectionFiles;
  /** The callee's username. */
  readonly callee: string;
  /**
   * SIPp's ports for registrations and for the callee, the same in every run: each user's
   * Contact stays the same, so that a run refreshes the bindings of the one before instead of
   * adding to them (belay accepts at most 10 contacts per user).
   */
  readonly ports: { readonly registrants: number; readonly callee: number };
}

const timeoutFor = (rate: number, calls: number): number => (calls / rate) * 1000 + HOLD_MS + SLACK_MS;

/** Registrations last an hour, longer than the bench. */
const EXPIRES_SECONDS = 3600;

export interface WorkloadLoad {
  readonly rate: number;
  readonly calls: number;
  readonly traceMessages?: boolean;
  /** Registrations only: unregister instead (Expires: 0), which runs the same code and leaves nothing behind. */
  readonly unregister?: boolean;
}

export async function runWorkload(name: WorkloadName, server: BenchServer, context: WorkloadContext, load: WorkloadLoad): Promise<WorkloadRun> {
  const registration = (expires: number) => ({
    scenario: scenario('register.xml'),
    server: server.sip,
    keys: { domain: context.domain, expires: String(expires) },
    authUri: context.domain,
  });
  const { unregister, ...sipp } = load;
  if (name === 'register') {
    return runSippLoad({
      ...registration(unregister ? 0 : EXPIRES_SECONDS),
      localPort: context.ports.registrants,
      injectionFile: context.files.registrants,
      timeoutMs: timeoutFor(load.rate, load.calls),
      ...sipp,
    });
  }

  const calleePort = context.ports.callee;
  const registered = await runSippLoad({ ...registration(EXPIRES_SECONDS), localPort: calleePort, injectionFile: context.files.callee, rate: 10, calls: 1, timeoutMs: SLACK_MS });
  if (registered.stats.successfulCalls !== 1) throw new Error(`${server.name}: the callee did not register: ${registered.errors}`);
  const callee = await BackgroundSipp.start({ scenario: scenario('call-uas.xml'), server: server.sip, localPort: calleePort, timeoutMs: 3_600_000 });
  const caller = await runSippLoad({
    scenario: scenario('call-uac.xml'),
    server: server.sip,
    localPort: await freeSippPort(),
    injectionFile: context.files.registrants,
    keys: { domain: context.domain, callee: context.callee },
    authUri: `${context.callee}@${context.domain}`,
    pauseMs: HOLD_MS,
    timeoutMs: timeoutFor(load.rate, load.calls),
    ...sipp,
  }).catch(async (error: unknown) => {
    await callee.stop();
    throw error;
  });
  const calleeDrops = (await udpSocketState('127.0.0.1', calleePort))?.drops ?? Number.NaN;
  const answered = await callee.stop();
  return { ...caller, clean: caller.clean && answered.clean, callee: answered, calleeDrops };
}
