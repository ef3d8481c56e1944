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
      sip: { address: '127.0.0.1', port: 5060, advertisedAddress: '127.0.0.1' },
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
        BELAY_LOG_LEVEL: 'debug',
        BELAY_SHUTDOWN_TIMEOUT_MS: '3000',
      },
    });
    expect(config).toEqual({
      dataDir: '/var/lib/belay',
      databaseUrl: 'postgres://belay:secret@db.internal/belay',
      http: { address: '0.0.0.0', port: 80 },
      sip: { address: '::', port: 5080, advertisedAddress: 'pbx.example.net' },
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
