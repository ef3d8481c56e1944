/**
 * Rows per multi-row INSERT: well below the bound-parameter limits of both dialects
 * (SQLite 32,766, PostgreSQL 65,535) for tables of up to 60 columns.
 */
const rowsPerStatement = 500;

/** Inserts many rows a statement at a time, in order. */
export async function insertInChunks<Row>(rows: readonly Row[], insert: (chunk: Row[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += rowsPerStatement) await insert(rows.slice(start, start + rowsPerStatement));
}
