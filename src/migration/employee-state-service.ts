import { z } from 'zod';
import { getTenant } from '../centrex/index.js';
import type { Actor, ChangeOptions } from '../centrex/index.js';
import { DomainError, validateInput } from '../kernel/index.js';
import { findMigrationEmployeeByExtension, getMigrationEmployee, inTransaction, lockAuditChain } from '../store/index.js';
import type { Database, MigrationEmployeeWithUserRow } from '../store/index.js';
import { EMPLOYEE_MACHINES } from './employee-machines.js';
import type { DeviceState, NumberState, TrainingState } from './employee-machines.js';
import { transitionEmployee } from './transition-employee.js';

export const employeeTransitionSchema = z.strictObject({
  machine: z.enum(EMPLOYEE_MACHINES).describe('number, device or training'),
  to: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).describe('The state to move to'),
  note: z.string({ error: 'must be a string' }).optional().describe('Why; required when training is waived'),
});

/** Where one employee's migration stands, machine by machine. */
export interface EmployeeMigrationState {
  readonly id: string;
  readonly extension: string;
  readonly name: string;
  readonly legacyNumber: string | null;
  readonly provisionalNumber: string | null;
  readonly portedNumber: string | null;
  readonly numberState: NumberState;
  readonly deviceState: DeviceState;
  readonly trainingState: TrainingState;
  readonly trainingNote: string | null;
  readonly updatedAt: string;
}

export function employeeMigrationState(row: MigrationEmployeeWithUserRow): EmployeeMigrationState {
  return {
    id: row.id,
    extension: row.extension,
    name: row.display_name,
    legacyNumber: row.legacy_number,
    provisionalNumber: row.provisional_number,
    portedNumber: row.ported_number,
    numberState: row.number_state,
    deviceState: row.device_state,
    trainingState: row.training_state,
    trainingNote: row.training_note,
    updatedAt: row.updated_at,
  };
}

/** Moves one of an employee's machines (the employee named by migration record id or extension), as a person asks through the API or the command line. */
export async function changeEmployeeState(
  database: Database,
  tenantIdOrSlug: string,
  employeeIdOrExtension: string,
  input: unknown,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<EmployeeMigrationState> {
  const { machine, to, note } = validateInput(employeeTransitionSchema, input, 'transition');
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const found = /^\d+$/.test(employeeIdOrExtension)
      ? await findMigrationEmployeeByExtension(trx, tenant.id, employeeIdOrExtension)
      : await getMigrationEmployee(trx, employeeIdOrExtension);
    if (found?.tenant_id !== tenant.id) throw new DomainError('not_found', `tenant "${tenant.slug}" has no migration employee "${employeeIdOrExtension}"`);
    return employeeMigrationState(await transitionEmployee(trx, found.id, machine, to, actor, note, options));
  });
}
