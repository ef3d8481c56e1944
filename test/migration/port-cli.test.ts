import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, migrateToLatest, openDatabase } from '../../src/store/index.js';
import { runBelay } from '../app/support/belay-process.js';
import { seedPortingCompany } from './support/port-fixture.js';

/** `belay port` and `belay forwarding` as an administrator runs them: the real command on a temporary data folder. */

describe('the belay port and forwarding commands', () => {
  let dir: string;
  let env: Record<string, string>;
  const databaseUrl = () => `sqlite:${path.join(dir, 'data', 'belay.db')}`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-port-cli-'));
    env = { BELAY_DATA_DIR: path.join(dir, 'data') };
    const database = await openDatabase({ url: databaseUrl() });
    try {
      await migrateToLatest(database);
      await seedPortingCompany(database);
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const belay = (...args: string[]) => runBelay(args, { env, cwd: dir });

  it('orders forwarding, exports the list, and takes a port order from a rejection to completion', { timeout: 180_000 }, async () => {
    const requested = await belay('forwarding', 'request', 'muster');
    expect(requested).toMatchObject({ code: 0, stderr: '' });
    expect(requested.stdout.split('\n')[1]).toMatch(/^\+49221471101\s+\+49221987601\s+21\s+Employee 21\s+requested\s+\S+$/);
    expect((await belay('forwarding', 'export', 'muster')).stdout.split('\r\n').slice(0, 2)).toEqual([
      'action,legacy_number,forward_to,extension,name,state,order_id',
      expect.stringMatching(/^set_up,\+49221471101,\+49221987601,21,Employee 21,requested,/),
    ]);

    const split = await belay('port', 'create', 'muster', '--provider', 'Telekom', '--line', 'AS-1', '--number', '+49221471100', '0221 4711 01');
    expect(split.code).toBe(1);
    expect(split.stderr).toMatch(/^belay: invalid port order: numbers must contain every number of line AS-1 at Telekom, .*missing: \+49221471102–\+49221471109\n$/);

    const created = await belay(
      'port', 'create', 'muster', '--provider', 'Telekom', '--line', 'AS-1', '--holder-name', 'Muster  GmbH', '--holder-street', 'Domstr. 1',
      '--holder-postal-code', '50668', '--holder-city', 'Köln', '--customer-number', 'KD-0815', '--signatory', 'Erika Mustermann', '--at-contract-end', '--json',
    );
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect((await belay('port', 'submit', 'muster', id)).stdout).toMatch(/^port order \S+: Telekom line AS-1, submitted\nnumbers \(10\): \+49221471100–\+49221471109\nholder: "Muster {2}GmbH", /);
    expect((await belay('port', 'reject', 'muster', id, '--code', 'ADF')).stdout).toMatch(/rejected \S+ with ADF \(address wrong\); enter the holder’s address exactly/);
    const refused = await belay('port', 'resubmit', 'muster', id);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/rejected with ADF \(address wrong\) and none of holderStreet, holderPostalCode, holderCity has been corrected since/);
    await belay('port', 'update', 'muster', id, '--holder-street', 'Domstraße 1');
    expect((await belay('port', 'resubmit', 'muster', id)).stdout).toMatch(/, submitted\n/);
    expect((await belay('port', 'confirm', 'muster', id, '--date', '2026-06-30', '--window', '06:00-10:00')).stdout).toMatch(/Wechseltermin: 2026-06-30 06:00–10:00/);

    const file = path.join(dir, 'port-request.html');
    expect((await belay('port', 'request', 'muster', id, '--output', file)).stdout).toBe(`wrote the port request to ${file}\n`);
    expect(await readFile(file, 'utf8')).toContain('<span class="verbatim">Muster  GmbH</span>');

    const completed = await belay('port', 'complete', 'muster', id);
    expect(completed.stdout).not.toContain('behind:');
    expect(completed.stdout).toContain('forwarding asked to be removed: +49221471101, +49221471102, +49221471103');
    expect((await belay('port', 'retire-provisionals')).stdout).toBe('no provisional number is due for retirement\n');
    expect((await belay('port', 'list', 'muster')).stdout).toMatch(/^ID\s+PROVIDER\s+LINE\s+STATE\s+NUMBERS\s+DATE\s+WECHSELTERMIN\s+WARNINGS\n\S+\s+Telekom\s+AS-1\s+completed\s+10\s+at contract end\s+2026-06-30 06:00–10:00\s+0\n$/);

    const database = await openDatabase({ url: databaseUrl() });
    try {
      const actions = (await listAudit(database.db, { entityType: 'port_order' })).items.map((r) => `${r.action} ${r.actorKind}:${r.actorId}`);
      const user = os.userInfo().username;
      expect(actions).toEqual(['create', 'submit', 'reject', 'update', 'resubmit', 'confirm', 'complete'].map((verb) => `port_order.${verb} cli:${user}`));
    } finally {
      await database.close();
    }
  });
});
