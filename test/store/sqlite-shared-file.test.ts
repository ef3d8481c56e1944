import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { listTenants } from '../../src/centrex/index.js';
import { openDatabase, verifyAuditChain } from '../../src/store/index.js';
import { scratchDatabase } from './support/test-database.js';
import type { ScratchDatabase } from './support/test-database.js';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./support/create-tenants.ts', import.meta.url));
let scratch: ScratchDatabase | undefined;
afterEach(async () => scratch?.remove());

it('serializes writers in separate processes sharing one SQLite file', async () => {
  scratch = await scratchDatabase('sqlite');
  const processes = ['a', 'b', 'c'];
  await Promise.all(
    processes.map((prefix) => run(process.execPath, ['--import', 'tsx', worker, scratch?.url ?? '', prefix, '20'], { timeout: 60_000 })),
  );
  const database = await openDatabase({ url: scratch.url });
  try {
    expect((await listTenants(database, { limit: 200 })).items).toHaveLength(60);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, rows: 120 });
  } finally {
    await database.close();
  }
});
