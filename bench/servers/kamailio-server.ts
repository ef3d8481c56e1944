/**
 * Kamailio as the reference: registrar and stateful proxy with Digest authentication against a
 * SQLite subscriber table (HA1 stored, as belay stores it), contacts in memory (`usrloc`
 * db_mode 0). REGISTER is challenged (401) and saved; an INVITE is challenged (407), record-
 * routed, looked up in the location table and relayed statefully; in-dialog requests follow
 * their Route. Everything lives in a temporary folder; the process runs in the foreground.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { freeSippPort } from '../../test/support/sipp.js';
import { processTree } from '../load/process-usage.js';
import { udpSocketState } from '../load/udp-socket.js';
import type { BenchServer, BenchUser } from './bench-server.js';

export interface KamailioOptions {
  readonly domain: string;
  readonly users: readonly BenchUser[];
  /** UDP receive buffer Kamailio may raise its socket to (core parameter `maxbuffer`). */
  readonly receiveBufferBytes: number;
  /** Worker processes on the UDP socket (core parameter `children`). */
  readonly children: number;
}

/** Shared and private memory in MB: with less shared memory `tm` runs out near 2,000 calls/s. */
const SHARED_MEMORY_MB = 1024;
const PRIVATE_MEMORY_MB = 16;
const MODULES = ['db_sqlite', 'tm', 'sl', 'rr', 'pv', 'maxfwd', 'siputils', 'textops', 'usrloc', 'registrar', 'auth', 'auth_db'];

export function kamailioConfig(options: { readonly port: number; readonly database: string; readonly children: number; readonly receiveBufferBytes: number }): string {
  return `#!KAMAILIO
debug=0
log_stderror=yes
children=${options.children}
listen=udp:127.0.0.1:${options.port}
disable_tcp=yes
maxbuffer=${options.receiveBufferBytes}
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"

${MODULES.map((name) => `loadmodule "${name}.so"`).join('\n')}

modparam("usrloc", "db_mode", 0)
modparam("auth_db", "db_url", "sqlite://${options.database}")
modparam("auth_db", "calculate_ha1", 0)
modparam("auth_db", "password_column", "ha1")
modparam("auth_db", "load_credentials", "")

request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (has_totag()) {
    if (loose_route()) { t_relay(); exit; }
    if (is_method("ACK")) { if (t_check_trans()) t_relay(); exit; }
    sl_send_reply("404", "Not Here");
    exit;
  }
  if (is_method("CANCEL")) { if (t_check_trans()) t_relay(); exit; }
  t_check_trans();
  if (is_method("REGISTER")) {
    if (!auth_check("$fd", "subscriber", "1")) { auth_challenge("$fd", "1"); exit; }
    if (!save("location")) sl_reply_error();
    exit;
  }
  if (is_method("INVITE")) {
    if (!auth_check("$fd", "subscriber", "1")) { auth_challenge("$fd", "1"); exit; }
    consume_credentials();
    record_route();
    if (!lookup("location")) { sl_send_reply("404", "Not Found"); exit; }
    t_relay();
    exit;
  }
  sl_send_reply("405", "Method Not Allowed");
}
`;
}

/** The subscriber table of Kamailio's SQLite schema (auth_db, table version 7), with HA1 = MD5(user:realm:password). */
function writeSubscribers(file: string, domain: string, users: readonly BenchUser[]): void {
  const db = new Database(file);
  try {
    db.exec(`
      CREATE TABLE version (id INTEGER PRIMARY KEY NOT NULL, table_name VARCHAR(32) NOT NULL UNIQUE, table_version INTEGER DEFAULT 0 NOT NULL);
      INSERT INTO version (table_name, table_version) VALUES ('version', 1), ('subscriber', 7);
      CREATE TABLE subscriber (
        id INTEGER PRIMARY KEY NOT NULL, username VARCHAR(64) DEFAULT '' NOT NULL, domain VARCHAR(64) DEFAULT '' NOT NULL,
        password VARCHAR(64) DEFAULT '' NOT NULL, ha1 VARCHAR(128) DEFAULT '' NOT NULL, ha1b VARCHAR(128) DEFAULT '' NOT NULL,
        CONSTRAINT subscriber_account_idx UNIQUE (username, domain));
      CREATE INDEX subscriber_username_idx ON subscriber (username);`);
    const insert = db.prepare('INSERT INTO subscriber (username, domain, ha1) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const { username, password } of users) {
        insert.run(username, domain, createHash('md5').update(`${username}:${domain}:${password}`).digest('hex'));
      }
    })();
  } finally {
    db.close();
  }
}

export async function startKamailio(options: KamailioOptions): Promise<BenchServer> {
  const dir = await mkdtemp(join(tmpdir(), 'belay-bench-kamailio-'));
  return launch(dir, options).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
}

async function launch(dir: string, options: KamailioOptions): Promise<BenchServer> {
  const database = join(dir, 'subscriber.db');
  writeSubscribers(database, options.domain, options.users);
  const port = await freeSippPort();
  const config = join(dir, 'kamailio.cfg');
  await writeFile(config, kamailioConfig({ port, database, children: options.children, receiveBufferBytes: options.receiveBufferBytes }));

  const child = spawn(
    'kamailio',
    ['-f', config, '-DD', '-E', '-m', String(SHARED_MEMORY_MB), '-M', String(PRIVATE_MEMORY_MB), '-P', join(dir, 'kamailio.pid')],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  await waitForSocket(child, port, () => log);
  return {
    name: 'Kamailio',
    sip: { host: '127.0.0.1', port },
    settings: {
      version: 'kamailio 5.6',
      children: String(options.children),
      maxbuffer: String(options.receiveBufferBytes),
      memory: `-m ${SHARED_MEMORY_MB} -M ${PRIVATE_MEMORY_MB}`,
    },
    // it answers REGISTER statelessly (sl): nothing is held after the 200; tm keeps a finished
    // transaction for its wait timer (wt_timer, 5 s by default, not set here)
    settleMs: 5000,
    processes: () => processTree(child.pid ?? 0),
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([closed, sleep(5000).then(() => child.kill('SIGKILL'))]);
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForSocket(child: ChildProcess, port: number, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`Kamailio exited (${child.exitCode}) at start: ${log()}`);
    if (await udpSocketState('127.0.0.1', port)) {
      await sleep(500); // its worker processes fork after the socket is bound
      return;
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`Kamailio did not listen on udp:127.0.0.1:${port}: ${log()}`);
}
