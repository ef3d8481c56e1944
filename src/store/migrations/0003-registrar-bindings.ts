import type { Kysely, Migration } from 'kysely';

/**
 * The registrar's bindings, written behind from memory and read back at start. A binding's
 * TCP connection is not stored: connection ids mean nothing to the next process.
 */
export function registrarBindings(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('registrar_bindings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('aor', 'text', (c) => c.notNull())
        .addColumn('contact', 'text', (c) => c.notNull())
        .addColumn('source_protocol', 'text', (c) => c.notNull())
        .addColumn('source_address', 'text', (c) => c.notNull())
        .addColumn('source_port', 'integer', (c) => c.notNull())
        .addColumn('local_address', 'text', (c) => c.notNull())
        .addColumn('local_port', 'integer', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('q_millis', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('cseq', 'integer', (c) => c.notNull())
        .addColumn('user_agent', 'text')
        .addColumn('instance_id', 'text')
        .addColumn('reg_id', 'integer')
        .execute();
      await db.schema.createIndex('registrar_bindings_expires_at').on('registrar_bindings').column('expires_at').execute();
    },
  };
}
