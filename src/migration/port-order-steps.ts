import type { Transaction } from 'kysely';
import { getTenant } from '../centrex/index.js';
import type { Actor } from '../centrex/index.js';
import { DomainError, validateInput, validationFailed } from '../kernel/index.js';
import { appendAudit, inTransaction, listMigrationEmployees, listNumberBlockRows, lockAuditChain, updatePortOrderRow } from '../store/index.js';
import type { Database, DatabaseSchema, MigrationEmployeeWithUserRow, PortOrderRowChanges, PortOrderWithNumbersRow } from '../store/index.js';
import { berlinDate } from './calendar-date.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { legacyLines } from './legacy-lines.js';
import { orderTransition } from './order-transition.js';
import { employeeStepsForOrder } from './port-employee-steps.js';
import { portOrderTransitions } from './port-order-machine.js';
import type { PortOrderEvent } from './port-order-machine.js';
import type { PortOrder } from './port-order.js';
import { portOrderSubmitProblems } from './port-order-readiness.js';
import { portOrderFromRow } from './port-order-row.js';
import { portOrderCancelSchema, portOrderConfirmSchema, portOrderRejectSchema, portOrderRescheduleSchema } from './port-order-schema.js';
import { currentPortOrderView, loadPortOrder, portOrderAudit } from './port-order-service.js';
import type { PortChangeOptions } from './port-order-service.js';
import { resubmitProblem } from './port-rejection-codes.js';
import { employeeLabel, transitionEmployee } from './transition-employee.js';
import { wholeLineProblems } from './whole-line.js';

/** The actor of every step belay takes by itself because of a port: moving employees, asking for forwarding removal, retiring numbers. */
export const portAutomationActor: Actor = { kind: 'system', id: 'port-automation' };

/** An employee whose number an order step moved (or could not move) along, with the states passed. */
export interface PortEmployeeMove {
  readonly employeeId: string;
  /** `23 Erika Muster` */
  readonly label: string;
  readonly legacyNumber: string;
  readonly from: string;
  readonly to: string;
}

/** Where one order step left things. */
export interface PortOrderStepContext {
  readonly trx: Transaction<DatabaseSchema>;
  readonly before: PortOrderWithNumbersRow;
  /** ISO-8601 UTC */
  readonly at: string;
  /** The German calendar date of `at`. */
  readonly today: string;
}

/** The employees whose legacy number is one of `numbers`. */
export async function employeesWithLegacyNumbers(
  trx: Transaction<DatabaseSchema>,
  tenantId: string,
  numbers: readonly string[],
): Promise<readonly MigrationEmployeeWithUserRow[]> {
  const wanted = new Set(numbers);
  return (await listMigrationEmployees(trx, tenantId)).filter((e) => e.legacy_number !== null && wanted.has(e.legacy_number));
}

/**
 * Moves each employee of the order's numbers along as the order's new state asks (see
 * `employeeStepsForOrder`), as the port automation; returns the moves made.
 */
async function moveEmployees(
  ctx: PortOrderStepContext,
  order: PortOrderWithNumbersRow,
  options: PortChangeOptions,
): Promise<readonly PortEmployeeMove[]> {
  const moves: PortEmployeeMove[] = [];
  for (const employee of await employeesWithLegacyNumbers(ctx.trx, order.tenant_id, order.numbers)) {
    const steps = employeeStepsForOrder(order.state, employee.number_state);
    for (const to of steps) await transitionEmployee(ctx.trx, employee.id, 'number', to, portAutomationActor, `port order ${order.id} ${order.state}`, options);
    const last = steps.at(-1);
    if (last !== undefined) {
      moves.push({ employeeId: employee.id, label: employeeLabel(employee), legacyNumber: employee.legacy_number ?? '', from: employee.number_state, to: last });
    }
  }
  return moves;
}

/**
 * Takes one step of an order's state chart in the caller's transaction: checks the chart,
 * writes the changes `decide` returns with the new state, audits it (`port_order.<event>`)
 * and moves the employees of its numbers along.
 */
export async function takePortOrderStep(
  trx: Transaction<DatabaseSchema>,
  before: PortOrderWithNumbersRow,
  event: PortOrderEvent,
  actor: Actor,
  options: PortChangeOptions,
  decide: (ctx: PortOrderStepContext) => PortOrderRowChanges | Promise<PortOrderRowChanges>,
): Promise<{ readonly order: PortOrderWithNumbersRow; readonly moves: readonly PortEmployeeMove[] }> {
  const { to } = orderTransition(portOrderTransitions, `port order ${before.id}`, before.state, event);
  const now = changeInstant(options);
  const ctx: PortOrderStepContext = { trx, before, at: isoInstant(now), today: berlinDate(now) };
  const changes = await decide(ctx);
  const order = { ...(await updatePortOrderRow(trx, before.id, { ...changes, state: to, updated_at: ctx.at })), numbers: before.numbers };
  await appendAudit(trx, portOrderAudit(actor, event, portOrderFromRow(before), portOrderFromRow(order), ctx.at));
  return { order, moves: await moveEmployees(ctx, order, options) };
}

/** Runs one step as its own transaction and shows the order afterwards. */
async function step(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  event: PortOrderEvent,
  actor: Actor,
  options: PortChangeOptions,
  decide: (ctx: PortOrderStepContext) => PortOrderRowChanges | Promise<PortOrderRowChanges>,
): Promise<PortOrder> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const { order } = await takePortOrderStep(trx, await loadPortOrder(trx, tenant.id, id), event, actor, options, decide);
    return currentPortOrderView(trx, order, options);
  });
}

/** Everything the port form needs, and the numbers still exactly the line's (the blocks may have changed since). */
async function checkReady(ctx: PortOrderStepContext): Promise<void> {
  const order = ctx.before;
  const lines = legacyLines(await listNumberBlockRows(ctx.trx, order.tenant_id, 'legacy'));
  const line = lines.find(order.old_provider, order.line_id) ?? { oldProvider: order.old_provider, lineId: order.line_id, numbers: [] };
  const problems = [...portOrderSubmitProblems(portOrderFromRow(order), ctx.today), ...wholeLineProblems(line, order.numbers, lines.lineOf)];
  if (problems.length > 0) throw validationFailed('port order', problems);
}

/** Sends a draft to the losing provider: refused, naming each, while data the port form needs is missing. */
export async function submitPortOrder(database: Database, tenantIdOrSlug: string, id: string, actor: Actor, options: PortChangeOptions = {}): Promise<PortOrder> {
  return step(database, tenantIdOrSlug, id, 'submit', actor, options, async (ctx) => {
    await checkReady(ctx);
    return { submitted_at: ctx.at, submissions: ctx.before.submissions + 1 };
  });
}

/** Records the losing provider's rejection (code RNG…SON, text required with SON). */
export async function rejectPortOrder(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  input: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<PortOrder> {
  const { code, text } = validateInput(portOrderRejectSchema, input, 'port order rejection');
  return step(database, tenantIdOrSlug, id, 'reject', actor, options, (ctx) => ({
    rejection_code: code,
    rejection_text: text ?? null,
    rejected_at: ctx.at,
    corrected_fields: '[]',
  }));
}

/** Sends a rejected order again, once what the rejection concerned has been corrected. */
export async function resubmitPortOrder(database: Database, tenantIdOrSlug: string, id: string, actor: Actor, options: PortChangeOptions = {}): Promise<PortOrder> {
  return step(database, tenantIdOrSlug, id, 'resubmit', actor, options, async (ctx) => {
    const { rejection, correctedFields } = portOrderFromRow(ctx.before);
    const problem = rejection === null ? undefined : resubmitProblem(rejection.code, correctedFields);
    if (problem !== undefined) throw new DomainError('precondition_failed', `port order ${ctx.before.id}: ${problem}`);
    await checkReady(ctx);
    return { submitted_at: ctx.at, submissions: ctx.before.submissions + 1 };
  });
}

/** Records the Wechseltermin the losing provider confirmed: the date and, if named, the porting window. */
export async function confirmPortOrder(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  input: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<PortOrder> {
  const { date, windowStart, windowEnd } = validateInput(portOrderConfirmSchema, input, 'port date confirmation');
  return step(database, tenantIdOrSlug, id, 'confirm', actor, options, (ctx) => ({
    confirmed_date: date,
    window_start: windowStart ?? null,
    window_end: windowEnd ?? null,
    confirmed_at: ctx.at,
  }));
}

/** Asks for a new port date (TVS-VA); the order waits for the losing provider's confirmation again. */
export async function reschedulePortOrder(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  input: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<PortOrder> {
  const { requestedDate } = validateInput(portOrderRescheduleSchema, input, 'port order reschedule');
  return step(database, tenantIdOrSlug, id, 'reschedule', actor, options, (ctx) => {
    if (requestedDate <= ctx.today) throw validationFailed('port order reschedule', [{ field: 'requestedDate', message: `must be after today (${ctx.today})` }]);
    return { requested_date: requestedDate, at_contract_end: 0 };
  });
}

/** Withdraws an order (STR-AUF), with the reason; its employees go back to their verified forwarding. */
export async function cancelPortOrder(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  input: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<PortOrder> {
  const { reason } = validateInput(portOrderCancelSchema, input, 'port order cancellation');
  return step(database, tenantIdOrSlug, id, 'cancel', actor, options, (ctx) => ({ cancel_reason: reason, cancelled_at: ctx.at }));
}
