import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

const PORT_ORDER_STATES = ['draft', 'submitted', 'rejected', 'confirmed', 'rescheduled', 'completed', 'cancelled'];
const REJECTION_CODES = ['RNG', 'ADF', 'AIF', 'WAI', 'KNI', 'VAE', 'SON'];
const FORWARDING_ORDER_STATES = ['requested', 'active', 'verified', 'removal_requested', 'removed'];

const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Port orders (one line at one old provider, with every number of it) and forwarding orders
 * (one legacy number forwarded to its provisional number at the old provider). A forwarding
 * order names its employee without a foreign key: it records an order placed outside belay,
 * which stays to be undone even when the employee's record is gone.
 */
export function portAndForwardingOrders(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('port_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('old_provider', 'text', (c) => c.notNull())
        .addColumn('line_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', PORT_ORDER_STATES)))
        .addColumn('holder_name', 'text')
        .addColumn('holder_street', 'text')
        .addColumn('holder_postal_code', 'text')
        .addColumn('holder_city', 'text')
        .addColumn('customer_number', 'text')
        .addColumn('signatory_name', 'text')
        .addColumn('signatory_role', 'text')
        .addColumn('requested_date', 'text')
        .addColumn('at_contract_end', 'integer', (c) => c.notNull().check(sql`at_contract_end in (0, 1)`))
        .addColumn('contract_end_date', 'text')
        .addColumn('confirmed_date', 'text')
        .addColumn('window_start', 'text')
        .addColumn('window_end', 'text')
        .addColumn('rejection_code', 'text', (c) => c.check(oneOf('rejection_code', REJECTION_CODES)))
        .addColumn('rejection_text', 'text')
        .addColumn('rejected_at', 'text')
        .addColumn('corrected_fields', 'text', (c) => c.notNull())
        .addColumn('submissions', 'integer', (c) => c.notNull())
        .addColumn('provisional_grace_days', 'integer', (c) => c.notNull().check(sql`provisional_grace_days >= 0`))
        .addColumn('provisionals_retire_at', 'text')
        .addColumn('provisionals_retired_at', 'text')
        .addColumn('cancel_reason', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('cancelled_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addCheckConstraint('port_orders_window', sql`(window_start is null) = (window_end is null)`)
        .addCheckConstraint('port_orders_rejection', sql`(rejection_code is null) = (rejected_at is null)`)
        .addUniqueConstraint('port_orders_tenant_id_unique', ['tenant_id', 'id'])
        .execute();
      await db.schema.createIndex('port_orders_tenant_line').on('port_orders').columns(['tenant_id', 'old_provider', 'line_id']).execute();
      await db.schema.createIndex('port_orders_retirement').on('port_orders').columns(['state', 'provisionals_retire_at']).execute();

      await db.schema
        .createTable('port_order_numbers')
        .addColumn('port_order_id', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('port_order_numbers_pk', ['port_order_id', 'number'])
        .addForeignKeyConstraint('port_order_numbers_order', ['tenant_id', 'port_order_id'], 'port_orders', ['tenant_id', 'id'])
        .execute();
      await db.schema.createIndex('port_order_numbers_number').on('port_order_numbers').columns(['tenant_id', 'number']).execute();

      await db.schema
        .createTable('forwarding_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('employee_id', 'text', (c) => c.notNull())
        .addColumn('legacy_number', 'text', (c) => c.notNull())
        .addColumn('provisional_number', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', FORWARDING_ORDER_STATES)))
        .addColumn('evidence_id', 'text')
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('activated_at', 'text')
        .addColumn('verified_at', 'text')
        .addColumn('removal_requested_at', 'text')
        .addColumn('removed_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addCheckConstraint('forwarding_orders_verified', sql`(verified_at is null) = (evidence_id is null)`)
        .execute();
      await db.schema.createIndex('forwarding_orders_tenant_legacy').on('forwarding_orders').columns(['tenant_id', 'legacy_number']).execute();
      await db.schema.createIndex('forwarding_orders_employee').on('forwarding_orders').columns(['employee_id']).execute();
    },
  };
}
