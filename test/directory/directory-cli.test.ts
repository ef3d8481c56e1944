import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ha1 } from '../../src/sip/index.js';
import { listAudit, openDatabase } from '../../src/store/index.js';
import { runBelay } from '../app/support/belay-process.js';

/** `belay user` and `belay device` as an administrator runs them: the real command on a temporary data folder. */

describe('the belay user and device commands', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-directory-cli-'));
    env = { BELAY_DATA_DIR: path.join(dir, 'data'), BELAY_SIP_DOMAIN: 'pbx.example.net' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const belay = (...args: string[]) => runBelay(args, { env, cwd: dir });
  const json = <T>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

  it('manages users, passwords and devices, refusing what would break the directory', { timeout: 120_000 }, async () => {
    const tenant = json<{ sipDomain: string }>(await belay('tenant', 'create', '--slug', 'acme', '--name', 'ACME', '--json'));
    expect(tenant.sipDomain).toBe('acme.pbx.example.net');

    const erika = await belay('user', 'create', 'acme', '--extension', '201', '--name', 'Erika Muster', '--sip-username', 'erika', '--generate-password');
    expect(erika).toMatchObject({ code: 0, stderr: '' });
    const [header, row, passwordLine] = erika.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^EXTENSION\s+NAME\s+SIPUSERNAME\s+PASSWORD\s+DND\s+COS\s+CLIR\s+FORWARDING\s+EMAIL\s+ID$/);
    expect(row).toMatch(/^201\s+Erika Muster\s+erika\s+yes\s+off\s+international\s+off\s+-\s+-\s+\S+$/);
    const generated = /^password of 201 \(shown once\): (\S{20})$/.exec(passwordLine ?? '')?.[1];
    expect(generated).toBeDefined();

    const max = await belay('user', 'create', 'acme', '--extension', '202', '--name', 'Max', '--forward-no-answer', '201', '--forward-no-answer-seconds', '15', '--forward-busy', '0221 471123');
    expect(max.stdout).toMatch(/busy→\+49221471123 no-answer\(15s\)→201/);

    const passwordFile = path.join(dir, 'password');
    await writeFile(passwordFile, 'Correct-Horse-7\n');
    expect((await belay('user', 'set-password', 'acme', '202', '--password-file', passwordFile)).stdout).toMatch(/^202\s+Max\s+202\s+yes/m);
    expect((await belay('user', 'show', 'acme', '202')).stdout).not.toContain('Correct-Horse-7');

    const users = await belay('user', 'list', 'acme', '--json');
    expect(json<{ items: { extension: string }[] }>(users).items.map((u) => u.extension)).toEqual(['201', '202']);

    const taken = await belay('user', 'create', 'acme', '--extension', '201', '--name', 'Twin');
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toBe('belay: another user of this tenant already has the extension "201"\n');
    const forwarded = await belay('user', 'delete', 'acme', '201');
    expect(forwarded.stderr).toMatch(/^belay: user 201 \(Erika Muster\) cannot be deleted while 202 \(Max\) forwards calls/);

    const device = await belay('device', 'create', 'acme', '--mac', '00:15:65:BD:56:D4', '--label', 'Desk', '--vendor', 'Yealink', '--user', '201', '--json');
    expect(json<{ mac: string; userId: string }>(device)).toMatchObject({ mac: '001565bd56d4' });
    const badMac = await belay('device', 'create', 'acme', '--mac', '00:15:65', '--label', 'X');
    expect(badMac.code).toBe(1);
    expect(badMac.stderr).toMatch(/^belay: invalid device: mac must be a MAC address/);

    const stillUsed = await belay('tenant', 'delete', 'acme');
    expect(stillUsed).toMatchObject({ code: 1, stderr: 'belay: tenant "acme" still has 2 users, 1 device; delete them first\n' });

    const database = await openDatabase({ url: `sqlite:${path.join(dir, 'data', 'belay.db')}` });
    try {
      const row = await database.db.selectFrom('users').selectAll().where('extension', '=', '201').executeTakeFirstOrThrow();
      expect(row.ha1_md5).toBe(ha1('erika', 'acme.pbx.example.net', generated ?? '', 'MD5'));
      const audit = await listAudit(database.db, { entityType: 'user' });
      expect(audit.items.map((r) => r.action)).toEqual(['user.create', 'user.create', 'user.set-password']);
      expect(JSON.stringify(audit.items)).not.toContain(generated);
      expect(new Set(audit.items.map((r) => `${r.actorKind}:${r.actorId}`))).toEqual(new Set([`cli:${os.userInfo().username}`]));
    } finally {
      await database.close();
    }
  });

  it('answers a wrong command line with usage and exit code 2', { timeout: 60_000 }, async () => {
    const both = await belay('user', 'set-password', 'acme', '201', '--generate', '--password-file', '/nonexistent');
    expect(both.code).toBe(2);
    const missing = await belay('user', 'create', 'acme', '--name', 'X');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--extension <digits>' not specified");
  });
});
