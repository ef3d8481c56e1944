/** The provider-level tables: tenants, and the hash-chained audit log of every change. */

export interface TenantsTable {
  id: string;
  /** DNS label; unique. */
  slug: string;
  name: string;
  /** The tenant's SIP domain and Digest realm: a lowercase DNS name; unique. */
  sip_domain: string;
  /** The extension calls to the tenant's numbers without an employee go to; null: such calls are refused (404) and logged. */
  reception_extension: string | null;
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
