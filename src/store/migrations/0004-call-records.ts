import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** The dispositions a call record may have (as of this migration). */
const DISPOSITIONS = ['answered', 'busy', 'no_answer', 'unavailable', 'cancelled', 'rejected', 'failed'];

/**
 * Call records: one row per call, written when it ends. Listed per tenant newest first, and
 * filtered by an extension that called, was dialled or answered.
 */
export function callRecords(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('call_records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text')
        .addColumn('ended_at', 'text', (c) => c.notNull())
        .addColumn('caller_user_id', 'text')
        .addColumn('caller_extension', 'text')
        .addColumn('caller_uri', 'text', (c) => c.notNull())
        .addColumn('caller_name', 'text')
        .addColumn('dialled', 'text', (c) => c.notNull())
        .addColumn('answered_user_id', 'text')
        .addColumn('answered_extension', 'text')
        .addColumn('answered_contact', 'text')
        .addColumn('answered_user_agent', 'text')
        .addColumn('forwarding', 'text', (c) => c.notNull())
        .addColumn('disposition', 'text', (c) => c.notNull().check(sql`disposition in (${sql.join(DISPOSITIONS.map((d) => sql.lit(d)))})`))
        .addColumn('sip_status', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('call_records_tenant_started').on('call_records').columns(['tenant_id', 'started_at', 'id']).execute();
      await db.schema.createIndex('call_records_tenant_caller').on('call_records').columns(['tenant_id', 'caller_extension']).execute();
      await db.schema.createIndex('call_records_tenant_dialled').on('call_records').columns(['tenant_id', 'dialled']).execute();
      await db.schema.createIndex('call_records_tenant_answered').on('call_records').columns(['tenant_id', 'answered_extension']).execute();
    },
  };
}
