/**
 * The Kysely schema: every table, by name. The table types live with their context (one
 * interface per table, columns in snake_case as stored) and are exported from here too.
 *
 * Storage conventions, identical on SQLite and PostgreSQL so rows read the same on both:
 * - ids are UUID strings in `text` columns (the audit log's id is an integer sequence);
 * - timestamps are ISO-8601 text in UTC with milliseconds (`2026-01-31T09:15:00.000Z`):
 *   fixed width, so text order is time order on both dialects;
 * - JSON is stored as text (canonical JSON, see `audit-hash.ts`).
 */
import type { CallRecordsTable, RegistrarBindingsTable } from './call-tables.js';
import type { DevicesTable, UsersTable } from './directory-tables.js';
import type {
  MigrationEmployeesTable, MigrationEvidenceTable, MigrationLocksTable, MigrationProjectsTable, NumberBlocksTable, SitesTable,
} from './migration-tables.js';
import type { ForwardingOrdersTable, PortOrderNumbersTable, PortOrdersTable } from './porting-tables.js';
import type { AuditHeadTable, AuditLogTable, TenantsTable } from './tenant-tables.js';
import type { TrunkProfilesTable, TrunksTable } from './trunk-tables.js';

export type { CallDirectionValue, CallRecordsTable, RegistrarBindingsTable } from './call-tables.js';
export type { ClassOfServiceValue, DevicesTable, UsersTable } from './directory-tables.js';
export type {
  EmployeeDeviceState, EmployeeNumberState, EmployeeTrainingState, MigrationEmployeesTable, MigrationEvidenceTable, MigrationLocksTable,
  MigrationProjectsTable, NumberBlockKind, NumberBlocksTable, SitesTable,
} from './migration-tables.js';
export type {
  ForwardingOrderStateValue, ForwardingOrdersTable, PortOrderNumbersTable, PortOrderStateValue, PortOrdersTable, PortRejectionCodeValue,
} from './porting-tables.js';
export type { AuditHeadTable, AuditLogTable, TenantsTable } from './tenant-tables.js';
export type { TrunkModeValue, TrunkProfilesTable, TrunksTable, TrunkTransportValue } from './trunk-tables.js';

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
