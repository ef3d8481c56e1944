import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

const PHASES = ['inventory', 'planning', 'implementation', 'parallel', 'porting', 'decommissioned'];
const SUBJECT_TYPES = ['project', 'employee', 'number', 'port_order', 'forwarding_order'];
const KINDS = ['forwarding_test_call', 'ported_inbound_test_call', 'ported_outbound_test_call', 'device_test_call', 'scenario'];

const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * The migration project of a tenant (its phase, one row per tenant) and the evidence behind
 * the project's gates: one row per check, with what was checked, when, by whom or by what,
 * and the result.
 */
export function migrationProjects(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('migration_projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().unique().references('tenants.id'))
        .addColumn('phase', 'text', (c) => c.notNull().check(oneOf('phase', PHASES)))
        .addColumn('quiet_days', 'integer', (c) => c.notNull().check(sql`quiet_days >= 0`))
        .addColumn('phase_changed_at', 'text', (c) => c.notNull())
        .addColumn('decommissioned_at', 'text')
        .addColumn('decommissioned_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addCheckConstraint('migration_projects_decommissioned', sql`(phase = 'decommissioned') = (decommissioned_at is not null)`)
        .execute();

      await db.schema
        .createTable('migration_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('subject_type', 'text', (c) => c.notNull().check(oneOf('subject_type', SUBJECT_TYPES)))
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', KINDS)))
        .addColumn('result', 'text', (c) => c.notNull().check(oneOf('result', ['pass', 'fail'])))
        .addColumn('source', 'text', (c) => c.notNull().check(oneOf('source', ['manual', 'automatic'])))
        .addColumn('checked_by', 'text', (c) => c.notNull())
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('migration_evidence_tenant_checked').on('migration_evidence').columns(['tenant_id', 'checked_at', 'id']).execute();
      await db.schema
        .createIndex('migration_evidence_subject')
        .on('migration_evidence')
        .columns(['tenant_id', 'subject_type', 'subject_id', 'kind', 'checked_at'])
        .execute();
    },
  };
}
