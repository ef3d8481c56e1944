import type { Kysely, Selectable, Updateable } from 'kysely';
import { insertInChunks } from './insert-in-chunks.js';
import type { DatabaseSchema, PortOrdersTable } from './schema.js';

export type PortOrderRow = Selectable<PortOrdersTable>;

/** A port order with its numbers (E.164, in numeric order). */
export type PortOrderWithNumbersRow = PortOrderRow & { readonly numbers: readonly string[] };

/** What may change on an order: its line and tenant are fixed at creation. */
export type PortOrderRowChanges = Omit<Updateable<PortOrdersTable>, 'id' | 'tenant_id' | 'old_provider' | 'line_id' | 'created_at'>;

/** Numeric order for E.164 strings: shorter first, then digit by digit. */
const numberOrder = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

async function withNumbers(db: Kysely<DatabaseSchema>, rows: readonly PortOrderRow[]): Promise<PortOrderWithNumbersRow[]> {
  if (rows.length === 0) return [];
  const numbers = await db
    .selectFrom('port_order_numbers')
    .select(['port_order_id', 'number'])
    .where('port_order_id', 'in', rows.map((r) => r.id))
    .execute();
  const byOrder = new Map<string, string[]>();
  for (const { port_order_id, number } of numbers) byOrder.set(port_order_id, [...(byOrder.get(port_order_id) ?? []), number]);
  return rows.map((row) => ({ ...row, numbers: (byOrder.get(row.id) ?? []).sort(numberOrder) }));
}

/** Stores a new order and its numbers. */
export async function insertPortOrder(db: Kysely<DatabaseSchema>, row: PortOrderRow, numbers: readonly string[]): Promise<void> {
  await db.insertInto('port_orders').values(row).execute();
  const rows = numbers.map((number) => ({ port_order_id: row.id, tenant_id: row.tenant_id, number }));
  await insertInChunks(rows, (chunk) => db.insertInto('port_order_numbers').values(chunk).execute());
}

/** The tenant's order with this id, with its numbers. */
export async function findPortOrder(db: Kysely<DatabaseSchema>, tenantId: string, id: string): Promise<PortOrderWithNumbersRow | undefined> {
  const row = await db.selectFrom('port_orders').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && (await withNumbers(db, [row]))[0];
}

/** Every port order of the tenant with its numbers, oldest first. */
export async function listPortOrders(db: Kysely<DatabaseSchema>, tenantId: string): Promise<readonly PortOrderWithNumbersRow[]> {
  const rows = await db.selectFrom('port_orders').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
  return withNumbers(db, rows);
}

/** The tenant's orders for one line at one old provider, in any state, oldest first. */
export async function portOrdersOfLine(
  db: Kysely<DatabaseSchema>,
  tenantId: string,
  oldProvider: string,
  lineId: string,
): Promise<readonly PortOrderRow[]> {
  return db
    .selectFrom('port_orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('old_provider', '=', oldProvider)
    .where('line_id', '=', lineId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The tenant's orders holding this number (E.164), in any state, oldest first. */
export async function portOrdersWithNumber(db: Kysely<DatabaseSchema>, tenantId: string, number: string): Promise<readonly PortOrderWithNumbersRow[]> {
  const rows = await db
    .selectFrom('port_orders')
    .innerJoin('port_order_numbers', 'port_order_numbers.port_order_id', 'port_orders.id')
    .selectAll('port_orders')
    .where('port_order_numbers.tenant_id', '=', tenantId)
    .where('port_order_numbers.number', '=', number)
    .orderBy('port_orders.created_at')
    .orderBy('port_orders.id')
    .execute();
  return withNumbers(db, rows);
}

/**
 * Completed orders of every tenant whose provisional numbers are due for retirement at `now`
 * (ISO-8601 UTC) and not all retired yet, oldest due first.
 */
export async function portOrdersDueForRetirement(db: Kysely<DatabaseSchema>, now: string): Promise<readonly PortOrderWithNumbersRow[]> {
  const rows = await db
    .selectFrom('port_orders')
    .selectAll()
    .where('state', '=', 'completed')
    .where('provisionals_retire_at', '<=', now)
    .where('provisionals_retired_at', 'is', null)
    .orderBy('provisionals_retire_at')
    .orderBy('id')
    .execute();
  return withNumbers(db, rows);
}

export async function updatePortOrderRow(db: Kysely<DatabaseSchema>, id: string, changes: PortOrderRowChanges): Promise<PortOrderRow> {
  return db.updateTable('port_orders').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
