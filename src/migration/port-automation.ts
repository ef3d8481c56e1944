import type { Transaction } from 'kysely';
import { getTenant } from '../centrex/index.js';
import type { Actor } from '../centrex/index.js';
import { appendAudit, inTransaction, lockAuditChain, portOrdersDueForRetirement, portOrdersWithNumber, updateMigrationEmployee, updatePortOrderRow } from '../store/index.js';
import type { Database, DatabaseSchema, MigrationEmployeeWithUserRow, PortOrderWithNumbersRow } from '../store/index.js';
import type { Clock, TimerHandle } from '../sip/index.js';
import { isoInstant } from './change-instant.js';
import { isAtLeast } from './employee-machines.js';
import { recordEvidence } from './evidence-service.js';
import { markForwardingForRemoval } from './forwarding-order-service.js';
import type { ForwardingOrder } from './forwarding-order.js';
import type { PortOrder } from './port-order.js';
import { portOrderFromRow } from './port-order-row.js';
import { currentPortOrderView, loadPortOrder, portOrderAudit } from './port-order-service.js';
import type { PortChangeOptions } from './port-order-service.js';
import { employeesWithLegacyNumbers, portAutomationActor, takePortOrderStep } from './port-order-steps.js';
import type { PortEmployeeMove } from './port-order-steps.js';
import { employeeLabel, migrationEmployeeAuditView, transitionEmployee } from './transition-employee.js';

const dayMs = 86_400_000;

/** An employee of a ported line whose number state could not follow the port, and where it stands. */
export interface PortEmployeeBehind {
  readonly employeeId: string;
  readonly label: string;
  readonly legacyNumber: string;
  readonly numberState: string;
}

/** What completing a port did. */
export interface PortCompletion {
  readonly order: PortOrder;
  /** Employees whose identity switched to the ported number (`ported_number` = legacy number). */
  readonly switched: readonly PortEmployeeMove[];
  /**
   * Employees of the line whose number state could not reach `ported` (their forwarding was
   * never verified): their ported number is recorded all the same, since the number has moved.
   */
  readonly behind: readonly PortEmployeeBehind[];
  /** Forwarding orders at the old provider now asked to be removed. */
  readonly forwardingRemovals: readonly ForwardingOrder[];
}

const clockAt = (ms: number): PortChangeOptions => ({ clock: { now: () => ms } });

/** Records the ported number (the legacy one) on an employee's record: their identity from now on. */
async function switchIdentity(trx: Transaction<DatabaseSchema>, employee: MigrationEmployeeWithUserRow, at: string): Promise<void> {
  const row = await updateMigrationEmployee(trx, employee.id, { ported_number: employee.legacy_number, updated_at: at });
  const after = { ...row, extension: employee.extension, display_name: employee.display_name, email: employee.email };
  await appendAudit(trx, {
    tenantId: employee.tenant_id,
    actor: portAutomationActor,
    action: 'migration_employee.identity',
    entityType: 'migration_employee',
    entityId: employee.id,
    at,
    before: migrationEmployeeAuditView(employee),
    after: migrationEmployeeAuditView(after),
  });
}

/**
 * Completes an order in the caller's transaction and does what the port date asks: every
 * employee of the line moves to `ported` as far as their number machine allows and gets the
 * legacy number as ported number, the forwarding of the line's numbers is marked for removal,
 * and the provisional numbers are due for retirement after the order's grace period. The
 * order's step is audited with `actor`, every consequence with the port automation.
 */
async function completeIn(trx: Transaction<DatabaseSchema>, before: PortOrderWithNumbersRow, actor: Actor, options: PortChangeOptions): Promise<PortCompletion> {
  const { order, moves } = await takePortOrderStep(trx, before, 'complete', actor, options, (ctx) => ({
    completed_at: ctx.at,
    provisionals_retire_at: isoInstant(Date.parse(ctx.at) + before.provisional_grace_days * dayMs),
  }));
  const at = order.updated_at;
  const behind: PortEmployeeBehind[] = [];
  for (const employee of await employeesWithLegacyNumbers(trx, order.tenant_id, order.numbers)) {
    if (employee.ported_number === null) await switchIdentity(trx, employee, at);
    if (!isAtLeast('number', employee.number_state, 'ported')) {
      behind.push({ employeeId: employee.id, label: employeeLabel(employee), legacyNumber: employee.legacy_number ?? '', numberState: employee.number_state });
    }
  }
  const forwardingRemovals = await markForwardingForRemoval(trx, order.tenant_id, new Set(order.numbers), portAutomationActor, options);
  return { order: await currentPortOrderView(trx, order, options), switched: moves, behind, forwardingRemovals };
}

/** Records that the numbers of a confirmed order have moved, with everything that follows (see {@link PortCompletion}). */
export async function completePortOrder(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<PortCompletion> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    return completeIn(trx, await loadPortOrder(trx, tenant.id, id), actor, options);
  });
}

/** What a call arriving for a number on the new trunk meant for its port. */
export type PortedInboundOutcome =
  /** The first such call: the order holding the number is complete now. */
  | { readonly kind: 'completed'; readonly completion: PortCompletion }
  /** The number's port was completed before. */
  | { readonly kind: 'already_completed'; readonly orderId: string }
  /** The number is in an order without a confirmed port date: nothing is changed. */
  | { readonly kind: 'not_confirmed'; readonly orderId: string; readonly state: string }
  /** The number is in no port order. */
  | { readonly kind: 'no_port_order' };

/**
 * For the trunk side: a call for `number` (E.164) arrived on the new trunk at `at` (ms since
 * the epoch). The first such call of a number whose port is confirmed (or rescheduled) shows
 * the port has happened: its order completes as the port automation, and the call is recorded
 * as automatic evidence that the ported number arrives directly. Later calls change nothing.
 */
export async function onPortedNumberInbound(database: Database, tenantId: string, number: string, at: number): Promise<PortedInboundOutcome> {
  return inTransaction(database, async (trx): Promise<PortedInboundOutcome> => {
    await lockAuditChain(trx);
    const orders = await portOrdersWithNumber(trx, tenantId, number);
    const completed = orders.find((o) => o.state === 'completed');
    if (completed) return { kind: 'already_completed', orderId: completed.id };
    const due = orders.find((o) => o.state === 'confirmed' || o.state === 'rescheduled');
    if (!due) {
      const open = orders.find((o) => o.state !== 'cancelled');
      return open ? { kind: 'not_confirmed', orderId: open.id, state: open.state } : { kind: 'no_port_order' };
    }
    const options = clockAt(at);
    const completion = await completeIn(trx, due, portAutomationActor, options);
    await recordEvidence(trx, {
      tenantId,
      subject: { type: 'number', id: number },
      kind: 'ported_inbound_test_call',
      result: 'pass',
      source: 'automatic',
      checkedBy: portAutomationActor.id,
      checkedAt: isoInstant(at),
      details: { portOrderId: due.id, call: 'the first inbound call on the new trunk' },
      actor: portAutomationActor,
      recordedAt: isoInstant(at),
    });
    return { kind: 'completed', completion };
  });
}

/** What a retirement run did. */
export interface ProvisionalRetirement {
  /** Employees whose provisional number was retired. */
  readonly retired: readonly { readonly employeeId: string; readonly label: string; readonly provisionalNumber: string | null; readonly portOrderId: string }[];
  /** Employees of due lines still waiting: their ported number is not verified yet. */
  readonly waiting: readonly (PortEmployeeBehind & { readonly portOrderId: string })[];
}

/**
 * Retires the provisional numbers whose grace period after the port has ended by `now` (ms
 * since the epoch), across tenants: each employee of a due line whose ported number is
 * verified (`ported_verified`) moves to `provisional_retired`, as the port automation; the
 * others wait for their verification and are retired by a later run. A line is done once
 * every employee of it is retired. Meant to run periodically; safe to run at any time.
 */
export async function retireExpiredProvisionals(database: Database, now: number): Promise<ProvisionalRetirement> {
  const options = clockAt(now);
  const retired: ProvisionalRetirement['retired'][number][] = [];
  const waiting: ProvisionalRetirement['waiting'][number][] = [];
  for (const due of await portOrdersDueForRetirement(database.db, isoInstant(now))) {
    await inTransaction(database, async (trx) => {
      await lockAuditChain(trx);
      const order = await loadPortOrder(trx, due.tenant_id, due.id);
      if (order.provisionals_retired_at !== null) return;
      let pending = 0;
      const note = `the ${order.provisional_grace_days}-day grace period after the port of ${order.old_provider} line ${order.line_id} has ended`;
      for (const employee of await employeesWithLegacyNumbers(trx, order.tenant_id, order.numbers)) {
        if (employee.number_state === 'ported_verified') {
          await transitionEmployee(trx, employee.id, 'number', 'provisional_retired', portAutomationActor, note, options);
          retired.push({ employeeId: employee.id, label: employeeLabel(employee), provisionalNumber: employee.provisional_number, portOrderId: order.id });
        } else if (employee.number_state !== 'provisional_retired') {
          pending++;
          waiting.push({ employeeId: employee.id, label: employeeLabel(employee), legacyNumber: employee.legacy_number ?? '', numberState: employee.number_state, portOrderId: order.id });
        }
      }
      if (pending > 0) return;
      const at = isoInstant(now);
      const after = { ...(await updatePortOrderRow(trx, order.id, { provisionals_retired_at: at, updated_at: at })), numbers: order.numbers };
      await appendAudit(trx, portOrderAudit(portAutomationActor, 'provisionals_retired', portOrderFromRow(order), portOrderFromRow(after), at));
    });
  }
  return { retired, waiting };
}

/** Starts retiring provisional numbers every `intervalMs` on `clock` until stopped (for `belay serve`). */
export function scheduleProvisionalRetirement(input: {
  readonly database: Database;
  readonly clock: Clock;
  readonly intervalMs: number;
  readonly onError: (error: unknown) => void;
}): { stop(): void } {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const run = (): void => {
    retireExpiredProvisionals(input.database, input.clock.now())
      .catch(input.onError)
      .finally(() => {
        if (!stopped) timer = input.clock.setTimer(input.intervalMs, run);
      });
  };
  timer = input.clock.setTimer(input.intervalMs, run);
  return {
    stop: () => {
      stopped = true;
      timer?.cancel();
    },
  };
}
