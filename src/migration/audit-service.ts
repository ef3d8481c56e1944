import { z } from 'zod';
import { getTenant } from '../centrex/index.js';
import { validateInput } from '../kernel/index.js';
import { exportAuditJsonLines, listAudit } from '../store/index.js';
import type { AuditPage, Database } from '../store/index.js';

const uuid = z.uuid();

export const auditPageSchema = z.strictObject({
  tenant: z.string({ error: 'must be a string' }).min(1).max(200).optional().describe('Only this tenant’s records: its id (also of a deleted tenant) or slug'),
  entityType: z.string({ error: 'must be a string' }).min(1).max(100).optional().describe('e.g. migration_project'),
  entityId: z.string({ error: 'must be a string' }).min(1).max(200).optional(),
  action: z.string({ error: 'must be a string' }).min(1).max(100).optional().describe('e.g. migration_project.advance'),
  after: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').optional().describe('The `next` of the previous page'),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
});

/**
 * The tenant id the audit log is filtered by: a tenant id is taken as it is (the log outlives
 * its tenants), a slug must name an existing tenant.
 */
export async function auditTenantId(database: Database, idOrSlug: string): Promise<string> {
  return uuid.safeParse(idOrSlug).success ? idOrSlug.toLowerCase() : (await getTenant(database, idOrSlug)).id;
}

/** One page of the audit log, oldest first, optionally filtered. */
export async function listAuditRecords(database: Database, query: unknown = {}): Promise<AuditPage> {
  const { tenant, after, ...filter } = validateInput(auditPageSchema, query, 'page');
  return listAudit(database.db, {
    ...filter,
    ...(after !== undefined && { afterId: after }),
    ...(tenant !== undefined && { tenantId: await auditTenantId(database, tenant) }),
  });
}

/** The audit log (or one tenant's part of it) as JSON lines, oldest first. */
export async function* exportAudit(database: Database, tenant?: string): AsyncGenerator<string> {
  yield* exportAuditJsonLines(database.db, tenant === undefined ? {} : { tenantId: await auditTenantId(database, tenant) });
}
