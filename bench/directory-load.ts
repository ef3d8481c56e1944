/**
 * How long `belay serve` takes to load the directory (the SIP side's in-memory read model)
 * with 10,000 users that all have passwords, and the heap it holds.
 *
 *   node --expose-gc --import tsx bench/directory-load.ts                  # SQLite, temporary folder
 *   node --expose-gc --import tsx bench/directory-load.ts postgres://…     # a throw-away database on that server
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTenant, createUsers, loadDirectory } from '../src/centrex/index.js';
import type { InMemoryDirectory } from '../src/centrex/index.js';
import { migrateToLatest, openDatabase } from '../src/store/index.js';

const users = 10_000;
const runs = 5;
const actor = { kind: 'system', id: 'bench' } as const;

async function onServer(adminUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new, empty database and how to remove it. */
async function scratch(adminUrl: string | undefined): Promise<{ url: string; remove: () => Promise<void> }> {
  if (adminUrl === undefined) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'belay-directory-bench-'));
    return { url: `sqlite:${path.join(dir, 'belay.db')}`, remove: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `belay_bench_${randomBytes(6).toString('hex')}`;
  await onServer(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), remove: () => onServer(adminUrl, `drop database if exists ${name} with (force)`) };
}

const target = await scratch(process.argv[2]);
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
