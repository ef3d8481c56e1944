import type { MigrationEmployeeRow, MigrationEmployeeWithUserRow, NumberBlockKind, NumberBlockRow } from '../store/index.js';
import type { EmployeeDeviceState, EmployeeNumberState, EmployeeTrainingState } from '../store/index.js';
import { blockSize, formatDdiRange } from './number-block.js';

/** Sites are shown as the telephony settings show them. */
export { siteFromRow } from '../centrex/index.js';
export type { Site } from '../centrex/index.js';

export interface NumberBlock {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: NumberBlockKind;
  /** E.164 without the DDI, e.g. `+492214711`. */
  readonly baseNumber: string;
  /** As written: `00-99` (two-digit DDIs) or `0-99` (without leading zeros); null for a single number. */
  readonly ddiRange: string | null;
  /** How many numbers the block holds. */
  readonly size: number;
  readonly oldProvider: string | null;
  readonly lineId: string | null;
  readonly siteId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The old phone as the inventory recorded it. */
export interface OldDevice {
  readonly vendor: string | null;
  readonly model: string | null;
  /** 12 lowercase hex digits */
  readonly mac: string | null;
}

/** One employee's migration record (as the audit log keeps it). */
export interface MigrationEmployeeRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly siteId: string;
  readonly legacyNumber: string | null;
  readonly provisionalNumber: string | null;
  readonly portedNumber: string | null;
  readonly numberState: EmployeeNumberState;
  readonly deviceState: EmployeeDeviceState;
  readonly trainingState: EmployeeTrainingState;
  readonly trainingNote: string | null;
  readonly oldDevice: OldDevice | null;
  readonly language: string | null;
  readonly role: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The record with who the employee is in the directory, as the API shows it. */
export interface MigrationEmployee extends MigrationEmployeeRecord {
  readonly extension: string;
  readonly name: string;
  readonly email: string | null;
}

export function numberBlockFromRow(row: NumberBlockRow): NumberBlock {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    baseNumber: row.base_number,
    ddiRange: formatDdiRange(row) || null,
    size: blockSize(row),
    oldProvider: row.old_provider,
    lineId: row.line_id,
    siteId: row.site_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function employeeRecordFromRow(row: MigrationEmployeeRow): MigrationEmployeeRecord {
  const hasDevice = row.old_device_vendor !== null || row.old_device_model !== null || row.old_device_mac !== null;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    siteId: row.site_id,
    legacyNumber: row.legacy_number,
    provisionalNumber: row.provisional_number,
    portedNumber: row.ported_number,
    numberState: row.number_state,
    deviceState: row.device_state,
    trainingState: row.training_state,
    trainingNote: row.training_note,
    oldDevice: hasDevice ? { vendor: row.old_device_vendor, model: row.old_device_model, mac: row.old_device_mac } : null,
    language: row.language,
    role: row.role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function employeeFromRow(row: MigrationEmployeeWithUserRow): MigrationEmployee {
  return { ...employeeRecordFromRow(row), extension: row.extension, name: row.display_name, email: row.email };
}
