#!/usr/bin/env node
/**
 * The composition root: the only place concrete objects are built and wired.
 * config → logger → database (opened, migrated) → directory → SIP service with the B2BUA → port automation → HTTP app → listen;
 * each part registers its shutdown hook as it starts, so `belay serve` stops them in reverse order.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { pino } from 'pino';
import { runCli } from './cli/index.js';
import type { CliContext, Composition } from './cli/index.js';
import { B2bua, B2BUA_EXTENSIONS, CallRecordWriter, loadDirectory, refreshDirectory, startSipService } from './centrex/index.js';
import type { SipConfig } from './cli/index.js';
import { buildApp, createMetricsRegistry } from './http/index.js';
import { scheduleProvisionalRetirement } from './migration/index.js';
import { SystemClock, TcpTransport, UdpTransport } from './sip/index.js';
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
    // changes made elsewhere (the belay command, other nodes) reach the directory through the audit log
    const refresh = setInterval(() => {
      refreshDirectory(directory, database).catch((err: unknown) => logger.warn({ err }, 'directory refresh failed'));
    }, directoryRefreshMs);
    hooks.add('directory', () => clearInterval(refresh));

    const metrics = createMetricsRegistry();
    const records = new CallRecordWriter(database, (err, call) => logger.error({ err, call: call.id }, 'could not write a call record'));
    // stops after the SIP service: the records of the calls it ended are written before the database closes
    hooks.add('call-records', () => records.flush());
    let calls: B2bua | undefined;
    const sip = await startSipService({
      clock: new SystemClock(),
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
      calls: (parts) => (calls = new B2bua({ ...parts, records })),
      log: logger.child({ component: 'sip' }),
      metrics,
    });
    // registered after the database: it stops first, and writes the registrations while it still can
    hooks.add('sip', () => sip.stop());
    // calls in progress end with a BYE to both sides (and their records) while the stack still runs
    hooks.add('calls', () => calls?.hangUpAll());
    logger.info({ listening: sip.stack.listening, advertised: config.sip.advertisedAddress, registrations: sip.location.size }, 'SIP listening');

    // provisional numbers are retired once their grace period after the port has passed
    const retirement = scheduleProvisionalRetirement({
      database,
      clock: new SystemClock(),
      intervalMs: provisionalRetirementCheckMs,
      onError: (err) => logger.warn({ err }, 'provisional-number retirement failed'),
    });
    hooks.add('port-automation', () => retirement.stop());

    const app = await buildApp({ database, directory, sipDomain: config.sipDomain, sip, ...(calls ? { calls } : {}), logger, metrics, version });
    hooks.add('http', () => app.close());
    const url = await app.listen({ host: config.http.address, port: config.http.port });
    logger.info({ url }, 'HTTP API listening');
  },
};

/** The configured SIP transports, all on BELAY_SIP_ADDRESS:BELAY_SIP_PORT. */
function sipTransports(config: SipConfig): TransportOpener[] {
  const { address: host, port } = config;
  return config.transports.map((protocol): TransportOpener =>
    protocol === 'udp'
      ? (handlers) => UdpTransport.listen({ host, port, recvBufferSize: config.udpRecvBufferBytes, ...handlers })
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
