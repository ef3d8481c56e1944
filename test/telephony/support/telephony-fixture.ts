import type { Actor } from '../../../src/centrex/index.js';
import { appendAudit, inTransaction, lockAuditChain } from '../../../src/store/index.js';
import type { Database, TelephonyTrunkRow } from '../../../src/store/index.js';

/** Rows written straight into the store with their audit records, for the telephony read model to pick up. */

export const jane: Actor = { kind: 'api', id: 'jane' };
export const at = '2026-03-02T09:00:00.000Z';

/** Writes rows with an audit record of `entityType`, as a service does (trunks here go through none). */
export async function audited(database: Database, tenantId: string | null, entityType: string, entityId: string, write: (db: Database['db']) => Promise<unknown>): Promise<void> {
  await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    await write(trx);
    await appendAudit(trx, { tenantId, actor: jane, action: `${entityType}.update`, entityType, entityId, at, before: null, after: { id: entityId } });
  });
}

/** An ip-mode trunk at 192.0.2.1 with the generic profile, unless `changes` say otherwise. */
export function trunkRow(tenantId: string | null, name: string, changes: Partial<TelephonyTrunkRow> = {}): TelephonyTrunkRow {
  return {
    id: crypto.randomUUID(), tenant_id: tenantId, name, mode: 'ip', host: '192.0.2.1', port: 5060, transport: 'udp', domain: 'carrier.example',
    outbound_proxy: null, username: null, auth_username: null, password: null, register_expires: 600, profile: 'generic',
    inbound_addresses: '[]', default_number: null, priority: 1, max_calls: null, max_cps: null, site_id: null, enabled: 1, created_at: at, updated_at: at, ...changes,
  };
}

/** Stores a trunk row, audited. */
export async function storeTrunk(database: Database, row: TelephonyTrunkRow): Promise<void> {
  await audited(database, row.tenant_id, 'trunk', row.id, (db) => db.insertInto('trunks').values(row).execute());
}
