#!/usr/bin/env -S node --max-semi-space-size=64
/**
 * The composition root: the only place concrete objects are built and wired.
 *
 * Run as `belay` or `dist/main.js` (what `npm start` does), the first line gives Node its options:
 * V8's young generation may grow to semi-spaces of 64 MB (Node 20's default is 16 MB). Under a
 * few thousand calls a second belay allocates a few hundred MB a second, most of it garbage
 * within a call; with the default a scavenge runs every few tens of milliseconds and copies the
 * calls in progress each time (bench/README.md, "The young generation").
 * config → logger → database (opened, migrated) → directory and telephony → SIP service with the B2BUA → trunk registrations →
 * port automation → HTTP app → listen;
 * each part registers its shutdown hook as it starts, so `belay serve` stops them in reverse order.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { pino } from 'pino';
import { runCli } from './cli/index.js';
import type { CliContext, Composition } from './cli/index.js';
import {
  B2bua, B2BUA_EXTENSIONS, CallRecordWriter, TrunkGate, TrunkRegistrations, defaultCallPolicy, loadDirectory, loadTelephony, refreshDirectory,
  refreshTelephony, startSipService,
} from './centrex/index.js';
import type { InMemoryTelephony } from './centrex/index.js';
import type { SipConfig } from './cli/index.js';
import { buildApp, createMetricsRegistry } from './http/index.js';
import { onPortedNumberInbound, scheduleProvisionalRetirement } from './migration/index.js';
import type { Database } from './store/index.js';
import { SystemClock, TcpTransport, ThreadedUdpTransport, UdpTransport } from './sip/index.js';
import type { TransportOpener } from './sip/index.js';
import { migrateToLatest, openDatabase } from './store/index.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** How often the directory catches up with changes made outside this process. */
const directoryRefreshMs = 1000;
/** How often the port automation looks for provisional numbers whose grace period has ended. */
const provisionalRetirementCheckMs = 3_600_000;

const composition: Composition = {
  // synchronous writes: lines reach stdout in the order they were logged, and none is lost when the process exits
  createLogger: (config) => pino({ level: config.logLevel, base: { pid: process.pid, service: 'belay' } }, pino.destination({ dest: 1, sync: true })),

  async openDatabase(config) {
    await mkdir(config.dataDir, { recursive: true });
    return openDatabase({ url: config.databaseUrl });
  },

  async startServer(config, { logger, hooks }) {
    logger.info({ version, dataDir: config.dataDir, http: config.http }, 'starting belay');
    const database = await composition.openDatabase(config);
    hooks.add('database', () => database.close());
    const { applied } = await migrateToLatest(database);
    logger.info({ dialect: database.dialect, applied }, 'database ready');

    const directory = await loadDirectory(database);
    logger.info({ tenants: directory.tenantCount, users: directory.userCount }, 'directory loaded');
    const telephony = await loadTelephony(database);
    logger.info({ trunks: telephony.allTrunks().length }, 'telephony loaded');

    const metrics = createMetricsRegistry();
    const records = new CallRecordWriter(database, (err, call) => logger.error({ err, call: call.id }, 'could not write a call record'), new SystemClock(), {
      thread: { onFault: (err) => logger.error({ err }, 'the call record thread failed: call records are written on the main thread from now on') },
    });
    // stops after the SIP service: the records of the calls it ended are written before the database closes
    hooks.add('call-records', () => records.close());
    const clock = new SystemClock();
    const gate = new TrunkGate(clock);
    const callLog = logger.child({ component: 'calls' });
    let calls: B2bua | undefined;
    const sip = await startSipService({
      clock,
      directory,
      database,
      transports: sipTransports(config.sip),
      advertise: { host: config.sip.advertisedAddress },
      registration: config.sip.registration,
      qualify: config.sip.qualify,
      digest: config.sip.digest,
      abuse: config.sip.abuse,
      admission: config.sip.admission,
      extensions: B2BUA_EXTENSIONS,
      calls: (parts) =>
        (calls = new B2bua({
          ...parts,
          policy: { ...defaultCallPolicy, trunkNoResponseMs: config.sip.trunkNoResponseMs },
          records,
          telephony,
          gate,
          log: callLog,
          onInboundNumber: portedNumberWatch(database, telephony, callLog),
        })),
      log: logger.child({ component: 'sip' }),
      metrics,
    });
    // registered after the database: it stops first, and writes the registrations while it still can
    hooks.add('sip', () => sip.stop());
    logger.info(
      { listening: sip.stack.listening, advertised: config.sip.advertisedAddress, udpIoThread: config.sip.udpIoThread, registrations: sip.location.size },
      'SIP listening',
    );

    const trunkLog = logger.child({ component: 'trunks' });
    const registrations = new TrunkRegistrations({
      stack: sip.stack,
      clock,
      ids: sip.ids,
      gate,
      onStatus: (status) => trunkLog.info({ trunk: status.trunkId, state: status.state, error: status.lastError }, 'trunk registration'),
    });
    void registrations.reconcile(telephony.allTrunks());
    // trunks unregister before the stack stops (and after the calls over them ended)
    hooks.add('trunk-registrations', () => registrations.stop());
    // calls in progress end with a BYE to both sides (and their records) while the stack still runs
    hooks.add('calls', () => calls?.hangUpAll());

    // changes made elsewhere (the belay command, other nodes) reach the read models through the audit log; trunk changes the registrations
    const refresh = setInterval(() => {
      refreshDirectory(directory, database).catch((err: unknown) => logger.warn({ err }, 'directory refresh failed'));
      refreshTelephony(telephony, database)
        .then((read) => (read > 0 ? registrations.reconcile(telephony.allTrunks()) : undefined))
        .catch((err: unknown) => logger.warn({ err }, 'telephony refresh failed'));
    }, directoryRefreshMs);
    hooks.add('read-models', () => clearInterval(refresh));

    // provisional numbers are retired once their grace period after the port has passed
    const retirement = scheduleProvisionalRetirement({
      database,
      clock: new SystemClock(),
      intervalMs: provisionalRetirementCheckMs,
      onError: (err) => logger.warn({ err }, 'provisional-number retirement failed'),
    });
    hooks.add('port-automation', () => retirement.stop());

    const app = await buildApp({
      database,
      directory,
      sipDomain: config.sipDomain,
      sip,
      ...(calls ? { calls } : {}),
      telephony: { model: telephony, directory },
      trunkStatus: registrations,
      logger,
      metrics,
      version,
    });
    hooks.add('http', () => app.close());
    const url = await app.listen({ host: config.http.address, port: config.http.port });
    logger.info({ url }, 'HTTP API listening');
  },
};

/**
 * The port automation hears of calls that reach an old number directly over the new trunk (the
 * first one completes the confirmed port order); numbers that are never ported (provisional
 * ones) are not its business.
 */
function portedNumberWatch(database: Database, telephony: InMemoryTelephony, log: { info(fields: object, message: string): void; warn(fields: object, message: string): void }) {
  return (tenantId: string, number: string, at: number): void => {
    if (telephony.ownerOf(number)?.role === 'provisional') return;
    onPortedNumberInbound(database, tenantId, number, at)
      .then((outcome) => {
        if (outcome.kind === 'completed') log.info({ tenant: tenantId, number }, 'the port is complete: the first call to the old number arrived over the new trunk');
      })
      .catch((err: unknown) => log.warn({ err, tenant: tenantId, number }, 'could not check the port order of an inbound number'));
  };
}

/** The configured SIP transports, all on BELAY_SIP_ADDRESS:BELAY_SIP_PORT. */
function sipTransports(config: SipConfig): TransportOpener[] {
  const { address: host, port } = config;
  return config.transports.map((protocol): TransportOpener =>
    protocol === 'udp'
      ? (handlers) =>
          (config.udpIoThread ? ThreadedUdpTransport : UdpTransport).listen({ host, port, recvBufferSize: config.udpRecvBufferBytes, ...handlers })
      : (handlers) => TcpTransport.listen({ host, port, clock: new SystemClock(), ...handlers }),
  );
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env['USER'] ?? 'unknown';
  }
}

const ctx: CliContext = {
  version,
  env: process.env,
  cwd: process.cwd(),
  user: osUser(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  compose: composition,
};

process.exit(await runCli(process.argv, ctx));
