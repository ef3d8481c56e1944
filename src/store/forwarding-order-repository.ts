import { sql } from 'kysely';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { insertInChunks } from './insert-in-chunks.js';
import type { DatabaseSchema, ForwardingOrdersTable } from './schema.js';

export type ForwardingOrderRow = Selectable<ForwardingOrdersTable>;

/** A forwarding order with the employee it was placed for, as people know them (null once the record is gone). */
export type ForwardingOrderListRow = ForwardingOrderRow & {
  readonly extension: string | null;
  readonly display_name: string | null;
};

/** What may change on a forwarding order: its numbers and employee are fixed. */
export type ForwardingOrderRowChanges = Omit<
  Updateable<ForwardingOrdersTable>,
  'id' | 'tenant_id' | 'employee_id' | 'legacy_number' | 'provisional_number' | 'created_at'
>;

function withEmployee(db: Kysely<DatabaseSchema>) {
  return db
    .selectFrom('forwarding_orders')
    .leftJoin('migration_employees', 'migration_employees.id', 'forwarding_orders.employee_id')
    .leftJoin('users', 'users.id', 'migration_employees.user_id')
    .selectAll('forwarding_orders')
    .select(['users.extension', 'users.display_name']);
}

export async function insertForwardingOrders(db: Kysely<DatabaseSchema>, rows: readonly ForwardingOrderRow[]): Promise<void> {
  await insertInChunks(rows, (chunk) => db.insertInto('forwarding_orders').values(chunk).execute());
}

/** The tenant's forwarding order with this id. */
export async function findForwardingOrder(db: Kysely<DatabaseSchema>, tenantId: string, id: string): Promise<ForwardingOrderListRow | undefined> {
  return withEmployee(db).where('forwarding_orders.tenant_id', '=', tenantId).where('forwarding_orders.id', '=', id).executeTakeFirst();
}

/** Every forwarding order of the tenant, in any state, by legacy number (numeric order), oldest first per number. */
export async function listForwardingOrders(db: Kysely<DatabaseSchema>, tenantId: string): Promise<readonly ForwardingOrderListRow[]> {
  return withEmployee(db)
    .where('forwarding_orders.tenant_id', '=', tenantId)
    .orderBy(sql`length(forwarding_orders.legacy_number)`)
    .orderBy('forwarding_orders.legacy_number')
    .orderBy('forwarding_orders.created_at')
    .orderBy('forwarding_orders.id')
    .execute();
}

export async function updateForwardingOrderRow(db: Kysely<DatabaseSchema>, id: string, changes: ForwardingOrderRowChanges): Promise<ForwardingOrderRow> {
  return db.updateTable('forwarding_orders').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
