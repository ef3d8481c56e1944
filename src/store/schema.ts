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
  /** The extension calls to the tenant's numbers without an employee go to; null: such calls are refused (404) and logged. */
  reception_extension: string | null;
  created_at: string;
  updated_at: string;
}

/** The classes of service (each includes the ones before it): `internal` … `premium`. */
export type ClassOfServiceValue = 'internal' | 'local' | 'national' | 'mobile' | 'international' | 'premium';

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
  /** What the user may dial out to. */
  class_of_service: ClassOfServiceValue;
  /** 0 or 1: withhold the user's number on outbound calls (the network number still travels). */
  clir: number;
  /** An external number in E.164 rung in parallel with the user's devices. */
  ring_external: string | null;
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
  /** `internal`, `outbound` (to a trunk) or `inbound` (from a trunk). */
  direction: CallDirectionValue;
  /** The trunk the call went out or came in on. */
  trunk_id: string | null;
  /** E.164: the number presented to the callee (UPN) on an outbound call. */
  presented_number: string | null;
  /** E.164: the network number (NPN) sent on an outbound call. */
  network_number: string | null;
  /** Why the identity differs from the usual one, e.g. why a presented number was replaced. */
  identity_note: string | null;
  /** E.164: the number originally dialled when the network forwarded the call to belay. */
  original_called: string | null;
  /** The reason the network gave for that forwarding (`unconditional`, `user-busy`, …). */
  diversion_reason: string | null;
  /** 0 or 1: a call to 110 or 112. */
  emergency: number;
  /** Why the call was refused before it went anywhere (class of service). */
  block_reason: string | null;
}

/** Which side of belay a call record's call came from and went to. */
export type CallDirectionValue = 'internal' | 'outbound' | 'inbound';

/** What a number block is for: the old provider's numbers, or provisional numbers on the new trunk. */
export type NumberBlockKind = 'legacy' | 'provisional';

/** A place a tenant's employees work at, from the migration inventory (tenant-owned). */
export interface SitesTable {
  id: string;
  tenant_id: string;
  /** Unique per tenant; the import matches it case-insensitively. */
  name: string;
  /** Postal address as given (where emergency calls from this site are located). */
  address: string;
  /** The local area code (Ortsnetzkennzahl) without its leading 0, e.g. `221` for Cologne. */
  area_code: string;
  /** E.164 number registered at this site on the new trunk: emergency calls present it when the caller has none there. */
  emergency_number: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A tenant's number block: the base number plus a DDI range (`+49 221 4711` with `0-99`), or
 * a single number (all `ddi_*` null). Tenant-owned.
 */
export interface NumberBlocksTable {
  id: string;
  tenant_id: string;
  kind: NumberBlockKind;
  /** E.164 without the DDI (`+492214711`); the whole number for a single number. */
  base_number: string;
  ddi_from: number | null;
  ddi_to: number | null;
  /**
   * The digits of every DDI when the range is written with equal widths (`00-99` → 2: `-05`);
   * null when written `0-99`: DDIs without leading zeros, so `-5` and `-23`.
   */
  ddi_digits: number | null;
  /** The old provider (legacy blocks), as named on its contract. */
  old_provider: string | null;
  /** The old provider's line id (the Anlagenanschluss) the block belongs to. */
  line_id: string | null;
  site_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Where an employee's numbers are in the move (see the migration's number state machine). */
export type EmployeeNumberState =
  | 'planned'
  | 'provisional_active'
  | 'forwarding_requested'
  | 'forwarding_active'
  | 'forwarding_verified'
  | 'porting'
  | 'ported'
  | 'ported_verified'
  | 'provisional_retired';

/** Where an employee's phone exchange is. */
export type EmployeeDeviceState = 'old_recorded' | 'new_assigned' | 'provisioned' | 'registered' | 'tested';

/** Where an employee's training is. */
export type EmployeeTrainingState = 'pending' | 'scheduled' | 'attended' | 'waived';

/** The migration record of one directory user being moved (tenant-owned; goes with its user). */
export interface MigrationEmployeesTable {
  id: string;
  tenant_id: string;
  /** Unique: one record per user. */
  user_id: string;
  site_id: string;
  /** E.164; unique per tenant when set. */
  legacy_number: string | null;
  /** The legacy block holding `legacy_number`. */
  legacy_block_id: string | null;
  /** E.164; unique per tenant when set. */
  provisional_number: string | null;
  provisional_block_id: string | null;
  /** E.164, set when the legacy number has been ported to the new trunk. */
  ported_number: string | null;
  number_state: EmployeeNumberState;
  device_state: EmployeeDeviceState;
  training_state: EmployeeTrainingState;
  /** e.g. why training was waived. */
  training_note: string | null;
  /** The phone the employee had on the old system. */
  old_device_vendor: string | null;
  old_device_model: string | null;
  /** 12 lowercase hex digits. */
  old_device_mac: string | null;
  /** e.g. `de`, `en-GB` */
  language: string | null;
  role: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * At most one bulk migration operation (import, number plan) per tenant at a time: a lease
 * taken before the operation's transaction and removed after it. Not tenant data.
 */
export interface MigrationLocksTable {
  tenant_id: string;
  /** `inventory import`, `number plan` */
  operation: string;
  /** Who holds it, e.g. `api:jane`. */
  holder: string;
  /** A random token: only the taker releases it. */
  token: string;
  acquired_at: string;
  /** A lease left behind by a crashed process is ignored after this instant. */
  expires_at: string;
}

/** A tenant's migration project: its phase in the move (see `src/migration/project-phases.ts`); one per tenant (tenant-owned). */
export interface MigrationProjectsTable {
  id: string;
  /** Unique: one project per tenant. */
  tenant_id: string;
  /** `inventory`, `planning`, `implementation`, `parallel`, `porting` or `decommissioned` */
  phase: string;
  /** Days without a failed check the decommission gate asks for. */
  quiet_days: number;
  phase_changed_at: string;
  /** Set exactly when the phase is `decommissioned`: when, and who confirmed it (`<actor kind>:<actor id>`). */
  decommissioned_at: string | null;
  decommissioned_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One check behind a gate (see `src/migration/evidence.ts`); never changed once recorded (tenant-owned). */
export interface MigrationEvidenceTable {
  id: string;
  tenant_id: string;
  /** `project`, `employee`, `number`, `port_order` or `forwarding_order` */
  subject_type: string;
  /** The tenant id, migration employee id, E.164 number or order id. */
  subject_id: string;
  kind: string;
  /** `pass` or `fail` */
  result: string;
  /** `manual` (a person recorded it) or `automatic` (belay's own check) */
  source: string;
  checked_by: string;
  checked_at: string;
  recorded_at: string;
  /** JSON object. */
  details: string;
}

/** Where a port order is (see the port order state chart in `src/migration`). */
export type PortOrderStateValue = 'draft' | 'submitted' | 'rejected' | 'confirmed' | 'rescheduled' | 'completed' | 'cancelled';

/** The losing provider's reason for refusing a port (the Vorabstimmung's rejection codes). */
export type PortRejectionCodeValue = 'RNG' | 'ADF' | 'AIF' | 'WAI' | 'KNI' | 'VAE' | 'SON';

/** Where a forwarding order at the old provider is. */
export type ForwardingOrderStateValue = 'requested' | 'active' | 'verified' | 'removal_requested' | 'removed';

/**
 * A port order: one line (Anlagenanschluss) at one old provider, moved as a whole (tenant-owned).
 * The holder's name and address and the customer number are stored exactly as typed.
 */
export interface PortOrdersTable {
  id: string;
  tenant_id: string;
  old_provider: string;
  line_id: string;
  state: PortOrderStateValue;
  holder_name: string | null;
  holder_street: string | null;
  holder_postal_code: string | null;
  holder_city: string | null;
  customer_number: string | null;
  signatory_name: string | null;
  signatory_role: string | null;
  /** `YYYY-MM-DD`; null when asked for at the contract end. */
  requested_date: string | null;
  /** 0 or 1 */
  at_contract_end: number;
  contract_end_date: string | null;
  /** The Wechseltermin `YYYY-MM-DD` and its porting window (`HH:MM`, German local time). */
  confirmed_date: string | null;
  window_start: string | null;
  window_end: string | null;
  /** The last rejection, kept after a resubmission. */
  rejection_code: PortRejectionCodeValue | null;
  rejection_text: string | null;
  rejected_at: string | null;
  /** JSON array of the data fields corrected since the last rejection. */
  corrected_fields: string;
  submissions: number;
  provisional_grace_days: number;
  /** Set on completion: when the line's provisional numbers are retired. */
  provisionals_retire_at: string | null;
  /** Set once every employee of the line has had their provisional number retired. */
  provisionals_retired_at: string | null;
  cancel_reason: string | null;
  submitted_at: string | null;
  confirmed_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The numbers of a port order (E.164): every number of its line. */
export interface PortOrderNumbersTable {
  port_order_id: string;
  tenant_id: string;
  number: string;
}

/** A forwarding legacy → provisional number ordered at the old provider (tenant-owned). */
export interface ForwardingOrdersTable {
  id: string;
  tenant_id: string;
  /** The migration employee; no foreign key: the order outlives the record. */
  employee_id: string;
  legacy_number: string;
  provisional_number: string;
  state: ForwardingOrderStateValue;
  /** The evidence of the last passing test call; set exactly when `verified_at` is. */
  evidence_id: string | null;
  requested_at: string;
  activated_at: string | null;
  verified_at: string | null;
  removal_requested_at: string | null;
  removed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** How belay reaches a trunk: it registers at the carrier, or the carrier knows it by its address. */
export type TrunkModeValue = 'register' | 'ip';

export type TrunkTransportValue = 'udp' | 'tcp' | 'tls';

/**
 * A SIP trunk to a carrier: a tenant's own, or shared by the provider (`tenant_id` null) and
 * usable by every tenant. Tenant-owned when it has a tenant.
 */
export interface TrunksTable {
  id: string;
  /** null: shared by the provider. */
  tenant_id: string | null;
  /** Unique among the tenant's trunks (among the shared ones for a shared trunk). */
  name: string;
  mode: TrunkModeValue;
  /** IP address or DNS name of the carrier's SIP server. */
  host: string;
  port: number;
  transport: TrunkTransportValue;
  /** The SIP domain in the trunk's URIs (From, To, Request-URI, REGISTER); the host unless set otherwise. */
  domain: string;
  /** `host:port` requests go to first, if any. */
  outbound_proxy: string | null;
  /** The account (user part of From and of the registration). */
  username: string | null;
  /** The Digest username when it differs from `username`. */
  auth_username: string | null;
  /** The Digest password: stored for the registration client, never shown. */
  password: string | null;
  /** Seconds asked for in REGISTER. */
  register_expires: number;
  /** A built-in profile's name or a custom profile's (`trunk_profiles.name`). */
  profile: string;
  /** JSON array of IP addresses the carrier sends its requests from (besides `host`). */
  inbound_addresses: string;
  /** E.164: the trunk's main number, the network number of last resort. */
  default_number: string | null;
  /** Lower is tried first. */
  priority: number;
  /** Concurrent calls; null: no limit. */
  max_calls: number | null;
  /** New calls per second; null: no limit. */
  max_cps: number | null;
  /** The site this trunk serves: emergency calls from the site prefer it. */
  site_id: string | null;
  /** 0 or 1 */
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A custom trunk profile (where the presented and network numbers go), named uniquely and never like a built-in one. */
export interface TrunkProfilesTable {
  id: string;
  /** null: the provider's, usable by every tenant. */
  tenant_id: string | null;
  name: string;
  /** JSON of the profile without its name. */
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface DatabaseSchema {
  tenants: TenantsTable;
  users: UsersTable;
  devices: DevicesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  registrar_bindings: RegistrarBindingsTable;
  call_records: CallRecordsTable;
  sites: SitesTable;
  number_blocks: NumberBlocksTable;
  migration_employees: MigrationEmployeesTable;
  migration_locks: MigrationLocksTable;
  port_orders: PortOrdersTable;
  port_order_numbers: PortOrderNumbersTable;
  forwarding_orders: ForwardingOrdersTable;
  migration_projects: MigrationProjectsTable;
  migration_evidence: MigrationEvidenceTable;
  trunks: TrunksTable;
  trunk_profiles: TrunkProfilesTable;
}
