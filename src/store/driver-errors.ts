/**
 * The few driver errors the store expects and translates, recognised for both drivers:
 * better-sqlite3 (`SqliteError`, `code` like `SQLITE_CONSTRAINT_UNIQUE`) and pg
 * (`DatabaseError`, `code` a SQLSTATE like `23505`).
 */

interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly detail?: unknown;
}

function coded(error: unknown): CodedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === 'string' ? (error as Error & CodedError) : undefined;
}

const pgUniqueViolation = '23505';
/** serialization_failure, deadlock_detected: the transaction was rolled back and may be run again. */
const pgRetryable = new Set(['40001', '40P01']);

/**
 * The columns of the unique constraint an insert or update violated, or undefined when the
 * error is not a unique violation. Columns are bare names (`slug`), possibly empty when the
 * driver does not say.
 */
export function uniqueViolationColumns(error: unknown): readonly string[] | undefined {
  const e = coded(error);
  if (!e) return undefined;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // "UNIQUE constraint failed: tenants.slug, tenants.other"
    const list = e.message.split(': ')[1] ?? '';
    return list.split(', ').map((qualified) => qualified.slice(qualified.lastIndexOf('.') + 1)).filter(Boolean);
  }
  if (e.code === pgUniqueViolation) {
    // detail: "Key (slug)=(acme) already exists."
    const columns = typeof e.detail === 'string' ? /^Key \((.+?)\)=/.exec(e.detail)?.[1] : undefined;
    return columns ? columns.split(', ') : [];
  }
  return undefined;
}

/** Whether a failed transaction was refused for concurrency alone and can be retried as a whole. */
export function isTransientTransactionError(error: unknown): boolean {
  const e = coded(error);
  return e !== undefined && (e.code.startsWith('SQLITE_BUSY') || pgRetryable.has(e.code));
}
