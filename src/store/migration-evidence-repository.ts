import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, MigrationEvidenceTable } from './schema.js';

export type MigrationEvidenceRow = Selectable<MigrationEvidenceTable>;

/** Position after the last row of a page, in the list's order (check time, then id, both descending). */
export interface MigrationEvidenceRowCursor {
  readonly checkedAt: string;
  readonly id: string;
}

export interface MigrationEvidenceRowFilter {
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly kind?: string;
  readonly result?: string;
}

export async function insertMigrationEvidence(db: Kysely<DatabaseSchema>, row: MigrationEvidenceRow): Promise<void> {
  await db.insertInto('migration_evidence').values(row).execute();
}

/** Up to `limit` evidence records of the tenant, latest check first, after `after` if given. */
export async function listMigrationEvidenceRows(
  db: Kysely<DatabaseSchema>,
  tenantId: string,
  filter: MigrationEvidenceRowFilter,
  page: { readonly limit: number; readonly after?: MigrationEvidenceRowCursor },
): Promise<readonly MigrationEvidenceRow[]> {
  const { subjectType, subjectId, kind, result } = filter;
  const { after } = page;
  return db
    .selectFrom('migration_evidence')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(subjectType !== undefined, (q) => q.where('subject_type', '=', subjectType ?? ''))
    .$if(subjectId !== undefined, (q) => q.where('subject_id', '=', subjectId ?? ''))
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind ?? ''))
    .$if(result !== undefined, (q) => q.where('result', '=', result ?? ''))
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('checked_at', 'id'), '<', eb.tuple(after?.checkedAt ?? '', after?.id ?? ''))),
    )
    .orderBy('checked_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
}

/**
 * What the gates read: the latest record of each kind about each subject, and every failed
 * record checked at or after `failedSince`.
 */
export async function gateEvidenceRows(
  db: Kysely<DatabaseSchema>,
  tenantId: string,
  failedSince: string,
): Promise<readonly MigrationEvidenceRow[]> {
  const ranked = db
    .selectFrom('migration_evidence')
    .selectAll()
    .select((eb) =>
      eb.fn
        .agg<number>('row_number')
        .over((over) => over.partitionBy(['subject_type', 'subject_id', 'kind']).orderBy('checked_at', 'desc').orderBy('recorded_at', 'desc'))
        .as('recency'),
    )
    .where('tenant_id', '=', tenantId)
    .as('ranked');
  const rows = await db
    .selectFrom(ranked)
    .selectAll()
    .where((eb) => eb.or([eb('recency', '=', 1), eb.and([eb('result', '=', 'fail'), eb('checked_at', '>=', failedSince)])]))
    .orderBy('checked_at')
    .orderBy('id')
    .execute();
  return rows.map(({ recency: _recency, ...row }) => row);
}
