/**
 * The Kysely table types: one interface per table, columns in snake_case as stored.
 *
 * Storage conventions, identical on SQLite and PostgreSQL so rows read the same on both:
 * - ids are UUID strings in `text` columns (the audit log's id is an integer sequence);
 * - timestamps are ISO-8601 text in UTC with milliseconds (`2026-01-31T09:15:00.000Z`):
 *   fixed width, so text order is time order on both dialects;
 * - JSON is stored as text (canonical JSON, see `audit-hash.ts`).
 */

export interface TenantsTable {
  id: string;
  /** DNS label; unique. */
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
}

/** Append-only, hash-chained record of every change (see `audit-log.ts`). */
export interface AuditLogTable {
  /** 1, 2, 3, … without gaps, assigned from `audit_head`. */
  id: number;
  /** null for provider-level changes. Deliberately no foreign key: the log outlives its tenant. */
  tenant_id: string | null;
  actor_kind: string;
  actor_id: string;
  /** e.g. `tenant.create` */
  action: string;
  entity_type: string;
  entity_id: string;
  at: string;
  /** Canonical JSON of the entity before the change; null on creation. */
  before: string | null;
  /** Canonical JSON of the entity after the change; null on deletion. */
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** The single row naming the end of the audit chain; updating it serializes appenders. */
export interface AuditHeadTable {
  singleton: number;
  last_id: number;
  last_hash: string;
}

export interface DatabaseSchema {
  tenants: TenantsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
