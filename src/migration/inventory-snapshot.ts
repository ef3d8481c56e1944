import type { Kysely } from 'kysely';
import { listDeviceRows, listMigrationEmployees, listNumberBlockRows, listSiteRows, listUserRows } from '../store/index.js';
import type { DatabaseSchema } from '../store/index.js';
import type { InventorySnapshot } from './check-inventory.js';

/** Every row of a tenant: more than any tenant holds. */
const all = Number.MAX_SAFE_INTEGER;

/** The tenant's directory and migration records an import is checked against. */
export async function readInventorySnapshot(db: Kysely<DatabaseSchema>, tenantId: string): Promise<InventorySnapshot> {
  return {
    users: await listUserRows(db, tenantId, { limit: all }),
    devices: await listDeviceRows(db, tenantId, { limit: all }),
    sites: await listSiteRows(db, tenantId),
    blocks: await listNumberBlockRows(db, tenantId),
    employees: await listMigrationEmployees(db, tenantId),
  };
}
