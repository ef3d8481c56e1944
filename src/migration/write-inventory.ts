import type { Transaction } from 'kysely';
import type { Actor, Device, DirectoryUser, User } from '../centrex/index.js';
import {
  appendAuditBatch,
  insertImportedDevices,
  insertImportedUsers,
  insertMigrationEmployees,
  insertNumberBlocks,
  insertSites,
  updateMigrationEmployee,
  updateNumberBlockRow,
  updateSiteRow,
} from '../store/index.js';
import type { AuditEntry, DatabaseSchema, DeviceRow, UserRow } from '../store/index.js';
import type { InventoryChanges } from './check-inventory.js';
import type { EntityChanges } from './entity-changes.js';
import type { InventoryCounts } from './inventory-report.js';
import { employeeRecordFromRow, numberBlockFromRow, siteFromRow } from './migration-records.js';

/** A user the import created, for the live directory, with the audit record id it was created under. */
export interface ImportedUser {
  readonly user: DirectoryUser;
  readonly version: number;
}

/** An imported user as the API and the audit log show users: no password, no forwarding yet. */
function userView(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    extension: row.extension,
    name: row.display_name,
    email: row.email,
    sipUsername: row.sip_username,
    hasPassword: false,
    dnd: false,
    forwarding: {},
    classOfService: row.class_of_service,
    clir: row.clir === 1,
    ringExternal: row.ring_external,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function deviceView(row: DeviceRow): Device {
  return { id: row.id, tenantId: row.tenant_id, label: row.label, vendor: row.vendor, model: row.model, mac: row.mac, userId: row.user_id, createdAt: row.created_at, updatedAt: row.updated_at };
}

/**
 * Writes a checked import in the caller's transaction (which holds the audit chain's lock),
 * each created or changed record with its audit row, and a closing `migration.inventory-import`
 * row with the counts. Existing users and devices are never changed.
 */
export async function writeInventory(
  trx: Transaction<DatabaseSchema>,
  tenantId: string,
  changes: InventoryChanges,
  counts: InventoryCounts,
  actor: Actor,
  at: string,
): Promise<readonly ImportedUser[]> {
  const entries: AuditEntry[] = [];
  const audit = (entityType: string, verb: string, entityId: string, before: object | null, after: object | null): void => {
    entries.push({ tenantId, actor, action: `${entityType}.${verb}`, entityType, entityId, at, before, after });
  };
  const auditAll = <Row extends { id: string }>(entityType: string, set: EntityChanges<Row>, view: (row: Row) => object): void => {
    for (const row of set.created) audit(entityType, 'create', row.id, null, view(row));
    for (const { before, after } of set.updated) audit(entityType, 'update', after.id, view(before), view(after));
  };

  await insertSites(trx, changes.sites.created);
  for (const { after } of changes.sites.updated) await updateSiteRow(trx, after.id, after);
  auditAll('site', changes.sites, siteFromRow);

  await insertNumberBlocks(trx, changes.numberBlocks.created);
  for (const { after } of changes.numberBlocks.updated) await updateNumberBlockRow(trx, after.id, after);
  auditAll('number_block', changes.numberBlocks, numberBlockFromRow);

  await insertImportedUsers(trx, changes.users.created);
  const firstUser = entries.length;
  auditAll('user', changes.users, userView);

  await insertImportedDevices(trx, changes.devices.created);
  auditAll('device', changes.devices, deviceView);

  await insertMigrationEmployees(trx, changes.employees.created);
  for (const { after } of changes.employees.updated) await updateMigrationEmployee(trx, after.id, after);
  auditAll('migration_employee', changes.employees, employeeRecordFromRow);

  audit('migration', 'inventory-import', tenantId, null, { counts });
  const records = await appendAuditBatch(trx, entries);
  return changes.users.created.map((row, index) => ({
    user: { id: row.id, tenantId, extension: row.extension, displayName: row.display_name, sipUsername: row.sip_username, credentials: null, dnd: false, forwarding: {}, classOfService: row.class_of_service, clir: row.clir === 1, ringExternal: row.ring_external },
    version: records[firstUser + index]?.id ?? 0,
  }));
}
