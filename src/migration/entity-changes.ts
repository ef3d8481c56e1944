import type { ChangeCounts } from './inventory-report.js';

/** What an import does to one kind of record. */
export interface EntityChanges<Row> {
  readonly created: readonly Row[];
  readonly updated: readonly { readonly before: Row; readonly after: Row }[];
  readonly unchanged: number;
}

/** Collects the changes to one kind of record, row by row. */
export class ChangeSet<Row> implements EntityChanges<Row> {
  readonly created: Row[] = [];
  readonly updated: { readonly before: Row; readonly after: Row }[] = [];
  unchanged = 0;

  /**
   * Records `after` as a creation (no `before`), an update, or no change, comparing `columns`;
   * returns the row as it will be stored (`before` itself when nothing changes).
   */
  add(before: Row | undefined, after: Row, columns: readonly (keyof Row)[]): Row {
    if (!before) this.created.push(after);
    else if (columns.some((column) => before[column] !== after[column])) this.updated.push({ before, after });
    else {
      this.unchanged++;
      return before;
    }
    return after;
  }

  get counts(): ChangeCounts {
    return { created: this.created.length, updated: this.updated.length, unchanged: this.unchanged };
  }
}

/** Trimmed text people wrote: what is wrong with it as a value of at most `max` characters, if anything. */
export function textProblem(value: string, max: number): string | undefined {
  if (value.length > max) return `must be at most ${max} characters`;
  if (/\p{Cc}/u.test(value)) return 'must not contain control characters';
  return undefined;
}

/** Names compared the way people mean them: case and surrounding space do not matter. */
export const nameKey = (name: string): string => name.trim().toLocaleLowerCase('de');
