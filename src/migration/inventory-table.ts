import type { InventoryFile, InventoryIssueCode, IssueSeverity, IssueSink } from './inventory-report.js';
import { parseCsv } from './parse-csv.js';

/** A column of an inventory file: its name in the documentation and the other headers taken for it. */
export interface ColumnSpec<Key extends string = string> {
  readonly key: Key;
  readonly aliases: readonly string[];
  readonly required: boolean;
}

/** One data row of an inventory file, read by column key. */
export interface TableRow<Key extends string = string> {
  readonly file: InventoryFile;
  /** The spreadsheet row (the header is row 1). */
  readonly row: number;
  /** The trimmed value of the column; empty when the file lacks the column or the row the field. */
  value(key: Key): string;
  /** The column's header as the file writes it, for messages. */
  header(key: Key): string;
}

/** `E-Mail`, `e_mail` and `email` are one header. */
const normalize = (header: string): string => header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The rows of one inventory file, its columns found by header (any case, spaces, hyphens or
 * underscores; a few aliases). A syntax error or a missing required column is reported and
 * ends the reading (undefined); an unknown column is reported as a warning and ignored.
 */
export function readInventoryTable<Key extends string>(
  file: InventoryFile,
  text: string,
  columns: readonly ColumnSpec<Key>[],
  issues: IssueSink,
): TableRow<Key>[] | undefined {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    issues.report({ file, row: parsed.row, column: null, severity: 'error', code: 'csv_syntax', message: parsed.message });
    return undefined;
  }
  const byName = new Map<string, ColumnSpec<Key>>();
  for (const column of columns) for (const name of [column.key, ...column.aliases]) byName.set(normalize(name), column);
  const position = new Map<Key, number>();
  const written = new Map<Key, string>();
  let complete = true;
  parsed.header.fields.forEach((raw, index) => {
    const header = raw.trim();
    const column = byName.get(normalize(header));
    if (!column) {
      if (header !== '') issues.report({ file, row: 1, column: header, severity: 'warning', code: 'unknown_column', message: `column "${header}" is not known and is ignored` });
    } else if (position.has(column.key)) {
      issues.report({ file, row: 1, column: header, severity: 'error', code: 'duplicate_column', message: `column "${header}" is the same as column "${written.get(column.key) ?? ''}"` });
      complete = false;
    } else {
      position.set(column.key, index);
      written.set(column.key, header);
    }
  });
  for (const column of columns) {
    if (column.required && !position.has(column.key)) {
      issues.report({ file, row: 1, column: column.key, severity: 'error', code: 'missing_column', message: `the header has no column "${column.key}"` });
      complete = false;
    }
  }
  if (!complete) return undefined;
  return parsed.records.map((record) => ({
    file,
    row: record.row,
    value: (key) => {
      const index = position.get(key);
      return index === undefined ? '' : (record.fields[index] ?? '').trim();
    },
    header: (key) => written.get(key) ?? key,
  }));
}

/**
 * The problems of one row, reported under its file, row and column (null: the row as a
 * whole). An error makes the row invalid: nothing is planned from it.
 */
export class RowCheck<Key extends string> {
  #valid = true;

  constructor(
    readonly row: TableRow<Key>,
    private readonly issues: IssueSink,
  ) {}

  /** No error so far. */
  get valid(): boolean {
    return this.#valid;
  }

  error(column: Key | null, code: InventoryIssueCode, message: string): void {
    this.#valid = false;
    this.report('error', column, code, message);
  }

  warning(column: Key | null, code: InventoryIssueCode, message: string): void {
    this.report('warning', column, code, message);
  }

  /** Marks the row invalid without a message of its own (another row already explains why). */
  invalidate(): void {
    this.#valid = false;
  }

  private report(severity: IssueSeverity, column: Key | null, code: InventoryIssueCode, message: string): void {
    this.issues.report({ file: this.row.file, row: this.row.row, column: column === null ? null : this.row.header(column), severity, code, message });
  }
}
