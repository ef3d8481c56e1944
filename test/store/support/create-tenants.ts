/**
 * One process of the shared-file test: opens the database at argv[2], migrates it, and
 * argv[4] times creates a tenant `<argv[3]>-<n>` and then runs a transaction that reads
 * before it writes (the pattern that fails between processes unless a transaction takes
 * the write lock when it begins).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createTenant } from '../../../src/centrex/index.js';
import { appendAudit, findTenantRow, inTransaction, migrateToLatest, openDatabase } from '../../../src/store/index.js';

const [url, prefix, count] = process.argv.slice(2);
if (!url || !prefix || !count) throw new Error('usage: create-tenants URL PREFIX COUNT');
const actor = { kind: 'system', id: prefix } as const;
const database = await openDatabase({ url });
try {
  await migrateToLatest(database);
  for (let n = 0; n < Number(count); n++) {
    const tenant = await createTenant(database, { slug: `${prefix}-${n}`, name: `${prefix} ${n}` }, actor);
    await inTransaction(database, async (trx) => {
      const row = await findTenantRow(trx, { id: tenant.id });
      await sleep(1); // let the other processes run between the read and the write
      const at = new Date().toISOString();
      await appendAudit(trx, { tenantId: tenant.id, actor, action: 'test.read-then-write', entityType: 'tenant', entityId: tenant.id, at, before: null, after: row ?? null });
    });
  }
} finally {
  await database.close();
}
