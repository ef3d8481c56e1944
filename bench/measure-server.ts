/**
 * The measurements of one server: CPU time per operation and response times at a fixed rate,
 * memory for 10,000 new registrations, and the highest clean rate of each workload. The fixed
 * rates of every round are measured before any rate search: a search overloads the server on
 * purpose, and what its unclean steps leave behind (transactions waiting out their timers, and
 * for belay the garbage collector's work on all of it) would be counted against the calls of a
 * fixed-rate run that followed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { REGISTRANTS } from './bench-users.js';
import { cpuSeconds, memoryUse } from './load/process-usage.js';
import type { MemoryUse } from './load/process-usage.js';
import { highestCleanRate } from './load/rate-search.js';
import type { RateSearch, RateStep } from './load/rate-search.js';
import { percentile } from './load/response-times.js';
import { udpSocketState } from './load/udp-socket.js';
import type { BenchServer } from './servers/bench-server.js';
import { runWorkload } from './workloads.js';
import type { WorkloadContext, WorkloadLoad, WorkloadName, WorkloadRun } from './workloads.js';

export interface BenchPlan {
  /** Fixed rates for the CPU and latency figures, per second. */
  readonly fixedRate: Readonly<Record<WorkloadName, number>>;
  readonly fixedSeconds: Readonly<Record<WorkloadName, number>>;
  /** Length of each step of the rate search. */
  readonly stepSeconds: number;
  readonly searchStart: Readonly<Record<WorkloadName, number>>;
  readonly ceiling: Readonly<Record<WorkloadName, number>>;
  readonly refinements: number;
}

/**
 * The response time reported: the authenticated REGISTER to its 200; the authenticated INVITE
 * to the callee's 180, relayed (the callee sends its 200 20 ms later).
 */
const TIMED: Readonly<Record<WorkloadName, string>> = { register: '2 REGISTER 200', calls: '2 INVITE 180' };

/** A step whose failed calls and resent messages stay below this share of its calls is tried again. */
const MARGINAL_SHARE = 0.01;

export interface FixedRateFigures {
  readonly rate: number;
  readonly operations: number;
  readonly clean: boolean;
  readonly cpuSeconds: number;
  readonly cpuMsPerOperation: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly drops: number;
}

export interface StepDetail {
  readonly run: WorkloadRun;
  readonly drops: number;
  readonly cpuMsPerOperation: number;
}

export interface RoundFigures {
  readonly round: number;
  readonly server: string;
  readonly fixed: Readonly<Record<WorkloadName, FixedRateFigures>>;
  readonly highest: Readonly<Record<WorkloadName, RateSearch<StepDetail>>>;
  /** Memory before and after the first 10,000 registrations (the server's first round only). */
  readonly memory?: { readonly before: MemoryUse; readonly after: MemoryUse };
  readonly receiveBufferBytes: number;
}

async function drops(server: BenchServer): Promise<number> {
  return (await udpSocketState(server.sip.host, server.sip.port))?.drops ?? Number.NaN;
}

/** One run, with the server's CPU time and socket drops around it. */
async function measured(
  name: WorkloadName,
  server: BenchServer,
  context: WorkloadContext,
  load: WorkloadLoad,
): Promise<{ run: WorkloadRun; cpuSeconds: number; drops: number }> {
  const pids = await server.processes();
  const [cpuBefore, dropsBefore] = [await cpuSeconds(pids), await drops(server)];
  const run = await runWorkload(name, server, context, load);
  const [cpuAfter, dropsAfter] = [await cpuSeconds(pids), await drops(server)];
  return { run, cpuSeconds: cpuAfter - cpuBefore, drops: dropsAfter - dropsBefore };
}

async function atFixedRate(name: WorkloadName, server: BenchServer, context: WorkloadContext, plan: BenchPlan): Promise<FixedRateFigures> {
  const rate = plan.fixedRate[name];
  const { run, cpuSeconds, drops } = await measured(name, server, context, { rate, calls: rate * plan.fixedSeconds[name], traceMessages: true });
  const times = run.responseTimes?.get(TIMED[name]) ?? [];
  const operations = run.stats.successfulCalls;
  return {
    rate,
    operations,
    clean: run.clean,
    cpuSeconds,
    cpuMsPerOperation: (cpuSeconds * 1000) / operations,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    drops,
  };
}

/** The first line of the first event SIPp logged as an error (caller, then callee). */
function firstEvent(run: WorkloadRun): string {
  const events = `${run.errors}\n${run.callee?.errors ?? ''}`.split('\n').filter((line) => /^\d{4}-\d\d-\d\d\t/.test(line));
  return events[0]?.split(': ').slice(1).join(': ').slice(0, 160) ?? '';
}

/**
 * How long the next step waits: after an unclean step, the settle time of the server that ran it.
 * An overloaded server still works through the step's backlog after SIPp has stopped, and holds
 * what the step's transactions leave until their timers run out (belay: 32 s; Kamailio: its
 * wait timer); the next step, of either server, starts once that is over, not in its aftermath —
 * a late request of the old step reaching the new step's callee, a heap still full of the old
 * step's state.
 */
let settleBeforeNextStep = 0;

async function search(name: WorkloadName, server: BenchServer, context: WorkloadContext, plan: BenchPlan, start: number) {
  const step = async (rate: number): Promise<RateStep<StepDetail>> => {
    if (settleBeforeNextStep > 0) await sleep(settleBeforeNextStep);
    const { run, drops, cpuSeconds } = await measured(name, server, context, { rate, calls: Math.round(rate * plan.stepSeconds) });
    const clean = run.clean;
    settleBeforeNextStep = clean ? 0 : server.settleMs;
    const cpuMsPerOperation = (cpuSeconds * 1000) / Math.max(1, run.stats.successfulCalls);
    const why = clean ? 'clean' : `failed ${run.stats.failedCalls}, retransmitted ${run.stats.retransmissions}+${run.receivedRetransmissions}: ${firstEvent(run)}`;
    const faults = run.stats.failedCalls + run.stats.retransmissions + run.receivedRetransmissions + run.unexpectedMessages;
    const calleeDrops = run.calleeDrops === undefined ? '' : ` (the callee SIPp's ${run.calleeDrops})`;
    console.info(`  ${server.name} ${name} ${rate}/s: ${why}, drops ${drops}${calleeDrops}, CPU ${cpuMsPerOperation.toFixed(3)} ms each`);
    return { rate, clean, marginal: !clean && faults <= run.calls * MARGINAL_SHARE, detail: { run, drops, cpuMsPerOperation } };
  };
  return highestCleanRate(step, { start, ceiling: plan.ceiling[name], refinements: plan.refinements });
}

/** What each workload's warm-up runs. */
const WARM_UP: Readonly<Record<WorkloadName, WorkloadLoad>> = {
  register: { rate: 1000, calls: 5000, unregister: true },
  calls: { rate: 1000, calls: 10_000 },
};

/**
 * Runs a workload for a while without measuring, so that belay's code for it is compiled before
 * its first figure: 5,000 unregistrations (the REGISTER path without leaving bindings, which would
 * spoil the memory figure) before the first round, and 10,000 calls at 1,000/s in the first round
 * once its memory has been read (what the calls leave for 32 s would spoil it too). V8 compiles a
 * function with its optimizing compiler on a helper thread once it has run often enough, and most
 * of a call's functions run once or a few times per call: after 1,000 calls belay was still
 * compiling several functions a second, which showed in the CPU of its helper threads at 200
 * calls/s.
 */
export async function warmUp(server: BenchServer, context: WorkloadContext, name: WorkloadName): Promise<void> {
  const run = await runWorkload(name, server, context, WARM_UP[name]);
  if (!run.clean) console.warn(`  ${server.name}: warm-up ${name} was not clean: ${firstEvent(run)}`);
}

/** What a round measures at fixed rates: CPU, response times and (the first round) memory. */
export type FixedRound = Pick<RoundFigures, 'fixed' | 'memory'>;

/** What a round's rate searches find. */
export type SearchRound = Pick<RoundFigures, 'highest' | 'receiveBufferBytes'>;

/**
 * One round's fixed-rate runs; the first round (`measureMemory`) also reads memory around the
 * first 10,000 registrations, and warms the calls up after that reading.
 */
export async function measureFixedRates(server: BenchServer, context: WorkloadContext, plan: BenchPlan, measureMemory: boolean): Promise<FixedRound> {
  const pids = await server.processes();
  // what the warm-up left for a while (its transactions) must be gone before the first reading too
  if (measureMemory) await sleep(server.settleMs);
  const before = await memoryUse(pids);
  const register = await atFixedRate('register', server, context, plan);
  // what the server keeps only for a while after answering (transactions) must be gone first
  if (measureMemory) await sleep(server.settleMs);
  const after = await memoryUse(pids);
  if (measureMemory && register.operations < REGISTRANTS) {
    console.warn(`  ${server.name}: only ${register.operations} of ${REGISTRANTS} registrations succeeded before the memory reading`);
  }
  if (measureMemory) await warmUp(server, context, 'calls');
  const calls = await atFixedRate('calls', server, context, plan);
  return { fixed: { register, calls }, ...(measureMemory ? { memory: { before, after } } : {}) };
}

/** One round's rate searches; `previous` (the same server's earlier round) lets each start just below the rate found then. */
export async function measureHighestRates(server: BenchServer, context: WorkloadContext, plan: BenchPlan, previous?: SearchRound): Promise<SearchRound> {
  const startOf = (name: WorkloadName): number => {
    const found = previous?.highest[name].rate;
    return found ? Math.max(1, Math.round(found * 0.75)) : plan.searchStart[name];
  };
  const register = await search('register', server, context, plan, startOf('register'));
  const calls = await search('calls', server, context, plan, startOf('calls'));
  return {
    highest: { register, calls },
    receiveBufferBytes: (await udpSocketState(server.sip.host, server.sip.port))?.receiveBufferBytes ?? Number.NaN,
  };
}
