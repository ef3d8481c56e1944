import { auditPosition, listAudit, telephonyTenantRows, telephonyTrunkRows } from '../../store/index.js';
import type { AuditRecord, Database } from '../../store/index.js';
import { InMemoryTelephony } from './in-memory-telephony.js';
import { tenantTelephonyFromRows, trunksFromRows } from './telephony-rows.js';

async function reloadTrunks(model: InMemoryTelephony, database: Database, version: number): Promise<void> {
  const { trunks, unusable } = trunksFromRows(await telephonyTrunkRows(database.db));
  model.putTrunks(trunks, unusable, version);
}

/** Reloads these tenants (all when undefined); a tenant named but no longer stored is forgotten. */
async function reloadTenants(model: InMemoryTelephony, database: Database, tenantIds: readonly string[] | undefined, version: number): Promise<void> {
  const found = new Set<string>();
  for (const tenant of tenantTelephonyFromRows(await telephonyTenantRows(database.db, tenantIds))) {
    model.putTenant(tenant, version);
    found.add(tenant.tenantId);
  }
  for (const id of tenantIds ?? []) if (!found.has(id)) model.removeTenant(id, version);
}

/**
 * Reads every trunk, custom profile, site, number block and employee number record into a
 * new model. Notes the audit position first, so whatever commits while it reads is picked
 * up by the next {@link refreshTelephony}.
 */
export async function loadTelephony(database: Database): Promise<InMemoryTelephony> {
  const position = await auditPosition(database.db);
  const model = new InMemoryTelephony(position);
  await reloadTrunks(model, database, position);
  await reloadTenants(model, database, undefined, position);
  return model;
}

/** Audit records read per round trip while catching up. */
const auditPage = 1000;

/** Entity types whose changes touch a tenant's numbers, sites or reception. */
const TENANT_ENTITIES: ReadonlySet<string> = new Set(['tenant', 'site', 'number_block', 'migration_employee', 'migration']);
/** Entity types whose changes touch the trunks (a deleted tenant takes its trunks along). */
const TRUNK_ENTITIES: ReadonlySet<string> = new Set(['trunk', 'trunk_profile', 'tenant']);

/** The tenant whose telephony the record changes, if any. Deleting a user deletes their migration record with them. */
function tenantChangedBy(record: AuditRecord): string | undefined {
  if (record.entityType === 'tenant') return record.entityId;
  if (TENANT_ENTITIES.has(record.entityType) || record.action === 'user.delete') return record.tenantId ?? undefined;
  return undefined;
}

/**
 * Brings the model up to date with committed changes, wherever they were made (the API, the
 * `belay` command, other nodes on the same PostgreSQL): reads the audit records after the
 * model's position, then reloads the trunks when a trunk, profile or tenant changed, and
 * every tenant whose numbers, sites, employees or reception changed, as a whole. A refresh
 * overlapping another is harmless (what each holds only moves to newer versions). Resolves
 * to the number of audit records read.
 */
export async function refreshTelephony(model: InMemoryTelephony, database: Database): Promise<number> {
  let read = 0;
  for (;;) {
    const { items } = await listAudit(database.db, { afterId: model.auditPosition, limit: auditPage });
    const last = items.at(-1);
    if (!last) return read;
    read += items.length;
    const tenants = new Set<string>();
    let trunks = false;
    for (const record of items) {
      const tenantId = tenantChangedBy(record);
      if (tenantId !== undefined) tenants.add(tenantId);
      if (TRUNK_ENTITIES.has(record.entityType)) trunks = true;
    }
    // what is read now is at least as new as the page's last record
    if (trunks) await reloadTrunks(model, database, last.id);
    if (tenants.size > 0) await reloadTenants(model, database, [...tenants], last.id);
    model.caughtUpTo(last.id);
  }
}
