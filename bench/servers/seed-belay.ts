/**
 * Fills belay's database before it starts: the tenant with its SIP domain, then the users with
 * their passwords, in bulk through the directory service (at most 10,000 per call), so that the
 * server loads them into its directory at start.
 */
import { createTenant, createUsers } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import { migrateToLatest, openDatabase } from '../../src/store/index.js';
import type { BenchUser } from './bench-server.js';

const BULK = 10_000;
const actor: Actor = { kind: 'system', id: 'bench' };

export interface SeedOptions {
  readonly databaseUrl: string;
  readonly tenantSlug: string;
  readonly domain: string;
  readonly users: readonly BenchUser[];
}

/** Seeds the database; how long it took, in seconds. */
export async function seedBelay({ databaseUrl, tenantSlug, domain, users }: SeedOptions): Promise<number> {
  const startedAt = performance.now();
  const database = await openDatabase({ url: databaseUrl });
  try {
    await migrateToLatest(database);
    await createTenant(database, { slug: tenantSlug, name: 'Benchmark', sipDomain: domain }, actor);
    for (let i = 0; i < users.length; i += BULK) {
      const batch = users.slice(i, i + BULK).map(({ username, password }) => ({ extension: username, name: `User ${username}`, password }));
      await createUsers(database, tenantSlug, { users: batch }, actor);
    }
  } finally {
    await database.close();
  }
  return (performance.now() - startedAt) / 1000;
}
