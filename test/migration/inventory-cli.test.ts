import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBelay } from '../app/support/belay-process.js';

/** `belay import` and `belay plan` as an administrator runs them, on the documented example files. */

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/examples');

describe('the belay import and plan commands', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'belay-inventory-cli-'));
    env = { BELAY_DATA_DIR: path.join(dir, 'data') };
    for (const file of ['inventory.csv', 'number-blocks.csv']) await copyFile(path.join(examples, file), path.join(dir, file));
    // the sites as German Excel saves "CSV (Trennzeichen-getrennt)": Windows-1252, not UTF-8
    const sites = await readFile(path.join(examples, 'sites.csv'), 'utf8');
    await writeFile(path.join(dir, 'sites.csv'), Buffer.from(sites, 'latin1'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const belay = (...args: string[]) => runBelay(args, { env, cwd: dir });

  it('checks, imports once, refuses a file with errors naming every row, and plans the provisional numbers', { timeout: 120_000 }, async () => {
    expect((await belay('tenant', 'create', '--slug', 'muster', '--name', 'Muster GmbH')).code).toBe(0);
    const files = ['inventory.csv', '--sites', 'sites.csv', '--number-blocks', 'number-blocks.csv'];

    const dry = await belay('import', 'muster', ...files);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(/^employees\s+8\s+0\s+0$/m);
    expect(dry.stdout).toMatch(/^sites\s+2\s+0\s+0$/m);
    expect(dry.stdout).toContain('a dry run: nothing was imported (add --apply to import)');
    expect((await belay('user', 'list', 'muster', '--json')).stdout).toContain('"items": []');

    expect((await belay('import', 'muster', ...files, '--apply')).stdout).toMatch(/^devices\s+5\s+0\s+0$/m);
    const again = await belay('import', 'muster', ...files, '--apply', '--json');
    const counts = (JSON.parse(again.stdout) as { counts: Record<string, { created: number; updated: number }> }).counts;
    expect(Object.values(counts).every((c) => c.created === 0 && c.updated === 0)).toBe(true);

    await writeFile(path.join(dir, 'bad.csv'), 'name,extension,number,site,device_mac\nTwin,23,,,\nNowhere,50,+49 30 1234567,Köln,\nBad,51,,Köln,00:15\n');
    const bad = await belay('import', 'muster', 'bad.csv', '--apply');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('belay: 3 errors: nothing was imported\n');
    expect(bad.stdout).toMatch(/^error\s+employees\s+3\s+number\s+outside_blocks\s+\+49301234567 is not in any legacy number block/m);
    expect(bad.stdout).toMatch(/^error\s+employees\s+4\s+device_mac\s+invalid\s+/m);
    expect(bad.stdout).toMatch(/^error\s+employees\s+2\s+site\s+required\s+the tenant has 2 sites/m);

    const plan = await belay('plan', 'muster');
    expect(plan.stdout).toMatch(/^23\s+Erika Mustermann\s+\+49221471123\s+-\s+\+492219876523\s+suffix$/m);
    expect(plan.stdout).toMatch(/^301\s+Anna Weber\s+\+492285553\s+-\s+\+49228777000\s+next_free$/m);
    expect(plan.stdout).toContain('(a preview: add --apply to write it)');
    const applied = JSON.parse((await belay('plan', 'muster', '--apply', '--json')).stdout) as { applied: boolean; counts: { changed: number; unplanned: number } };
    expect(applied).toMatchObject({ applied: true, counts: { changed: 8, unplanned: 0 } });
  });
});
