import type { Transaction } from 'kysely';
import { auditRowHash, canonicalJson } from './audit-hash.js';
import type { AuditRecord } from './audit-hash.js';
import type { AuditEntry } from './audit-log.js';
import { insertInChunks } from './insert-in-chunks.js';
import type { AuditLogTable, DatabaseSchema } from './schema.js';

/**
 * Appends many records at the end of the chain in the caller's transaction, in order, as
 * `appendAudit` would one by one, but with one head update and a statement per few hundred
 * rows: what a bulk change (an import of thousands of employees) needs to stay fast.
 */
export async function appendAuditBatch(trx: Transaction<DatabaseSchema>, entries: readonly AuditEntry[]): Promise<readonly AuditRecord[]> {
  if (entries.length === 0) return [];
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ last_id: eb('last_id', '+', entries.length) }))
    .where('singleton', '=', 1)
    .returning(['last_id', 'last_hash'])
    .executeTakeFirstOrThrow();
  let id = head.last_id - entries.length;
  let prevHash = head.last_hash;
  const records: AuditRecord[] = [];
  const rows: AuditLogTable[] = [];
  for (const entry of entries) {
    const before = entry.before === null ? null : canonicalJson(entry.before);
    const after = entry.after === null ? null : canonicalJson(entry.after);
    const unsigned = {
      id: ++id,
      tenantId: entry.tenantId,
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      at: entry.at,
      before: before === null ? null : (JSON.parse(before) as unknown),
      after: after === null ? null : (JSON.parse(after) as unknown),
      prevHash,
    };
    const record: AuditRecord = { ...unsigned, hash: auditRowHash(unsigned) };
    prevHash = record.hash;
    records.push(record);
    rows.push({
      id: record.id,
      tenant_id: record.tenantId,
      actor_kind: record.actorKind,
      actor_id: record.actorId,
      action: record.action,
      entity_type: record.entityType,
      entity_id: record.entityId,
      at: record.at,
      before,
      after,
      prev_hash: record.prevHash,
      hash: record.hash,
    });
  }
  await insertInChunks(rows, (chunk) => trx.insertInto('audit_log').values(chunk).execute());
  await trx.updateTable('audit_head').set({ last_hash: prevHash }).where('singleton', '=', 1).execute();
  return records;
}
