import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, openDatabase } from '../../src/store/index.js';
import { runBelay } from '../app/support/belay-process.js';

/** `belay trunk`, `belay profile` and the telephony options of `belay user` and `belay tenant`, as an administrator runs them. */

describe('the belay trunk and profile commands', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-trunk-cli-'));
    env = { BELAY_DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const belay = (...args: string[]) => runBelay(args, { env, cwd: dir });
  const json = <T>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

  it('manages trunks of a tenant and shared ones, reading the password from a file and never printing it', { timeout: 120_000 }, async () => {
    expect((await belay('tenant', 'create', '--slug', 'acme', '--name', 'ACME')).code).toBe(0);
    const passwordFile = path.join(dir, 'trunk-password');
    await writeFile(passwordFile, 'trunk-s3cret\n');

    const created = await belay(
      'trunk', 'create', '--tenant', 'acme', '--name', 'Telekom', '--mode', 'register', '--host', 'reg.sip-trunk.telekom.example',
      '--username', '+4922147110', '--password-file', passwordFile, '--profile', 'telekom', '--default-number', '0221 4711 0', '--max-calls', '30',
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const [header, row] = created.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME\s+MODE\s+SERVER\s+PROFILE\s+PRIORITY\s+ENABLED\s+USERNAME\s+PASSWORD\s+DEFAULTNUMBER\s+ID$/);
    expect(row).toMatch(/^Telekom\s+register\s+udp:reg\.sip-trunk\.telekom\.example:5060\s+telekom\s+100\s+yes\s+\+4922147110\s+set\s+\+4922147110\s+\S+$/);

    const shown = json<{ maxCalls: number; passwordSet: boolean }>(await belay('trunk', 'show', '--tenant', 'acme', 'Telekom', '--json'));
    expect(shown).toMatchObject({ maxCalls: 30, passwordSet: true });
    expect(shown).not.toHaveProperty('password');

    const changed = json<{ maxCalls: number | null; enabled: boolean; transport: string; port: number }>(
      await belay('trunk', 'update', '--tenant', 'acme', 'Telekom', '--max-calls', 'none', '--disable', '--transport', 'tls', '--json'),
    );
    expect(changed).toMatchObject({ maxCalls: null, enabled: false, transport: 'tls', port: 5061 });

    const shared = await belay('trunk', 'create', '--shared', '--name', 'backup', '--mode', 'ip', '--host', '192.0.2.40', '--inbound-addresses', '192.0.2.41,192.0.2.42', '--json');
    expect(json<{ tenantId: null; inboundAddresses: string[] }>(shared)).toMatchObject({ tenantId: null, inboundAddresses: ['192.0.2.41', '192.0.2.42'] });
    expect((await belay('trunk', 'list', '--shared')).stdout).toMatch(/^backup\s+ip\s+udp:192\.0\.2\.40:5060/m);
    expect((await belay('trunk', 'list', '--tenant', 'acme')).stdout).not.toContain('backup');

    const database = await openDatabase({ url: `sqlite:${path.join(dir, 'data', 'belay.db')}` });
    try {
      const audit = await listAudit(database.db, { entityType: 'trunk' });
      expect(audit.items.map((r) => `${r.actorKind} ${r.action}`)).toEqual(['cli trunk.create', 'cli trunk.update', 'cli trunk.create']);
      expect(JSON.stringify(audit.items)).not.toContain('trunk-s3cret');
    } finally {
      await database.close();
    }
    expect((await belay('trunk', 'delete', '--shared', 'backup')).stdout).toBe('deleted trunk backup\n');
  });

  it('refuses what would be a bad trunk, naming the field, and a command without an owner', { timeout: 60_000 }, async () => {
    const bad = await belay('trunk', 'create', '--tenant', 'acme', '--name', 'x', '--mode', 'register', '--host', 'carrier', '--username', 'u');
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toBe('belay: invalid trunk: host must be an IP address or a DNS name such as sip.carrier.example\n');
    const noPassword = await belay('trunk', 'create', '--tenant', 'acme', '--name', 'x', '--mode', 'register', '--host', 'sip.carrier.example', '--username', 'u');
    expect(noPassword.stderr).toBe('belay: invalid trunk: password is required for a trunk that registers\n');
    const noOwner = await belay('trunk', 'list');
    expect(noOwner).toMatchObject({ code: 1, stderr: 'belay: name the trunks’ owner: --tenant <tenant> or --shared\n' });
    expect((await belay('trunk', 'list', '--tenant', 'acme', '--shared')).code).toBe(2);
  });

  it('creates a custom profile from another one, changes and deletes it', { timeout: 60_000 }, async () => {
    const created = await belay('profile', 'create', 'acme-carrier', '--tenant', 'acme', '--like', 'dts', '--format', 'national', '--no-diversion', '--json');
    expect(json(created)).toMatchObject({ name: 'acme-carrier', builtin: false, fromUser: 'npn', ppi: 'upn', format: 'national', diversion: false });
    expect((await belay('profile', 'update', 'acme-carrier', '--user-phone', '--json')).stdout).toContain('"userPhone": true');
    const list = (await belay('profile', 'list', '--tenant', 'acme')).stdout;
    expect(list).toMatch(/^telekom\s+built-in\s+upn\s+name\s+npn\s+none\s+e164\s+yes\s+yes$/m);
    expect(list).toMatch(/^acme-carrier\s+tenant\s+npn\s+name\s+upn\s+none\s+national\s+yes\s+no$/m);
    const broken = await belay('profile', 'update', 'acme-carrier', '--from-user', 'upn');
    expect(broken.stderr).toMatch(/^belay: invalid trunk profile update: fromUser the network number must travel somewhere/);
    expect((await belay('profile', 'delete', 'acme-carrier')).stdout).toBe('deleted trunk profile acme-carrier\n');
    expect((await belay('profile', 'update', 'telekom', '--format', 'national')).code).toBe(1);
  });

  it('sets a user’s class of service, CLIR and parallel number, and the tenant’s reception', { timeout: 60_000 }, async () => {
    const user = await belay('user', 'create', 'acme', '--extension', '200', '--name', 'Zentrale', '--class-of-service', 'national', '--clir', '--ring-external', '0171 2345678');
    expect(user.stdout).toMatch(/^200\s+Zentrale\s+200\s+no\s+off\s+national\s+on\s+parallel→\+491712345678\s/m);
    expect((await belay('user', 'update', 'acme', '200', '--no-clir', '--ring-external', 'none', '--json')).stdout).toMatch(/"clir": false,\n\s+"ringExternal": null/);
    expect((await belay('tenant', 'update', 'acme', '--reception-extension', '200', '--json')).stdout).toContain('"receptionExtension": "200"');
    const refused = await belay('user', 'delete', 'acme', '200');
    expect(refused.stderr).toMatch(/^belay: user 200 \(Zentrale\) cannot be deleted while extension 200 is the tenant's reception/);
    expect((await belay('tenant', 'update', 'acme', '--reception-extension', 'none', '--json')).stdout).toContain('"receptionExtension": null');
  });
});
