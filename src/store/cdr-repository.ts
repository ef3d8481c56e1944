import type { Kysely, Selectable } from 'kysely';
import type { CallDirectionValue, CallRecordsTable, DatabaseSchema } from './schema.js';

export type CallRecordRow = Selectable<CallRecordsTable>;

/** Position after the last row of a page, in the list's order (start time, then id, both descending). */
export interface CallRecordRowCursor {
  readonly startedAt: string;
  readonly id: string;
}

export interface CallRecordRowFilter {
  readonly tenantId: string;
  /** Calls started at or after this time (ISO-8601). */
  readonly from?: string;
  /** Calls started before this time. */
  readonly to?: string;
  /** Calls this extension placed, dialled or answered. */
  readonly extension?: string;
  readonly disposition?: string;
  readonly direction?: CallDirectionValue;
}

/** Rows per INSERT: well below SQLite's 32,766 bound parameters at the table's 40-odd columns. */
const ROWS_PER_STATEMENT = 200;

/** Inserts `rows`, a few hundred per statement; inside a transaction they land together. */
export async function insertCallRecords(db: Kysely<DatabaseSchema>, rows: readonly CallRecordRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    await db.insertInto('call_records').values(rows.slice(at, at + ROWS_PER_STATEMENT)).execute();
  }
}

/** Up to `limit` call records of a tenant, newest first, after `after` if given. */
export async function listCallRecordRows(
  db: Kysely<DatabaseSchema>,
  filter: CallRecordRowFilter,
  page: { readonly limit: number; readonly after?: CallRecordRowCursor },
): Promise<readonly CallRecordRow[]> {
  const { from, to, extension, disposition, direction } = filter;
  const { after } = page;
  return db
    .selectFrom('call_records')
    .selectAll()
    .where('tenant_id', '=', filter.tenantId)
    .$if(from !== undefined, (q) => q.where('started_at', '>=', from ?? ''))
    .$if(to !== undefined, (q) => q.where('started_at', '<', to ?? ''))
    .$if(disposition !== undefined, (q) => q.where('disposition', '=', disposition ?? ''))
    .$if(direction !== undefined, (q) => q.where('direction', '=', direction ?? 'internal'))
    .$if(extension !== undefined, (q) =>
      q.where((eb) => eb.or([eb('caller_extension', '=', extension ?? ''), eb('dialled', '=', extension ?? ''), eb('answered_extension', '=', extension ?? '')])),
    )
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('started_at', 'id'), '<', eb.tuple(after?.startedAt ?? '', after?.id ?? ''))),
    )
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
}
