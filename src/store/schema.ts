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
  /** The tenant's SIP domain and Digest realm: a lowercase DNS name; unique. */
  sip_domain: string;
  created_at: string;
  updated_at: string;
}

/** An employee of a tenant: extension, SIP account and call features (tenant-owned). */
export interface UsersTable {
  id: string;
  tenant_id: string;
  /** Digits; unique per tenant. */
  extension: string;
  display_name: string;
  /** Lowercase; unique per tenant when set. */
  email: string | null;
  /** Unique per tenant. */
  sip_username: string;
  /** HA1 hashes over `sip_username:<tenant sip_domain>:password` (lowercase hex); both null until a password is set. */
  ha1_md5: string | null;
  ha1_sha256: string | null;
  /** 0 or 1 (do not disturb). */
  dnd: number;
  /** Forwarding targets: an extension's digits, or an external number in E.164 (`+49…`). */
  forward_always: string | null;
  forward_busy: string | null;
  forward_no_answer: string | null;
  /** Set exactly when `forward_no_answer` is. */
  forward_no_answer_seconds: number | null;
  forward_unregistered: string | null;
  created_at: string;
  updated_at: string;
}

/** A phone in a tenant's inventory (tenant-owned). */
export interface DevicesTable {
  id: string;
  tenant_id: string;
  label: string;
  vendor: string | null;
  model: string | null;
  /** 12 lowercase hex digits; unique per tenant. */
  mac: string;
  /** The user it is assigned to, if any. */
  user_id: string | null;
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

/**
 * A phone's registration binding (see `src/centrex/registrar`). The registrar holds bindings
 * in memory and writes them here behind its back, in batches; they are read once at start.
 * No foreign keys: bindings are soft state that expires, and one deleted user must not make
 * a whole batch fail. Not tenant data: they never keep a tenant from being deleted. The TCP
 * connection a binding came on is not kept: its id means nothing to the next process.
 */
export interface RegistrarBindingsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  aor: string;
  contact: string;
  /** `udp`, `tcp`, `tls`, `ws` or `wss` */
  source_protocol: string;
  source_address: string;
  source_port: number;
  local_address: string;
  local_port: number;
  /** JSON array of Path values (RFC 3327), first hop first. */
  path: string;
  /** q × 1000 (0–1000) */
  q_millis: number;
  expires_at: string;
  call_id: string;
  cseq: number;
  user_agent: string | null;
  instance_id: string | null;
  reg_id: number | null;
}

/** One row per finished call (see `cdr-repository.ts`). */
export interface CallRecordsTable {
  id: string;
  tenant_id: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string;
  caller_user_id: string | null;
  caller_extension: string | null;
  caller_uri: string;
  caller_name: string | null;
  dialled: string;
  answered_user_id: string | null;
  answered_extension: string | null;
  answered_contact: string | null;
  answered_user_agent: string | null;
  /** JSON array of `{ from, to, reason }`, first hop first. */
  forwarding: string;
  disposition: string;
  sip_status: number;
  duration_ms: number;
}

export interface DatabaseSchema {
  tenants: TenantsTable;
  users: UsersTable;
  devices: DevicesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  registrar_bindings: RegistrarBindingsTable;
  call_records: CallRecordsTable;
}
