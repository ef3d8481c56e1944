/**
 * How long `belay serve` takes to load the directory (the SIP side's in-memory read model)
 * with 10,000 users that all have passwords, and the heap it holds.
 *
 *   node --expose-gc --import tsx bench/directory-load.ts                  # SQLite, temporary folder
 *   node --expose-gc --import tsx bench/directory-load.ts postgres://…     # a throw-away database on that server
 */
import { createTenant, createUsers, loadDirectory } from '../src/centrex/index.js';
import type { InMemoryDirectory } from '../src/centrex/index.js';
import { migrateToLatest, openDatabase } from '../src/store/index.js';
import { scratchDatabaseAt } from '../test/support/scratch-database.js';

const users = 10_000;
const runs = 5;
const actor = { kind: 'system', id: 'bench' } as const;

const target = await scratchDatabaseAt(process.argv[2], 'belay-directory-bench');
const database = await openDatabase({ url: target.url });
try {
  await migrateToLatest(database);
  const tenant = await createTenant(database, { slug: 'bench', name: 'Bench' }, actor);
  const seedStart = performance.now();
  const list = Array.from({ length: users }, (_, i) => ({ extension: String(20_000 + i), name: `User ${i}`, password: `Bench-pass-${i}x` }));
  await createUsers(database, tenant.id, { users: list }, actor);
  const seedMs = performance.now() - seedStart;

  const times: number[] = [];
  const held: InMemoryDirectory[] = [];
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    held.push(await loadDirectory(database));
    times.push(performance.now() - start);
  }
  global.gc?.();
  const heapPerDirectory = (process.memoryUsage().heapUsed - heapBefore) / runs;
  if (held.some((d) => d.userCount !== users || d.userByExtension(tenant.id, '29999')?.credentials === null)) {
    throw new Error('a directory is missing users or credentials');
  }
  times.sort((a, b) => a - b);
  console.log(`${database.dialect}: seeded ${users} users with passwords in ${(seedMs / 1000).toFixed(1)} s (createUsers, one audited transaction)`);
  console.log(`loadDirectory: median ${times[Math.floor(runs / 2)]?.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)})`);
  if (global.gc) console.log(`heap held per directory of ${users} users: ${(heapPerDirectory / 1024 / 1024).toFixed(1)} MiB`);
} finally {
  await database.close();
  await target.remove();
}
