import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { auditGenesisHash } from '../audit-hash.js';
import type { DialectName } from '../database-url.js';

/** Tenants, and the append-only, hash-chained audit log with its chain head. */
export function tenantsAndAuditLog(dialect: DialectName): Migration {
  const sequence = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('tenants_slug_unique', ['slug'])
        .execute();
      await db.schema.createIndex('tenants_created_at_id').on('tenants').columns(['created_at', 'id']).execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', sequence, (c) => c.primaryKey())
        .addColumn('tenant_id', 'text')
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('audit_log_tenant_id').on('audit_log').columns(['tenant_id', 'id']).execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id', 'id']).execute();

      await db.schema
        .createTable('audit_head')
        .addColumn('singleton', 'integer', (c) => c.primaryKey().check(sql`singleton = 1`))
        .addColumn('last_id', sequence, (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (singleton, last_id, last_hash) values (1, 0, ${auditGenesisHash})`.execute(db);

      // Append-only: rows can be added, never changed or removed (the hash chain detects
      // what is done around these triggers).
      if (dialect === 'postgres') {
        await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
          begin raise exception 'audit_log is append-only'; end $$`.execute(db);
        await sql`create trigger audit_log_append_only before update or delete on audit_log
          for each row execute function audit_log_append_only()`.execute(db);
      } else {
        for (const event of ['update', 'delete']) {
          await sql`create trigger ${sql.raw(`audit_log_no_${event}`)} before ${sql.raw(event)} on audit_log
            begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
        }
      }
    },
  };
}
