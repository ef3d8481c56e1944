import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { getTenant } from '../centrex/index.js';
import type { Actor, ChangeOptions } from '../centrex/index.js';
import { DomainError, validateInput, validationFailed } from '../kernel/index.js';
import type { FieldError } from '../kernel/index.js';
import {
  appendAudit,
  findPortOrder,
  inTransaction,
  insertPortOrder,
  listForwardingOrders,
  listNumberBlockRows,
  listPortOrders,
  lockAuditChain,
  portOrdersOfLine,
  updatePortOrderRow,
} from '../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, ForwardingOrderListRow, PortOrderRow, PortOrderRowChanges, PortOrderWithNumbersRow } from '../store/index.js';
import { berlinDate } from './calendar-date.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { legacyLines } from './legacy-lines.js';
import { editablePortOrderStates, openPortOrderStates } from './port-order-machine.js';
import type { PortOrder, PortOrderRecord } from './port-order.js';
import { portOrderSubmitProblems } from './port-order-readiness.js';
import { portOrderFromRow } from './port-order-row.js';
import { portOrderCreateSchema, portOrderUpdateSchema } from './port-order-schema.js';
import { portOrderWarnings } from './port-order-warnings.js';
import { portRequestHtml } from './port-request-html.js';
import type { PortOrderDataField } from './port-rejection-codes.js';
import { lineName, wholeLineProblems } from './whole-line.js';

/** How a port or forwarding change is stamped: the options' clock, else the system clock. */
export type PortChangeOptions = Pick<ChangeOptions, 'clock'>;

/** Days the provisional numbers stay reachable after the port, unless an order says otherwise. */
export const defaultProvisionalGraceDays = 30;

/** Each data field of an order and its column. */
const dataColumns = {
  holderName: 'holder_name',
  holderStreet: 'holder_street',
  holderPostalCode: 'holder_postal_code',
  holderCity: 'holder_city',
  customerNumber: 'customer_number',
  signatoryName: 'signatory_name',
  signatoryRole: 'signatory_role',
  requestedDate: 'requested_date',
  atContractEnd: 'at_contract_end',
  contractEndDate: 'contract_end_date',
} as const satisfies Record<PortOrderDataField, keyof PortOrderRow>;

/** The audit entry of a port order change: the order as recorded before and after. */
export function portOrderAudit(actor: Actor, verb: string, before: PortOrderRecord | null, after: PortOrderRecord, at: string): AuditEntry {
  return { tenantId: after.tenantId, actor, action: `port_order.${verb}`, entityType: 'port_order', entityId: after.id, at, before, after };
}

/** The order as shown on `today`, warned about forwarding still set up at the old provider for its numbers. */
export function portOrderView(row: PortOrderWithNumbersRow, today: string, forwarding: readonly ForwardingOrderListRow[]): PortOrder {
  const record = portOrderFromRow(row);
  const numbers = new Set(record.numbers);
  const forwardedNumbers = forwarding.filter((f) => ['requested', 'active', 'verified'].includes(f.state) && numbers.has(f.legacy_number)).length;
  return { ...record, warnings: portOrderWarnings(record, { today, forwardedNumbers }) };
}

/** The tenant's order with this id; `not_found` otherwise. */
export async function loadPortOrder(db: Kysely<DatabaseSchema>, tenantId: string, id: string): Promise<PortOrderWithNumbersRow> {
  const row = await findPortOrder(db, tenantId, id);
  if (!row) throw new DomainError('not_found', `port order "${id}" not found`);
  return row;
}

/** The order as shown now, read in `db` (a transaction or the database). */
export async function currentPortOrderView(db: Kysely<DatabaseSchema>, row: PortOrderWithNumbersRow, options: PortChangeOptions): Promise<PortOrder> {
  return portOrderView(row, berlinDate(changeInstant(options)), await listForwardingOrders(db, row.tenant_id));
}

function parseNumbers(texts: readonly string[]): { readonly numbers: string[]; readonly problems: FieldError[] } {
  const numbers: string[] = [];
  const problems: FieldError[] = [];
  texts.forEach((text, index) => {
    const number = parsePhoneNumberFromString(text.trim(), 'DE')?.number;
    if (number === undefined) problems.push({ field: `numbers.${index}`, message: `"${text}" is not a phone number` });
    numbers.push(number ?? text);
  });
  return { numbers, problems };
}

const dateConflict = (requestedDate: string | null, atContractEnd: boolean): FieldError[] =>
  requestedDate !== null && atContractEnd ? [{ field: 'atContractEnd', message: 'give a requested date or atContractEnd, not both' }] : [];

/**
 * Draws up a port order for one line at one old provider, as a draft: the line's numbers are
 * every number of its legacy blocks; a list of numbers, if given, must be exactly those (a
 * line is never split). `conflict` while another order for the line is open or completed.
 */
export async function createPortOrder(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<PortOrder> {
  const { oldProvider, lineId, numbers: given, provisionalGraceDays = defaultProvisionalGraceDays, ...data } = validateInput(portOrderCreateSchema, input, 'port order');
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const lines = legacyLines(await listNumberBlockRows(trx, tenant.id, 'legacy'));
    const line = lines.find(oldProvider, lineId);
    if (!line) {
      const message =
        lines.lines.length === 0
          ? 'the tenant has no legacy number blocks: import the inventory first'
          : `no legacy number block of ${oldProvider} has the line id ${lineId}; the tenant’s lines: ${lines.describe()}`;
      throw validationFailed('port order', [{ field: 'lineId', message }]);
    }
    const parsed = given === undefined ? { numbers: line.numbers, problems: [] } : parseNumbers(given);
    const problems = [...parsed.problems, ...(parsed.problems.length > 0 ? [] : wholeLineProblems(line, parsed.numbers, lines.lineOf)), ...dateConflict(data.requestedDate ?? null, data.atContractEnd ?? false)];
    if (problems.length > 0) throw validationFailed('port order', problems);
    const taken = (await portOrdersOfLine(trx, tenant.id, line.oldProvider, line.lineId)).find((o) => o.state === 'completed' || openPortOrderStates.includes(o.state));
    if (taken) throw new DomainError('conflict', `${lineName(line)} already has port order ${taken.id} (${taken.state})`);
    const at = isoInstant(changeInstant(options));
    const row: PortOrderRow = {
      id: randomUUID(),
      tenant_id: tenant.id,
      old_provider: line.oldProvider,
      line_id: line.lineId,
      state: 'draft',
      holder_name: data.holderName ?? null,
      holder_street: data.holderStreet ?? null,
      holder_postal_code: data.holderPostalCode ?? null,
      holder_city: data.holderCity ?? null,
      customer_number: data.customerNumber ?? null,
      signatory_name: data.signatoryName ?? null,
      signatory_role: data.signatoryRole ?? null,
      requested_date: data.requestedDate ?? null,
      at_contract_end: data.atContractEnd ? 1 : 0,
      contract_end_date: data.contractEndDate ?? null,
      confirmed_date: null,
      window_start: null,
      window_end: null,
      rejection_code: null,
      rejection_text: null,
      rejected_at: null,
      corrected_fields: '[]',
      submissions: 0,
      provisional_grace_days: provisionalGraceDays,
      provisionals_retire_at: null,
      provisionals_retired_at: null,
      cancel_reason: null,
      submitted_at: null,
      confirmed_at: null,
      completed_at: null,
      cancelled_at: null,
      created_at: at,
      updated_at: at,
    };
    await insertPortOrder(trx, row, line.numbers);
    const stored = await loadPortOrder(trx, tenant.id, row.id);
    await appendAudit(trx, portOrderAudit(actor, 'create', null, portOrderFromRow(stored), at));
    return currentPortOrderView(trx, stored, options);
  });
}

/** The tenant's port orders, oldest first, each with its warnings. */
export async function listTenantPortOrders(database: Database, tenantIdOrSlug: string, options: PortChangeOptions = {}): Promise<readonly PortOrder[]> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  const [rows, forwarding] = await Promise.all([listPortOrders(database.db, tenant.id), listForwardingOrders(database.db, tenant.id)]);
  const today = berlinDate(changeInstant(options));
  return rows.map((row) => portOrderView(row, today, forwarding));
}

/** The tenant's port order with this id; `not_found` otherwise. */
export async function getPortOrder(database: Database, tenantIdOrSlug: string, id: string, options: PortChangeOptions = {}): Promise<PortOrder> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return currentPortOrderView(database.db, await loadPortOrder(database.db, tenant.id, id), options);
}

/**
 * Corrects an order's data while it is a draft or rejected; after a rejection the corrected
 * fields are remembered (a resubmission looks for them). Values are kept exactly as typed.
 * A patch that changes nothing writes nothing.
 */
export async function updatePortOrder(
  database: Database,
  tenantIdOrSlug: string,
  id: string,
  patch: unknown,
  actor: Actor,
  options: PortChangeOptions = {},
): Promise<PortOrder> {
  const { provisionalGraceDays, ...data } = validateInput(portOrderUpdateSchema, patch, 'port order update');
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const before = await loadPortOrder(trx, tenant.id, id);
    if (!editablePortOrderStates.includes(before.state)) {
      throw new DomainError('precondition_failed', `port order ${id} is ${before.state}: its data can be changed only while ${editablePortOrderStates.join(' or ')}`);
    }
    const changes: { -readonly [C in keyof PortOrderRowChanges]: PortOrderRowChanges[C] } = {};
    const corrected: PortOrderDataField[] = [];
    for (const [field, column] of Object.entries(dataColumns) as [PortOrderDataField, (typeof dataColumns)[PortOrderDataField]][]) {
      const value = data[field];
      if (value === undefined) continue;
      const stored = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      if (before[column] === stored) continue;
      Object.assign(changes, { [column]: stored });
      corrected.push(field);
    }
    if (provisionalGraceDays !== undefined && provisionalGraceDays !== before.provisional_grace_days) changes.provisional_grace_days = provisionalGraceDays;
    if (Object.keys(changes).length === 0) return currentPortOrderView(trx, before, options);
    const conflict = dateConflict(changes.requested_date === undefined ? before.requested_date : changes.requested_date, (changes.at_contract_end ?? before.at_contract_end) === 1);
    if (conflict.length > 0) throw validationFailed('port order update', conflict);
    if (before.state === 'rejected') {
      const previous = JSON.parse(before.corrected_fields) as PortOrderDataField[];
      changes.corrected_fields = JSON.stringify([...new Set([...previous, ...corrected])]);
    }
    const at = isoInstant(changeInstant(options));
    const updated = { ...(await updatePortOrderRow(trx, id, { ...changes, updated_at: at })), numbers: before.numbers };
    await appendAudit(trx, portOrderAudit(actor, 'update', portOrderFromRow(before), portOrderFromRow(updated), at));
    return currentPortOrderView(trx, updated, options);
  });
}

/** The printable port request (HTML) of an order, showing what it still lacks. */
export async function portRequestDocument(database: Database, tenantIdOrSlug: string, id: string, options: PortChangeOptions = {}): Promise<string> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  const order = await currentPortOrderView(database.db, await loadPortOrder(database.db, tenant.id, id), options);
  const now = changeInstant(options);
  const missing = ['draft', 'rejected'].includes(order.state) ? portOrderSubmitProblems(order, berlinDate(now)) : [];
  return portRequestHtml({ order, tenantName: tenant.name, missing, generatedAt: isoInstant(now) });
}
