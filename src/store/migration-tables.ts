/** A tenant's move: its sites and number blocks, employees being moved, the project, its evidence and locks. */

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

/** What a number block is for: the old provider's numbers, or provisional numbers on the new trunk. */
export type NumberBlockKind = 'legacy' | 'provisional';

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
