import type { Transaction } from 'kysely';
import type { Actor, ChangeOptions } from '../centrex/index.js';
import { DomainError, validationFailed } from '../kernel/index.js';
import { appendAudit, getMigrationEmployee, lockAuditChain, updateMigrationEmployee } from '../store/index.js';
import type { DatabaseSchema, MigrationEmployeeChanges, MigrationEmployeeWithUserRow } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { employeeMachines, employeeNextStates, employeeTransition, isEmployeeState } from './employee-machines.js';
import type { EmployeeMachine } from './employee-machines.js';

const stateColumn = { number: 'number_state', device: 'device_state', training: 'training_state' } as const;

const machineName = { number: 'number state', device: 'device exchange', training: 'training' } as const;

/** A note on a transition: trimmed, at most 500 characters. */
const maxNoteLength = 500;

/** `201 Erika Muster`: how people recognise an employee. */
export const employeeLabel = (row: Pick<MigrationEmployeeWithUserRow, 'extension' | 'display_name'>): string => `${row.extension} ${row.display_name}`;

/** What the audit log keeps of an employee's migration record. */
export function migrationEmployeeAuditView(row: MigrationEmployeeWithUserRow) {
  return {
    id: row.id,
    userId: row.user_id,
    extension: row.extension,
    legacyNumber: row.legacy_number,
    provisionalNumber: row.provisional_number,
    portedNumber: row.ported_number,
    numberState: row.number_state,
    deviceState: row.device_state,
    trainingState: row.training_state,
    trainingNote: row.training_note,
  };
}

function checkedNote(machine: EmployeeMachine, to: string, note: string | undefined): string | undefined {
  const trimmed = note?.trim();
  if (trimmed !== undefined && trimmed.length > maxNoteLength) {
    throw validationFailed('transition', [{ field: 'note', message: `must be at most ${maxNoteLength} characters` }]);
  }
  if (machine === 'training' && to === 'waived' && !trimmed) {
    throw validationFailed('transition', [{ field: 'note', message: 'must give the reason training is waived' }]);
  }
  return trimmed || undefined;
}

/**
 * Moves one of an employee's migration machines (`number`, `device`, `training`) to `to`,
 * in the caller's transaction, with an audit row (`migration_employee.<machine>`) holding
 * the record before and after and the note. A move the machine's table does not allow is
 * `precondition_failed` naming from and to; waiving training needs a note (the reason).
 */
export async function transitionEmployee(
  trx: Transaction<DatabaseSchema>,
  employeeId: string,
  machine: EmployeeMachine,
  to: string,
  actor: Actor,
  note?: string,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<MigrationEmployeeWithUserRow> {
  await lockAuditChain(trx);
  const before = await getMigrationEmployee(trx, employeeId);
  if (!before) throw new DomainError('not_found', `migration employee "${employeeId}" not found`);
  if (!isEmployeeState(machine, to)) {
    const states = employeeMachines[machine].states.join(', ');
    throw validationFailed('transition', [{ field: 'to', message: `must be a ${machineName[machine]} state: ${states}` }]);
  }
  const from = before[stateColumn[machine]];
  if (!employeeTransition(machine, from, to)) {
    const onward = employeeNextStates(machine, from);
    const options = onward.length === 0 ? `${from} is final` : `from ${from} it can go to ${onward.join(', ')}`;
    throw new DomainError(
      'precondition_failed',
      `employee ${employeeLabel(before)}: the ${machineName[machine]} cannot go from ${from} to ${to}; ${options}`,
      [{ field: 'to', message: `${from} → ${to} is not allowed` }],
    );
  }
  const reason = checkedNote(machine, to, note);
  const at = isoInstant(changeInstant(options));
  const changes: MigrationEmployeeChanges = {
    [stateColumn[machine]]: to,
    ...(machine === 'training' && reason !== undefined ? { training_note: reason } : {}),
    updated_at: at,
  };
  const row = await updateMigrationEmployee(trx, employeeId, changes);
  const after: MigrationEmployeeWithUserRow = { ...row, extension: before.extension, display_name: before.display_name, email: before.email };
  await appendAudit(trx, {
    tenantId: before.tenant_id,
    actor,
    action: `migration_employee.${machine}`,
    entityType: 'migration_employee',
    entityId: employeeId,
    at,
    before: migrationEmployeeAuditView(before),
    after: { ...migrationEmployeeAuditView(after), ...(reason !== undefined && { note: reason }) },
  });
  return after;
}
