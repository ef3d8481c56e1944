import type { Kysely, Selectable, Transaction } from 'kysely';
import { appendAuditBatch } from './audit-batch.js';
import { auditChainBreak } from './audit-hash.js';
import type { AuditChainBreak, AuditRecord } from './audit-hash.js';
import type { AuditLogTable, DatabaseSchema } from './schema.js';

/**
 * The append-only audit log. Every change is recorded by {@link appendAudit} inside the
 * transaction that makes it, so the change and its record commit or vanish together.
 * Records form a hash chain (see `audit-hash.ts`); the one row of `audit_head` names the
 * chain's end, and updating it is what serializes appenders: on PostgreSQL the row lock
 * queues concurrent transactions, on SQLite the write lock taken by `BEGIN IMMEDIATE` does.
 */

export interface AuditEntry {
  /** null for provider-level changes. */
  readonly tenantId: string | null;
  readonly actor: { readonly kind: string; readonly id: string };
  /** `<entity>.<verb>`, e.g. `tenant.create` */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** ISO-8601 UTC, normally the same instant the change stamps on the entity. */
  readonly at: string;
  readonly before: object | null;
  readonly after: object | null;
}

export interface AuditFilter {
  readonly tenantId?: string;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly action?: string;
  /** Only records after this id (the `next` of the previous page). */
  readonly afterId?: number;
  /** 1–1000, default 100. */
  readonly limit?: number;
}

export interface AuditPage {
  readonly items: readonly AuditRecord[];
  /** Pass as `afterId` for the next page; null on the last page. */
  readonly next: number | null;
}

export type AuditChainVerdict =
  | { readonly ok: true; readonly rows: number; readonly headHash: string }
  | { readonly ok: false; readonly rows: number; readonly broken: AuditChainBreak };

const defaultLimit = 100;
const maxLimit = 1000;

/**
 * Takes the chain's lock for the rest of the transaction. An audited change calls this
 * before its first read, so it sees the entity as the previous change left it and every
 * audited transaction takes its locks in the same order (the chain first): no deadlocks.
 */
export async function lockAuditChain(trx: Transaction<DatabaseSchema>): Promise<void> {
  await trx.updateTable('audit_head').set((eb) => ({ last_id: eb.ref('last_id') })).where('singleton', '=', 1).execute();
}

/** Appends one record at the end of the chain, in the caller's transaction. */
export async function appendAudit(trx: Transaction<DatabaseSchema>, entry: AuditEntry): Promise<AuditRecord> {
  const [record] = await appendAuditBatch(trx, [entry]);
  if (!record) throw new Error('appending one audit entry returned no record');
  return record;
}

function toRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    at: row.at,
    before: row.before === null ? null : (JSON.parse(row.before) as unknown),
    after: row.after === null ? null : (JSON.parse(row.after) as unknown),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function selectRows(db: Kysely<DatabaseSchema>, filter: AuditFilter, limit: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .$if(filter.tenantId !== undefined, (q) => q.where('tenant_id', '=', filter.tenantId ?? null))
    .$if(filter.entityType !== undefined, (q) => q.where('entity_type', '=', filter.entityType ?? ''))
    .$if(filter.entityId !== undefined, (q) => q.where('entity_id', '=', filter.entityId ?? ''))
    .$if(filter.action !== undefined, (q) => q.where('action', '=', filter.action ?? ''))
    .$if(filter.afterId !== undefined, (q) => q.where('id', '>', filter.afterId ?? 0))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Records matching the filter, oldest first. */
export async function listAudit(db: Kysely<DatabaseSchema>, filter: AuditFilter = {}): Promise<AuditPage> {
  const limit = filter.limit ?? defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new RangeError(`audit page limit must be an integer from 1 to ${maxLimit}, not ${limit}`);
  }
  const rows = await selectRows(db, filter, limit + 1);
  const items = rows.slice(0, limit).map(toRecord);
  return { items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Recomputes the whole chain: every row in sequence, linked to its predecessor, its hash
 * matching its contents, and the last row the one `audit_head` names. Rows appended while
 * it runs are left for the next check.
 */
export async function verifyAuditChain(db: Kysely<DatabaseSchema>): Promise<AuditChainVerdict> {
  const head = await db.selectFrom('audit_head').select(['last_id', 'last_hash']).executeTakeFirstOrThrow();
  let previous: AuditRecord | undefined;
  let rows = 0;
  while ((previous?.id ?? 0) < head.last_id) {
    const batch = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', previous?.id ?? 0)
      .where('id', '<=', head.last_id)
      .orderBy('id')
      .limit(maxLimit)
      .execute();
    if (batch.length === 0) break;
    for (const row of batch) {
      let record: AuditRecord;
      try {
        record = toRecord(row);
      } catch {
        return { ok: false, rows, broken: { id: row.id, reason: 'hash', message: `audit row ${row.id}: before/after is not valid JSON` } };
      }
      const broken = auditChainBreak(previous, record);
      if (broken) return { ok: false, rows, broken };
      previous = record;
      rows++;
    }
  }
  const lastId = previous?.id ?? 0;
  if (lastId !== head.last_id || (previous !== undefined && previous.hash !== head.last_hash)) {
    const message = `the audit log ends at row ${lastId} but its head names row ${head.last_id}`;
    return { ok: false, rows, broken: { id: head.last_id, reason: 'head', message } };
  }
  return { ok: true, rows, headHash: head.last_hash };
}

/**
 * The log as JSON lines (one {@link AuditRecord} per line, each ending in `\n`), oldest
 * first, read page by page. A full export can be re-verified anywhere with
 * `auditChainBreak`, since every hash is computed from the fields the line carries.
 */
export async function* exportAuditJsonLines(
  db: Kysely<DatabaseSchema>,
  filter: Omit<AuditFilter, 'limit'> = {},
): AsyncGenerator<string> {
  let afterId = filter.afterId;
  do {
    const page = await listAudit(db, { ...filter, afterId, limit: maxLimit });
    for (const record of page.items) yield `${JSON.stringify(record)}\n`;
    afterId = page.next ?? undefined;
  } while (afterId !== undefined);
}
