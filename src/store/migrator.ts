import { Migrator } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import type { DialectName } from './database-url.js';
import { tenantsAndAuditLog } from './migrations/0001-tenants-and-audit-log.js';
import { directory } from './migrations/0002-directory.js';
import { registrarBindings } from './migrations/0003-registrar-bindings.js';
import { callRecords } from './migrations/0004-call-records.js';
import { migrationInventory } from './migrations/0005-migration-inventory.js';
import { migrationProjects } from './migrations/0006-migration-projects.js';
import { portAndForwardingOrders } from './migrations/0007-port-and-forwarding-orders.js';
import { trunksAndIdentity } from './migrations/0008-trunks-and-identity.js';

/**
 * Every schema migration, in order. Listed in code rather than found on disk, so the same
 * list runs from `src/` and from the built `dist/`. Names sort in application order.
 */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-tenants-and-audit-log': tenantsAndAuditLog(dialect),
    '0002-directory': directory(dialect),
    '0003-registrar-bindings': registrarBindings(),
    '0004-call-records': callRecords(),
    '0005-migration-inventory': migrationInventory(),
    '0006-migration-projects': migrationProjects(),
    '0007-port-and-forwarding-orders': portAndForwardingOrders(),
    '0008-trunks-and-identity': trunksAndIdentity(),
  };
}

function provider(dialect: DialectName): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}

/**
 * Brings the schema up to date, applying each pending migration in its own transaction.
 * Safe to run concurrently from several processes: Kysely's migrator takes a lock (an
 * advisory lock on PostgreSQL; SQLite's write lock) and skips what is already applied.
 */
export async function migrateToLatest(database: Database): Promise<{ readonly applied: readonly string[] }> {
  const migrator = new Migrator({ db: database.db, provider: provider(database.dialect) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'bookkeeping';
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`schema migration ${failed} failed: ${reason}`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
