import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const cwd = '/srv/belay';

function failure(env: Record<string, string>, file?: string): string {
  try {
    loadConfig({ env, cwd, file });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has working defaults: loopback HTTP on 8080, SQLite in ./data', () => {
    expect(loadConfig({ env: {}, cwd })).toEqual({
      dataDir: '/srv/belay/data',
      databaseUrl: 'sqlite:/srv/belay/data/belay.db',
      http: { address: '127.0.0.1', port: 8080 },
      sip: {
        address: '127.0.0.1',
        port: 5060,
        advertisedAddress: '127.0.0.1',
        transports: ['udp', 'tcp'],
        udpRecvBufferBytes: 4_194_304,
        udpIoThread: false,
        registration: { minExpires: 60, maxExpires: 7200, defaultExpires: 3600 },
        qualify: { intervalMs: 30_000, giveUpMs: 120_000 },
        digest: { algorithms: ['MD5'] },
        abuse: { windowMs: 60_000, threshold: 10, blockMs: 900_000, allow: [] },
        admission: { maxMessagesPerSecond: 20_000, maxServerTransactions: 50_000 },
        trunkNoResponseMs: 4000,
      },
      sipDomain: 'belay.localhost',
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
    });
  });

  it('reads every key from the environment', () => {
    const config = loadConfig({
      cwd,
      env: {
        BELAY_DATA_DIR: '/var/lib/belay',
        BELAY_DB_URL: 'postgres://belay:secret@db.internal/belay',
        BELAY_HTTP_ADDRESS: '0.0.0.0',
        BELAY_HTTP_PORT: '80',
        BELAY_SIP_ADDRESS: '::',
        BELAY_SIP_PORT: '5080',
        BELAY_SIP_ADVERTISED_ADDRESS: 'pbx.example.net',
        BELAY_SIP_TRANSPORTS: 'udp',
        BELAY_SIP_UDP_RECV_BUFFER: '8388608',
        BELAY_SIP_UDP_IO_THREAD: 'on',
        BELAY_SIP_REGISTER_MIN_EXPIRES: '120',
        BELAY_SIP_REGISTER_MAX_EXPIRES: '1800',
        BELAY_SIP_REGISTER_DEFAULT_EXPIRES: '600',
        BELAY_SIP_QUALIFY_INTERVAL: '0',
        BELAY_SIP_QUALIFY_GIVE_UP: '300',
        BELAY_SIP_DIGEST_ALGORITHMS: 'MD5, SHA-256',
        BELAY_SIP_DIGEST_SECRET: 'a shared secret of the cluster',
        BELAY_SIP_AUTH_FAILURE_WINDOW: '30',
        BELAY_SIP_AUTH_FAILURE_THRESHOLD: '5',
        BELAY_SIP_BLOCK_DURATION: '3600',
        BELAY_SIP_BLOCK_ALLOW: '10.0.0.0/8,2001:db8::1',
        BELAY_SIP_MAX_MESSAGES_PER_SECOND: '5000',
        BELAY_SIP_MAX_TRANSACTIONS: '2000',
        BELAY_SIP_TRUNK_NO_RESPONSE_MS: '2500',
        BELAY_SIP_DOMAIN: 'sip.example.net',
        BELAY_LOG_LEVEL: 'debug',
        BELAY_SHUTDOWN_TIMEOUT_MS: '3000',
      },
    });
    expect(config).toEqual({
      dataDir: '/var/lib/belay',
      databaseUrl: 'postgres://belay:secret@db.internal/belay',
      http: { address: '0.0.0.0', port: 80 },
      sip: {
        address: '::',
        port: 5080,
        advertisedAddress: 'pbx.example.net',
        transports: ['udp'],
        udpRecvBufferBytes: 8_388_608,
        udpIoThread: true,
        registration: { minExpires: 120, maxExpires: 1800, defaultExpires: 600 },
        qualify: { intervalMs: 0, giveUpMs: 300_000 },
        digest: { algorithms: ['MD5', 'SHA-256'], secret: 'a shared secret of the cluster' },
        abuse: { windowMs: 30_000, threshold: 5, blockMs: 3_600_000, allow: ['10.0.0.0/8', '2001:db8::1'] },
        admission: { maxMessagesPerSecond: 5000, maxServerTransactions: 2000 },
        trunkNoResponseMs: 2500,
      },
      sipDomain: 'sip.example.net',
      logLevel: 'debug',
      shutdownTimeoutMs: 3000,
    });
  });

  it('puts the default SQLite file in the configured data folder, resolved against the working directory', () => {
    expect(loadConfig({ env: { BELAY_DATA_DIR: 'state' }, cwd }).databaseUrl).toBe('sqlite:/srv/belay/state/belay.db');
  });

  it('names the key, what it expects and what it got', () => {
    expect(failure({ BELAY_HTTP_PORT: 'eighty' })).toBe('BELAY_HTTP_PORT: expected an integer 0-65535, got "eighty"');
    expect(failure({ BELAY_SIP_PORT: '65536' })).toBe('BELAY_SIP_PORT: expected an integer 0-65535, got "65536"');
    expect(failure({ BELAY_HTTP_PORT: '80.5' })).toMatch(/^BELAY_HTTP_PORT: expected an integer/);
    expect(failure({ BELAY_LOG_LEVEL: 'loud' })).toBe(
      'BELAY_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
    expect(failure({ BELAY_DB_URL: 'mysql://x/y' })).toMatch(/^BELAY_DB_URL: expected sqlite:<path>.* or a postgres:\/\/ URL, got "mysql:\/\/x\/y"$/);
    expect(failure({ BELAY_HTTP_ADDRESS: 'not an address' })).toMatch(/^BELAY_HTTP_ADDRESS: expected an IPv4 or IPv6 address or a host name/);
    expect(failure({ BELAY_SIP_DOMAIN: 'localhost' })).toBe('BELAY_SIP_DOMAIN: expected a DNS name such as pbx.example.net, got "localhost"');
    expect(failure({ BELAY_SIP_TRUNK_NO_RESPONSE_MS: '60000' })).toBe('BELAY_SIP_TRUNK_NO_RESPONSE_MS: expected an integer 500-32000, got "60000"');
  });

  it('checks the SIP lists and the registration expiry bounds', () => {
    expect(failure({ BELAY_SIP_TRANSPORTS: 'udp,sctp' })).toMatch(/^BELAY_SIP_TRANSPORTS: expected a comma-separated list of udp, tcp/);
    expect(failure({ BELAY_SIP_TRANSPORTS: 'udp,udp' })).toMatch(/^BELAY_SIP_TRANSPORTS: expected .*each once/);
    expect(failure({ BELAY_SIP_DIGEST_ALGORITHMS: 'SHA-512' })).toMatch(/^BELAY_SIP_DIGEST_ALGORITHMS: expected a comma-separated list of MD5, SHA-256/);
    expect(failure({ BELAY_SIP_BLOCK_ALLOW: '10.0.0.0/8,pbx.example' })).toMatch(/^BELAY_SIP_BLOCK_ALLOW: expected empty or a comma-separated list of IP addresses/);
    expect(failure({ BELAY_SIP_DIGEST_SECRET: 'short' })).toMatch(/^BELAY_SIP_DIGEST_SECRET: expected at least 16 characters/);
    expect(failure({ BELAY_SIP_REGISTER_MIN_EXPIRES: '4000' })).toMatch(/^BELAY_SIP_REGISTER_DEFAULT_EXPIRES: expected .* got 4000 ≤ 3600 ≤ 7200$/);
  });

  it('takes SIP lists as JSON arrays from the file', async () => {
    const file = path.join(dir, 'lists.json');
    await writeFile(file, JSON.stringify({ BELAY_SIP_TRANSPORTS: ['tcp'], BELAY_SIP_BLOCK_ALLOW: ['192.0.2.0/24'] }));
    const { sip } = loadConfig({ env: {}, cwd, file });
    expect([sip.transports, sip.abuse.allow]).toEqual([['tcp'], ['192.0.2.0/24']]);
  });

  it('reports every bad key at once, one per line', () => {
    expect(failure({ BELAY_HTTP_PORT: '-1', BELAY_LOG_LEVEL: 'x' }).split('\n').map((l) => l.split(':')[0])).toEqual([
      'BELAY_HTTP_PORT',
      'BELAY_LOG_LEVEL',
    ]);
  });

  it('needs an advertised SIP address when SIP listens on every interface', () => {
    expect(failure({ BELAY_SIP_ADDRESS: '0.0.0.0' })).toMatch(/^BELAY_SIP_ADVERTISED_ADDRESS: .*required when BELAY_SIP_ADDRESS is 0\.0\.0\.0/);
  });

  it('takes a JSON file of the same keys, and the environment wins over it', async () => {
    const file = path.join(dir, 'belay.json');
    await writeFile(file, JSON.stringify({ BELAY_HTTP_PORT: 9000, BELAY_SIP_PORT: 5070, BELAY_LOG_LEVEL: 'warn' }));
    const config = loadConfig({ env: { BELAY_SIP_PORT: '5090' }, cwd, file });
    expect(config.http.port).toBe(9000);
    expect(config.sip.port).toBe(5090);
    expect(config.logLevel).toBe('warn');
    expect(loadConfig({ env: { BELAY_CONFIG: file }, cwd }).http.port).toBe(9000);
  });

  it('says when a bad value came from the file', async () => {
    const file = path.join(dir, 'bad-port.json');
    await writeFile(file, JSON.stringify({ BELAY_HTTP_PORT: 'eighty' }));
    expect(failure({}, file)).toBe(`BELAY_HTTP_PORT: expected an integer 0-65535, got "eighty" (in ${file})`);
  });

  it('rejects a file that is missing, not JSON, or has unknown keys', async () => {
    expect(failure({}, path.join(dir, 'absent.json'))).toMatch(/absent\.json: cannot be read \(ENOENT\)/);
    const notJson = path.join(dir, 'not.json');
    await writeFile(notJson, '{ port: 1 }');
    expect(failure({}, notJson)).toMatch(/not\.json: not valid JSON/);
    const typo = path.join(dir, 'typo.json');
    await writeFile(typo, JSON.stringify({ BELAY_HTTP_PROT: 1 }));
    expect(failure({}, typo)).toMatch(/unknown key BELAY_HTTP_PROT/);
  });
});
