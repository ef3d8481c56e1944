import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { getTenant } from '../centrex/index.js';
import type { Actor } from '../centrex/index.js';
import { DomainError, validateInput } from '../kernel/index.js';
import type { FieldError } from '../kernel/index.js';
import {
  appendAudit,
  findForwardingOrder,
  getMigrationEmployee,
  inTransaction,
  insertForwardingOrders,
  listForwardingOrders,
  listMigrationEmployees,
  lockAuditChain,
  updateForwardingOrderRow,
} from '../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, ForwardingOrderListRow, ForwardingOrderRow, ForwardingOrderRowChanges, MigrationEmployeeWithUserRow } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { employeeTransition } from './employee-machines.js';
import type { EvidenceSource } from './evidence.js';
import { recordEvidence } from './evidence-service.js';
import { forwardingListCsv, forwardingListHtml } from './forwarding-list.js';
import { employeeNumberStateFor, forwardingOrderTransitions, openForwardingOrderStates } from './forwarding-order-machine.js';
import type { ForwardingOrderEvent } from './forwarding-order-machine.js';
import { forwardingOrderFromRow } from './forwarding-order.js';
import type { ForwardingOrder } from './forwarding-order.js';
import { forwardingRequestSchema, forwardingVerifySchema } from './forwarding-order-schema.js';
import type { ForwardingExportFormat } from './forwarding-order-schema.js';
import { orderTransition } from './order-transition.js';
import type { PortChangeOptions } from './port-order-service.js';
import { employeeLabel, transitionEmployee } from './transition-employee.js';

/** What asking for forwarding did: the orders placed, and the employees left out, with why. */
export interface ForwardingRequest {
  readonly created: readonly ForwardingOrder[];
  readonly skipped: readonly { readonly employeeId: string; readonly label: string; readonly reason: string }[];
}

/** A test call through a forwarding: who or what made it, when, and what was seen. */
export interface ForwardingTestCall {
  readonly source: EvidenceSource;
  readonly checkedBy: string;
  /** ISO-8601 */
  readonly checkedAt: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

const looksLikeUuid = (text: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);

function forwardingAudit(actor: Actor, verb: string, before: ForwardingOrder | null, after: ForwardingOrder, at: string): AuditEntry {
  return { tenantId: after.tenantId, actor, action: `forwarding_order.${verb}`, entityType: 'forwarding_order', entityId: after.id, at, before, after };
}

async function loadForwardingOrder(db: Kysely<DatabaseSchema>, tenantId: string, id: string): Promise<ForwardingOrderListRow> {
  const row = await findForwardingOrder(db, tenantId, id);
  if (!row) throw new DomainError('not_found', `forwarding order "${id}" not found`);
  return row;
}

/** Why an employee cannot have their legacy number forwarded now, or undefined. */
function notReady(employee: MigrationEmployeeWithUserRow, open: ReadonlyMap<string, ForwardingOrderListRow>): string | undefined {
  if (employee.legacy_number === null) return 'has no legacy number';
  if (employee.provisional_number === null) return 'has no provisional number yet';
  const existing = open.get(employee.legacy_number);
  if (existing) return `already has forwarding order ${existing.id} (${existing.state})`;
  if (employee.number_state !== 'provisional_active') return `the provisional number is not live yet: the number state is ${employee.number_state}, not provisional_active`;
  return undefined;
}

/**
 * Orders forwarding legacy → provisional number at the old provider for the named employees
 * (by extension or id), each of whom must have a live provisional number and no forwarding
 * yet (`precondition_failed` naming each who has not); with no names, for every employee who
 * is ready, reporting the others. Each employee's number state becomes `forwarding_requested`.
 */
export async function requestForwardingOrders(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<ForwardingRequest> {
  const { employees: named } = validateInput(forwardingRequestSchema, input, 'forwarding request');
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const all = await listMigrationEmployees(trx, tenant.id);
    const open = new Map((await listForwardingOrders(trx, tenant.id)).filter((f) => openForwardingOrderStates.includes(f.state)).map((f) => [f.legacy_number, f]));
    let chosen = all;
    if (named !== undefined) {
      const byKey = new Map(all.flatMap((e) => [[e.id, e] as const, [e.extension, e] as const]));
      const problems: FieldError[] = [];
      chosen = named.flatMap((key, index) => {
        const employee = byKey.get(looksLikeUuid(key) ? key.toLowerCase() : key);
        const reason = employee ? notReady(employee, open) : undefined;
        if (!employee) problems.push({ field: `employees.${index}`, message: `"${key}" is not an employee being migrated` });
        else if (reason !== undefined) problems.push({ field: `employees.${index}`, message: `${employeeLabel(employee)} ${reason}` });
        return employee ? [employee] : [];
      });
      if (problems.length > 0) {
        throw new DomainError('precondition_failed', `cannot order forwarding: ${problems.map((p) => p.message).join('; ')}`, problems);
      }
    }
    const skipped: ForwardingRequest['skipped'][number][] = [];
    const placed: { readonly row: ForwardingOrderRow; readonly employee: MigrationEmployeeWithUserRow }[] = [];
    const at = isoInstant(changeInstant(options));
    for (const employee of chosen) {
      const reason = notReady(employee, open);
      if (reason !== undefined) {
        skipped.push({ employeeId: employee.id, label: employeeLabel(employee), reason });
        continue;
      }
      const row: ForwardingOrderRow = {
        id: randomUUID(),
        tenant_id: tenant.id,
        employee_id: employee.id,
        legacy_number: employee.legacy_number ?? '',
        provisional_number: employee.provisional_number ?? '',
        state: 'requested',
        evidence_id: null,
        requested_at: at,
        activated_at: null,
        verified_at: null,
        removal_requested_at: null,
        removed_at: null,
        created_at: at,
        updated_at: at,
      };
      placed.push({ row, employee });
    }
    await insertForwardingOrders(trx, placed.map((p) => p.row));
    const created: ForwardingOrder[] = [];
    for (const { row, employee } of placed) {
      const order = forwardingOrderFromRow({ ...row, extension: employee.extension, display_name: employee.display_name });
      await appendAudit(trx, forwardingAudit(actor, 'create', null, order, at));
      await transitionEmployee(trx, row.employee_id, 'number', 'forwarding_requested', actor, `forwarding order ${row.id}`, options);
      created.push(order);
    }
    return { created, skipped };
  });
}

/** The tenant's forwarding orders by legacy number, in any state. */
export async function listTenantForwardingOrders(database: Database, tenantIdOrSlug: string): Promise<readonly ForwardingOrder[]> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return (await listForwardingOrders(database.db, tenant.id)).map(forwardingOrderFromRow);
}

/** The tenant's forwarding order with this id; `not_found` otherwise. */
export async function getForwardingOrder(database: Database, tenantIdOrSlug: string, id: string): Promise<ForwardingOrder> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return forwardingOrderFromRow(await loadForwardingOrder(database.db, tenant.id, id));
}

/**
 * Takes one step of a forwarding order's chart in the caller's transaction, audited as
 * `forwarding_order.<event>`; the employee's number state follows where the new state stands
 * for one and their machine allows the move (an employee already further along stays).
 */
async function takeForwardingStep(
  trx: Transaction<DatabaseSchema>,
  before: ForwardingOrderListRow,
  event: ForwardingOrderEvent,
  actor: Actor,
  at: string,
  changes: ForwardingOrderRowChanges,
  options: PortChangeOptions,
): Promise<ForwardingOrder> {
  const { to } = orderTransition(forwardingOrderTransitions, `forwarding order ${before.id} (${before.legacy_number})`, before.state, event);
  const row = await updateForwardingOrderRow(trx, before.id, { ...changes, state: to, updated_at: at });
  const after = forwardingOrderFromRow({ ...row, extension: before.extension, display_name: before.display_name });
  await appendAudit(trx, forwardingAudit(actor, event, forwardingOrderFromRow(before), after, at));
  const target = employeeNumberStateFor[to];
  const employee = target === undefined ? undefined : await getMigrationEmployee(trx, before.employee_id);
  if (employee && target !== undefined && employeeTransition('number', employee.number_state, target)) {
    await transitionEmployee(trx, employee.id, 'number', target, actor, `forwarding order ${before.id} ${to}`, options);
  }
  return after;
}

async function forwardingStep(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  event: ForwardingOrderEvent,
  actor: Actor,
  options: PortChangeOptions,
  changes: (at: string) => ForwardingOrderRowChanges,
): Promise<ForwardingOrder> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const at = isoInstant(changeInstant(options));
    return takeForwardingStep(trx, await loadForwardingOrder(trx, tenant.id, id), event, actor, at, changes(at), options);
  });
}

/** The old provider has set the forwarding up: the employee's number state becomes `forwarding_active`. */
export async function activateForwardingOrder(database: Database, tenantIdOrSlug: string, id: string, actor: Actor, options: PortChangeOptions = {}): Promise<ForwardingOrder> {
  return forwardingStep(database, tenantIdOrSlug, id, 'activate', actor, options, (at) => ({ activated_at: at }));
}

/**
 * A test call through the forwarding reached the employee, in the caller's transaction: the
 * call is recorded as evidence (`forwarding_test_call` about the legacy number, which the
 * gates read) and the order is `verified`, the employee `forwarding_verified`.
 */
export async function verifyForwarding(
  trx: Transaction<DatabaseSchema>,
  tenantId: string,
  id: string,
  call: ForwardingTestCall,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<ForwardingOrder> {
  await lockAuditChain(trx);
  const before = await loadForwardingOrder(trx, tenantId, id);
  orderTransition(forwardingOrderTransitions, `forwarding order ${before.id} (${before.legacy_number})`, before.state, 'verify');
  const at = isoInstant(changeInstant(options));
  const evidence = await recordEvidence(trx, {
    tenantId,
    subject: { type: 'number', id: before.legacy_number },
    kind: 'forwarding_test_call',
    result: 'pass',
    source: call.source,
    checkedBy: call.checkedBy,
    checkedAt: call.checkedAt,
    details: { forwardingOrderId: before.id, forwardedTo: before.provisional_number, ...call.details },
    actor,
    recordedAt: at,
  });
  return takeForwardingStep(trx, before, 'verify', actor, at, { verified_at: evidence.checkedAt, evidence_id: evidence.id }, options);
}

/** Records a person's test call through the forwarding (manual evidence) and marks the order verified. */
export async function verifyForwardingOrder(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  input: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<ForwardingOrder> {
  const { checkedBy, checkedAt, note } = validateInput(forwardingVerifySchema, input, 'forwarding test call');
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, (trx) =>
    verifyForwarding(trx, tenant.id, id, {
      source: 'manual',
      checkedBy: checkedBy ?? actor.id,
      checkedAt: checkedAt ?? isoInstant(changeInstant(options)),
      ...(note !== undefined && { details: { note } }),
    }, actor, options),
  );
}

/** Asks for one forwarding to be taken down at the old provider. */
export async function requestForwardingRemoval(database: Database, tenantIdOrSlug: string, id: string, actor: Actor, options: PortChangeOptions = {}): Promise<ForwardingOrder> {
  return forwardingStep(database, tenantIdOrSlug, id, 'request_removal', actor, options, (at) => ({ removal_requested_at: at }));
}

/** The old provider has taken the forwarding down. */
export async function confirmForwardingRemoval(database: Database, tenantIdOrSlug: string, id: string, actor: Actor, options: PortChangeOptions = {}): Promise<ForwardingOrder> {
  return forwardingStep(database, tenantIdOrSlug, id, 'confirm_removal', actor, options, (at) => ({ removed_at: at }));
}

/**
 * In the caller's transaction, asks for the removal of every forwarding of the tenant still
 * requested, active or verified — of the legacy numbers given, or all of them (a rollback).
 * Employees' number states are left to the caller. Returns the orders marked.
 */
export async function markForwardingForRemoval(
  trx: Transaction<DatabaseSchema>,
  tenantId: string,
  legacyNumbers: ReadonlySet<string> | 'all',
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<readonly ForwardingOrder[]> {
  await lockAuditChain(trx);
  const at = isoInstant(changeInstant(options));
  const marked: ForwardingOrder[] = [];
  for (const order of await listForwardingOrders(trx, tenantId)) {
    if (!['requested', 'active', 'verified'].includes(order.state)) continue;
    if (legacyNumbers !== 'all' && !legacyNumbers.has(order.legacy_number)) continue;
    marked.push(await takeForwardingStep(trx, order, 'request_removal', actor, at, { removal_requested_at: at }, options));
  }
  return marked;
}

/** The forwarding list for the old provider or the old PBX's administrator, as CSV or a printable page. */
export async function forwardingListDocument(
  database: Database,
  tenantIdOrSlug: string,
  format: ForwardingExportFormat,
  options: PortChangeOptions = {},
): Promise<string> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  const orders = (await listForwardingOrders(database.db, tenant.id)).map(forwardingOrderFromRow);
  return format === 'csv' ? forwardingListCsv(orders) : forwardingListHtml({ tenantName: tenant.name, orders, generatedAt: isoInstant(changeInstant(options)) });
}
