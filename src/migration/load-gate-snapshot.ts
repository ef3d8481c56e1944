import type { Kysely } from 'kysely';
import { gateEvidenceRows, listMigrationEmployees, listPortOrders } from '../store/index.js';
import type { DatabaseSchema, MigrationEmployeeWithUserRow } from '../store/index.js';
import { isoInstant } from './change-instant.js';
import { evidenceFromRow } from './evidence-service.js';
import type { GateEmployee, GateSnapshot } from './gate-snapshot.js';
import { loadTelephonyChecks } from './load-telephony-checks.js';
import type { MigrationProject } from './migration-project.js';
import { employeeLabel } from './transition-employee.js';

const dayMs = 24 * 60 * 60 * 1000;

/** A forwarding must have passed a test call this recently before the port. */
export const forwardingTestMaxAgeMs = dayMs;

export function gateEmployee(row: MigrationEmployeeWithUserRow): GateEmployee {
  return {
    id: row.id,
    userId: row.user_id,
    label: employeeLabel(row),
    legacyNumber: row.legacy_number,
    provisionalNumber: row.provisional_number,
    numberState: row.number_state,
    deviceState: row.device_state,
    trainingState: row.training_state,
  };
}

/**
 * Everything the gates of a tenant's project look at, read through the repositories (in the
 * caller's transaction when deciding, so the decision and its effects see the same data).
 */
export async function loadGateSnapshot(
  db: Kysely<DatabaseSchema>,
  tenant: { readonly id: string; readonly name: string },
  project: MigrationProject,
  now: number,
  typedTenantName?: string,
): Promise<GateSnapshot> {
  const employees = await listMigrationEmployees(db, tenant.id);
  const evidence = await gateEvidenceRows(db, tenant.id, isoInstant(now - project.quietDays * dayMs));
  const portOrders = await listPortOrders(db, tenant.id);
  const telephony = await loadTelephonyChecks(db, tenant.id);
  return {
    now,
    tenant: { id: tenant.id, name: tenant.name },
    employees: employees.map(gateEmployee),
    evidence: evidence.map(evidenceFromRow),
    portOrders: portOrders.map((o) => ({
      id: o.id,
      label: `${o.old_provider} line ${o.line_id}`,
      state: o.state,
      confirmedDate: o.confirmed_date,
      numbers: o.numbers,
    })),
    policy: { forwardingTestMaxAgeMs, quietDays: project.quietDays },
    telephony,
    ...(typedTenantName !== undefined && { typedTenantName }),
  };
}
