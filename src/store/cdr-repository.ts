import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Selectable } from 'kysely';
import { namedInsert, preparedOnce, statementChunks, writeBatch } from './batch-writes.js';
import type { Database } from './database.js';
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

/** Every column of a call record row (the compiler checks none is missing). */
const columns = Object.keys({
  id: true, tenant_id: true, started_at: true, answered_at: true, ended_at: true, caller_user_id: true, caller_extension: true,
  caller_uri: true, caller_name: true, dialled: true, answered_user_id: true, answered_extension: true, answered_contact: true,
  answered_user_agent: true, forwarding: true, disposition: true, sip_status: true, duration_ms: true, direction: true, trunk_id: true,
  presented_number: true, network_number: true, identity_note: true, original_called: true, diversion_reason: true, emergency: true,
  block_reason: true,
} satisfies Record<keyof CallRecordRow, true>) as readonly (keyof CallRecordRow)[];

/** On SQLite: one row, named parameters (`@id`, …), prepared once per database handle. */
const preparedInsert = preparedOnce((native) => native.prepare<[CallRecordRow]>(namedInsert('call_records', columns)));

/**
 * Inserts `rows` through a better-sqlite3 handle, a row at a time with the prepared insert, in
 * whatever transaction the caller holds (the server's connection, or the call-record thread's).
 */
export function insertCallRecordRowsOn(native: BetterSqlite3.Database, rows: readonly CallRecordRow[]): void {
  const insert = preparedInsert(native);
  for (const row of rows) insert.run(row);
}

/** Inserts `rows` in one transaction of their own (see `writeBatch`): all land or none does. */
export async function insertCallRecords(database: Database, rows: readonly CallRecordRow[]): Promise<void> {
  await writeBatch(
    database,
    (native) => insertCallRecordRowsOn(native, rows),
    async (trx) => {
      for (const chunk of statementChunks(rows)) await trx.insertInto('call_records').values(chunk).execute();
    },
  );
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
