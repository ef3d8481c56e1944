/**
 * `npm run bench`: belay against Kamailio as registrar and call server, with SIPp on loopback.
 * Both servers hold the same 10,001 users and run side by side. Each is warmed up once, then
 * the rounds alternate between them (Kamailio, belay, Kamailio, belay): first every round's CPU
 * per operation and response times at a fixed rate, with memory for 10,000 registrations in the
 * first, then every round's highest rate without a failed call or a retransmission, so that no
 * fixed-rate run follows the overload of a search. Prints the summary table (Markdown).
 *
 * Options: `--rounds N` (default 2), `--servers kamailio,belay`, `--no-build` (use dist/ as is),
 * `--profile DIR` (belay writes a CPU profile there when it stops), `--belay-io-thread` (belay
 * with its UDP socket on an I/O thread, `BELAY_SIP_UDP_IO_THREAD=on`, instead of its default).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasPeer } from '../test/support/peers.js';
import { freeSippPort } from '../test/support/sipp.js';
import { benchUsers, writeInjectionFiles } from './bench-users.js';
import { measureFixedRates, measureHighestRates, warmUp } from './measure-server.js';
import type { BenchPlan, FixedRound, RoundFigures, SearchRound } from './measure-server.js';
import { conditions, summaryTable } from './report.js';
import { startBelay } from './servers/belay-server.js';
import type { BenchServer } from './servers/bench-server.js';
import { startKamailio } from './servers/kamailio-server.js';

/** The tenant (slug `bench`) under belay's default SIP domain; Kamailio serves the same domain. */
const DOMAIN = 'bench.belay.localhost';
/** What each server may raise its UDP receive buffer to: net.core.rmem_max here (the kernel doubles it). */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
const KAMAILIO_CHILDREN = 4;

const plan: BenchPlan = {
  fixedRate: { register: 1000, calls: 200 },
  fixedSeconds: { register: 10, calls: 10 },
  stepSeconds: 3,
  searchStart: { register: 2000, calls: 400 },
  ceiling: { register: 32_000, calls: 8000 },
  refinements: 2,
};

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    servers: { type: 'string', default: 'kamailio,belay' },
    'no-build': { type: 'boolean', default: false },
    profile: { type: 'string' },
    'belay-io-thread': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const wanted = new Set(values.servers.split(','));

function machine(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const kamailio = execFileSync('kamailio', ['-v'], { encoding: 'utf8' }).split('\n')[0]?.replace(/^version:\s*/, '') ?? '';
  return `${model}, ${cpus().length} cores, Node ${process.version}, ${kamailio.trim()}`;
}

async function twoPorts(): Promise<{ registrants: number; callee: number }> {
  const registrants = await freeSippPort();
  let callee = await freeSippPort();
  while (callee === registrants) callee = await freeSippPort();
  return { registrants, callee };
}

async function main(): Promise<number> {
  for (const peer of ['sipp', 'kamailio']) {
    if (!hasPeer(peer)) {
      console.error(`bench: ${peer} is not installed`);
      return 1;
    }
  }
  if (wanted.has('belay') && !values['no-build']) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });

  const startedAt = new Date();
  const loadBefore = loadavg()[0] ?? 0;
  const dir = await mkdtemp(join(tmpdir(), 'belay-bench-'));
  const users = benchUsers();
  const context = {
    domain: DOMAIN,
    files: await writeInjectionFiles(dir, users),
    callee: users.callee.username,
    ports: await twoPorts(),
  };
  const all = [...users.registrants, users.callee];
  const servers: BenchServer[] = [];
  try {
    if (wanted.has('kamailio')) {
      servers.push(await startKamailio({ domain: DOMAIN, users: all, receiveBufferBytes: RECEIVE_BUFFER_BYTES, children: KAMAILIO_CHILDREN }));
    }
    if (wanted.has('belay')) {
      const profile = values.profile === undefined ? {} : { profileDir: resolve(values.profile) };
      const ioThread = values['belay-io-thread'];
      servers.push(await startBelay({ tenantSlug: 'bench', domain: DOMAIN, users: all, receiveBufferBytes: RECEIVE_BUFFER_BYTES, ioThread, ...profile }));
    }
    for (const server of servers) {
      console.info(`warming up ${server.name}`);
      await warmUp(server, context, 'register');
    }
    const fixed = new Map<string, FixedRound>();
    for (let round = 1; round <= rounds; round++) {
      for (const server of servers) {
        console.info(`round ${round}, fixed rates: ${server.name}`);
        fixed.set(`${round} ${server.name}`, await measureFixedRates(server, context, plan, round === 1));
      }
    }
    const results: RoundFigures[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const server of servers) {
        console.info(`round ${round}, highest rates: ${server.name}`);
        const previous: SearchRound | undefined = results.findLast((r) => r.server === server.name);
        const found = await measureHighestRates(server, context, plan, previous);
        const atFixed = fixed.get(`${round} ${server.name}`);
        if (!atFixed) throw new Error(`no fixed-rate figures for round ${round} of ${server.name}`);
        results.push({ round, server: server.name, ...atFixed, ...found });
      }
    }

    const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
    const load = `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (other work on the machine)`;
    console.info(`\n${startedAt.toISOString()}, ${minutes} min; ${machine()}; ${load}`);
    for (const server of servers) console.info(`${server.name}: ${Object.entries(server.settings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.info(`\n${summaryTable(results, 'Kamailio', 'belay')}\n\n${conditions(results)}`);
    return 0;
  } finally {
    for (const server of servers) await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
