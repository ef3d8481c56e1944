import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database-url.js';

/**
 * The directory: each tenant's SIP domain, its users (extensions, SIP credentials as HA1
 * hashes, call features) and its devices.
 *
 * Tenants created before this migration get `<slug>.belay.localhost`, the domain they would
 * have been given by default then; it can be changed through the API while they have no users.
 */
export function directory(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('tenants').addColumn('sip_domain', 'text', (c) => c.notNull().defaultTo('')).execute();
      await sql`update tenants set sip_domain = slug || '.belay.localhost'`.execute(db);
      if (dialect === 'postgres') await sql`alter table tenants alter column sip_domain drop default`.execute(db);
      await db.schema.createIndex('tenants_sip_domain_unique').on('tenants').column('sip_domain').unique().execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('extension', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('sip_username', 'text', (c) => c.notNull())
        .addColumn('ha1_md5', 'text')
        .addColumn('ha1_sha256', 'text')
        .addColumn('dnd', 'integer', (c) => c.notNull().check(sql`dnd in (0, 1)`))
        .addColumn('forward_always', 'text')
        .addColumn('forward_busy', 'text')
        .addColumn('forward_no_answer', 'text')
        .addColumn('forward_no_answer_seconds', 'integer')
        .addColumn('forward_unregistered', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('users_tenant_extension_unique', ['tenant_id', 'extension'])
        .addUniqueConstraint('users_tenant_sip_username_unique', ['tenant_id', 'sip_username'])
        .addUniqueConstraint('users_tenant_email_unique', ['tenant_id', 'email'])
        // the target of devices' (tenant_id, user_id): a device is assigned within its tenant only
        .addUniqueConstraint('users_tenant_id_unique', ['tenant_id', 'id'])
        .addCheckConstraint('users_no_answer_seconds', sql`(forward_no_answer is null) = (forward_no_answer_seconds is null)`)
        .execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('vendor', 'text')
        .addColumn('model', 'text')
        .addColumn('mac', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('devices_tenant_mac_unique', ['tenant_id', 'mac'])
        .addForeignKeyConstraint('devices_user', ['tenant_id', 'user_id'], 'users', ['tenant_id', 'id'])
        .execute();
      await db.schema.createIndex('devices_user_id').on('devices').column('user_id').execute();
    },
  };
}
