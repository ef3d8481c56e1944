import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

const TRUNK_MODES = ['register', 'ip'];
const TRANSPORTS = ['udp', 'tcp', 'tls'];
/** The built-in trunk profiles' names: a custom profile cannot take one. */
const BUILTIN_PROFILE_NAMES = ['generic', 'telekom', 'sipgate', 'nfon', 'dts'];
const CLASSES_OF_SERVICE = ['internal', 'local', 'national', 'mobile', 'international', 'premium'];
const DIRECTIONS = ['internal', 'outbound', 'inbound'];

const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
const nullOrAtLeastOne = (column: string) => sql`${sql.ref(column)} is null or ${sql.ref(column)} >= 1`;

/**
 * SIP trunks and the identity of numbers: trunks (a tenant's own, or shared by the provider
 * when `tenant_id` is null) with the custom trunk profiles they may name, a tenant's reception
 * extension, a user's class of service, CLIR and external number rung in parallel, a site's
 * emergency number, and what a call record keeps of the trunk side of a call.
 *
 * Every added column has a default or is nullable, so existing rows stay valid as they are.
 */
export function trunksAndIdentity(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('trunk_profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull().unique().check(sql`name not in (${sql.join(BUILTIN_PROFILE_NAMES.map((n) => sql.lit(n)))})`))
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('trunks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull().check(oneOf('mode', TRUNK_MODES)))
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('port', 'integer', (c) => c.notNull().check(sql`port between 1 and 65535`))
        .addColumn('transport', 'text', (c) => c.notNull().check(oneOf('transport', TRANSPORTS)))
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('outbound_proxy', 'text')
        .addColumn('username', 'text')
        .addColumn('auth_username', 'text')
        .addColumn('password', 'text')
        .addColumn('register_expires', 'integer', (c) => c.notNull().defaultTo(600).check(sql`register_expires >= 1`))
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('inbound_addresses', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('default_number', 'text')
        .addColumn('priority', 'integer', (c) => c.notNull().check(sql`priority >= 1`))
        .addColumn('max_calls', 'integer', (c) => c.check(nullOrAtLeastOne('max_calls')))
        .addColumn('max_cps', 'integer', (c) => c.check(nullOrAtLeastOne('max_cps')))
        .addColumn('site_id', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1).check(sql`enabled in (0, 1)`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // a shared trunk serves every tenant: it cannot be the trunk of one tenant's site
        .addCheckConstraint('trunks_shared_without_site', sql`tenant_id is not null or site_id is null`)
        .addForeignKeyConstraint('trunks_site', ['tenant_id', 'site_id'], 'sites', ['tenant_id', 'id'])
        .execute();
      // a name is unique among a tenant's trunks, and among the shared ones (null is distinct in a unique constraint)
      await db.schema.createIndex('trunks_tenant_name_unique').on('trunks').columns(['tenant_id', 'name']).unique().where(sql.ref('tenant_id'), 'is not', null).execute();
      await db.schema.createIndex('trunks_shared_name_unique').on('trunks').column('name').unique().where(sql.ref('tenant_id'), 'is', null).execute();

      await db.schema.alterTable('tenants').addColumn('reception_extension', 'text').execute();

      await db.schema
        .alterTable('users')
        .addColumn('class_of_service', 'text', (c) => c.notNull().defaultTo('international').check(oneOf('class_of_service', CLASSES_OF_SERVICE)))
        .execute();
      await db.schema.alterTable('users').addColumn('clir', 'integer', (c) => c.notNull().defaultTo(0).check(sql`clir in (0, 1)`)).execute();
      await db.schema.alterTable('users').addColumn('ring_external', 'text').execute();

      await db.schema.alterTable('sites').addColumn('emergency_number', 'text').execute();

      await db.schema
        .alterTable('call_records')
        .addColumn('direction', 'text', (c) => c.notNull().defaultTo('internal').check(oneOf('direction', DIRECTIONS)))
        .execute();
      for (const column of ['trunk_id', 'presented_number', 'network_number', 'identity_note', 'original_called', 'diversion_reason']) {
        await db.schema.alterTable('call_records').addColumn(column, 'text').execute();
      }
      await db.schema.alterTable('call_records').addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0).check(sql`emergency in (0, 1)`)).execute();
      await db.schema.alterTable('call_records').addColumn('block_reason', 'text').execute();
    },
  };
}
