/**
 * What an inventory import found and would do (or did): every problem with its file, row and
 * column, and how many of each thing it creates, updates or leaves as it is.
 */

export const INVENTORY_FILES = ['sites', 'numberBlocks', 'employees'] as const;
export type InventoryFile = (typeof INVENTORY_FILES)[number];

export const INVENTORY_ISSUE_CODES = [
  'csv_syntax',
  'missing_column',
  'duplicate_column',
  'unknown_column',
  'required',
  'invalid',
  'duplicate',
  'taken',
  'unknown_site',
  'invalid_number',
  'outside_blocks',
  'ambiguous_ddi',
  'overlapping_blocks',
  'area_code_mismatch',
  'differs_from_directory',
  'missing_port_data',
  'number_in_use',
] as const;
export type InventoryIssueCode = (typeof INVENTORY_ISSUE_CODES)[number];

export type IssueSeverity = 'error' | 'warning';

export interface InventoryIssue {
  readonly file: InventoryFile;
  /** The spreadsheet row (the header is row 1); null for the file as a whole. */
  readonly row: number | null;
  /** The column as the file's header names it; null for the row as a whole. */
  readonly column: string | null;
  readonly severity: IssueSeverity;
  readonly code: InventoryIssueCode;
  readonly message: string;
}

export interface ChangeCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface InventoryCounts {
  readonly sites: ChangeCounts;
  readonly numberBlocks: ChangeCounts;
  /** Migration records, one per employee row. */
  readonly employees: ChangeCounts;
  /** Directory users: created for new extensions; an existing user is left as it is. */
  readonly users: ChangeCounts;
  /** The old phones added to the device inventory (those with a MAC address). */
  readonly devices: ChangeCounts;
}

export interface InventoryReport {
  /** True when written to the database; a preview, or a file with errors, is never applied. */
  readonly applied: boolean;
  readonly counts: InventoryCounts;
  /** Any error keeps the whole import from being applied. */
  readonly errors: readonly InventoryIssue[];
  readonly warnings: readonly InventoryIssue[];
}

/** Where a check is: the file and row it reports problems for. */
export interface IssueSink {
  report(issue: InventoryIssue): void;
}

/** The issues of one import, in the order found. */
export class IssueList implements IssueSink {
  readonly errors: InventoryIssue[] = [];
  readonly warnings: InventoryIssue[] = [];

  report(issue: InventoryIssue): void {
    (issue.severity === 'error' ? this.errors : this.warnings).push(issue);
  }
}
