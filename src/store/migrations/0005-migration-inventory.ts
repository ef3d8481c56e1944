import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

const NUMBER_STATES = [
  'planned',
  'provisional_active',
  'forwarding_requested',
  'forwarding_active',
  'forwarding_verified',
  'porting',
  'ported',
  'ported_verified',
  'provisional_retired',
];
const DEVICE_STATES = ['old_recorded', 'new_assigned', 'provisioned', 'registered', 'tested'];
const TRAINING_STATES = ['pending', 'scheduled', 'attended', 'waived'];

const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * The migration inventory: a tenant's sites, its number blocks (the old provider's and the
 * provisional ones on the new trunk), one migration record per employee being moved, and the
 * lease that keeps two bulk operations on one tenant's migration from running at once.
 */
export function migrationInventory(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('area_code', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('sites_tenant_name_unique', ['tenant_id', 'name'])
        .addUniqueConstraint('sites_tenant_id_unique', ['tenant_id', 'id'])
        .execute();

      await db.schema
        .createTable('number_blocks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['legacy', 'provisional'])))
        .addColumn('base_number', 'text', (c) => c.notNull())
        .addColumn('ddi_from', 'integer')
        .addColumn('ddi_to', 'integer')
        .addColumn('ddi_digits', 'integer')
        .addColumn('old_provider', 'text')
        .addColumn('line_id', 'text')
        .addColumn('site_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addCheckConstraint('number_blocks_range', sql`(ddi_from is null) = (ddi_to is null) and (ddi_from is not null or ddi_digits is null) and ddi_from <= ddi_to`)
        .addForeignKeyConstraint('number_blocks_site', ['tenant_id', 'site_id'], 'sites', ['tenant_id', 'id'])
        .addUniqueConstraint('number_blocks_tenant_id_unique', ['tenant_id', 'id'])
        .execute();
      await db.schema.createIndex('number_blocks_tenant').on('number_blocks').columns(['tenant_id', 'kind', 'base_number']).execute();

      await db.schema
        .createTable('migration_employees')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().unique())
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('legacy_number', 'text')
        .addColumn('legacy_block_id', 'text')
        .addColumn('provisional_number', 'text')
        .addColumn('provisional_block_id', 'text')
        .addColumn('ported_number', 'text')
        .addColumn('number_state', 'text', (c) => c.notNull().check(oneOf('number_state', NUMBER_STATES)))
        .addColumn('device_state', 'text', (c) => c.notNull().check(oneOf('device_state', DEVICE_STATES)))
        .addColumn('training_state', 'text', (c) => c.notNull().check(oneOf('training_state', TRAINING_STATES)))
        .addColumn('training_note', 'text')
        .addColumn('old_device_vendor', 'text')
        .addColumn('old_device_model', 'text')
        .addColumn('old_device_mac', 'text')
        .addColumn('language', 'text')
        .addColumn('role', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // the record goes with its user: deleting the user through the directory deletes it
        .addForeignKeyConstraint('migration_employees_user', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
        .addForeignKeyConstraint('migration_employees_site', ['tenant_id', 'site_id'], 'sites', ['tenant_id', 'id'])
        .addForeignKeyConstraint('migration_employees_legacy_block', ['tenant_id', 'legacy_block_id'], 'number_blocks', ['tenant_id', 'id'])
        .addForeignKeyConstraint('migration_employees_provisional_block', ['tenant_id', 'provisional_block_id'], 'number_blocks', ['tenant_id', 'id'])
        .addUniqueConstraint('migration_employees_legacy_unique', ['tenant_id', 'legacy_number'])
        .addUniqueConstraint('migration_employees_provisional_unique', ['tenant_id', 'provisional_number'])
        .execute();

      await db.schema
        .createTable('migration_locks')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('acquired_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
