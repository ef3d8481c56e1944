import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, openDatabase } from '../../src/store/index.js';
import { runBelay } from './support/belay-process.js';

/** The `belay` command as a user runs it: a real process on a temporary data folder. */

describe('the belay command', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-cli-'));
    env = { BELAY_DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const belay = (...args: string[]) => runBelay(args, { env, cwd: dir });

  it('manages tenants in the configured database without a server', { timeout: 90_000 }, async () => {
    const created = await belay('tenant', 'create', '--slug', 'acme', '--name', 'ACME GmbH', '--json');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const acme = JSON.parse(created.stdout) as { id: string; slug: string; name: string };
    expect(acme).toMatchObject({ slug: 'acme', name: 'ACME GmbH' });

    expect((await belay('tenant', 'create', '--slug', 'globex', '--name', 'Globex')).code).toBe(0);

    const table = await belay('tenant', 'list');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SLUG\s+NAME\s+SIPDOMAIN\s+ID\s+CREATEDAT$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual(['acme', 'globex']);

    const firstPage = await belay('tenant', 'list', '--limit', '1');
    expect(firstPage.stdout).toMatch(/^acme\s.*\nmore: belay tenant list --after \S+\n$/m);

    const updated = await belay('tenant', 'update', 'acme', '--name', 'ACME AG', '--json');
    expect(JSON.parse(updated.stdout)).toMatchObject({ id: acme.id, name: 'ACME AG' });
    expect(JSON.parse((await belay('tenant', 'show', acme.id, '--json')).stdout)).toMatchObject({ slug: 'acme', name: 'ACME AG' });

    const deleted = await belay('tenant', 'delete', 'acme');
    expect(deleted).toMatchObject({ code: 0, stdout: 'deleted tenant acme\n' });
    const remaining = JSON.parse((await belay('tenant', 'list', '--json')).stdout) as { items: { slug: string }[] };
    expect(remaining.items.map((t) => t.slug)).toEqual(['globex']);

    const database = await openDatabase({ url: `sqlite:${path.join(dir, 'data', 'belay.db')}` });
    try {
      const audit = await listAudit(database.db, { entityId: acme.id });
      expect(audit.items.map((e) => e.action)).toEqual(['tenant.create', 'tenant.update', 'tenant.delete']);
      expect(new Set(audit.items.map((e) => `${e.actorKind}:${e.actorId}`))).toEqual(new Set([`cli:${os.userInfo().username}`]));
    } finally {
      await database.close();
    }
  });

  it('reports a domain error in one line on stderr and exits 1', { timeout: 60_000 }, async () => {
    const missing = await belay('tenant', 'show', 'nobody');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('belay: tenant "nobody" not found\n');

    const invalid = await belay('tenant', 'create', '--slug', 'Bad Slug', '--name', 'X');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^belay: .*slug.*\n$/);
    expect(invalid.stderr.split('\n')).toHaveLength(2);
  });

  it('answers a wrong command line with usage and exit code 2', { timeout: 60_000 }, async () => {
    const noSlug = await belay('tenant', 'create', '--name', 'X');
    expect(noSlug.code).toBe(2);
    expect(noSlug.stderr).toContain("required option '--slug <slug>' not specified");
    expect(noSlug.stderr).toContain('--help');

    const unknown = await belay('tenant', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);

    const badLimit = await belay('tenant', 'list', '--limit', 'ten');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('expected a positive integer, got "ten"');
  });

  it('stops at a bad configuration value, naming the key, before touching anything', { timeout: 60_000 }, async () => {
    const run = await runBelay(['tenant', 'list'], { env: { ...env, BELAY_LOG_LEVEL: 'chatty', BELAY_HTTP_PORT: 'eighty' }, cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BELAY_HTTP_PORT: expected an integer 0-65535, got "eighty"');
    expect(run.stderr).toContain('BELAY_LOG_LEVEL: expected one of');

    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ BELAY_SIP_PORT: 99999 }));
    const fromFile = await belay('--config', file, 'serve');
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain(`BELAY_SIP_PORT: expected an integer 0-65535, got 99999 (in ${file})`);
  });

  it('has help on every level, and a version', { timeout: 60_000 }, async () => {
    const help = await belay('--help');
    expect(help.code).toBe(0);
    for (const command of ['serve', 'db', 'tenant', 'user', 'device', 'version']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));

    const createHelp = await belay('tenant', 'create', '--help');
    expect(createHelp.code).toBe(0);
    expect(createHelp.stdout).toMatch(/^Usage: belay tenant create \[options\]/);
    expect(createHelp.stdout).toContain('--slug <slug>');

    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(await belay('version')).toMatchObject({ code: 0, stdout: `belay ${version}\n` });
  });

  it('migrates the database on request, and says when there is nothing to do', { timeout: 60_000 }, async () => {
    const fresh = { BELAY_DATA_DIR: path.join(dir, 'fresh') };
    const first = await runBelay(['db', 'migrate'], { env: fresh, cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied \S+/m);
    expect(await runBelay(['db', 'migrate'], { env: fresh, cwd: dir })).toMatchObject({ code: 0, stdout: 'database schema is up to date\n' });
  });
});
