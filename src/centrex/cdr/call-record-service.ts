/** Reading call records: a tenant's calls newest first, filtered by time, extension, disposition and direction. */
import { z } from 'zod';
import { validateInput } from '../../kernel/index.js';
import { listCallRecordRows } from '../../store/index.js';
import type { Database } from '../../store/index.js';
import { decodeCursor, encodeCursor } from '../page-cursor.js';
import { getTenant } from '../tenant-service.js';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS } from './call-record.js';
import type { CallRecord } from './call-record.js';
import { callRecordOf } from './call-record-rows.js';

/** An instant in any ISO-8601 form, kept as the stored form (UTC with milliseconds) so that text order is time order. */
const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date and time, e.g. 2026-01-31T09:00:00Z' })
  .transform((value) => new Date(value).toISOString());

export const callRecordQuerySchema = z.strictObject({
  from: instant.optional().describe('Only calls started at or after this time'),
  to: instant.optional().describe('Only calls started before this time'),
  extension: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(64, 'must be at most 64 characters').optional()
    .describe('Only calls this extension placed, dialled or answered'),
  disposition: z.enum(CALL_DISPOSITIONS, { error: `must be one of ${CALL_DISPOSITIONS.join(', ')}` }).optional(),
  direction: z.enum(CALL_DIRECTIONS, { error: `must be one of ${CALL_DIRECTIONS.join(', ')}` }).optional()
    .describe('Only calls between users (internal), out over a trunk (outbound) or in from one (inbound)'),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').optional(),
  after: z.string({ error: 'must be a string' }).optional().describe('The `next` of the previous page'),
});

export type CallRecordQuery = z.input<typeof callRecordQuerySchema>;

export interface CallRecordPage {
  readonly items: readonly CallRecord[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

const DEFAULT_PAGE_SIZE = 50;

/** The calls of the tenant with this id or slug, newest first, a page at a time; `not_found` for an unknown tenant. */
export async function listCallRecords(database: Database, tenantIdOrSlug: string, query: unknown = {}): Promise<CallRecordPage> {
  const { limit = DEFAULT_PAGE_SIZE, after, ...filter } = validateInput(callRecordQuerySchema, query, 'call record query');
  const tenant = await getTenant(database, tenantIdOrSlug);
  const cursor = after === undefined ? undefined : decodeCursor(after, 2);
  const rows = await listCallRecordRows(
    database.db,
    { tenantId: tenant.id, ...filter },
    { limit: limit + 1, ...(cursor ? { after: { startedAt: cursor[0] ?? '', id: cursor[1] ?? '' } } : {}) },
  );
  const items = rows.slice(0, limit).map(callRecordOf);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor([last.startedAt, last.id]) : null };
}
