import type { SiteRow } from '../store/index.js';
import { ChangeSet, nameKey, textProblem } from './entity-changes.js';
import { parseAreaCode } from './german-number.js';
import type { IssueSink } from './inventory-report.js';
import { readInventoryTable, RowCheck } from './inventory-table.js';
import type { ColumnSpec } from './inventory-table.js';

type SiteColumn = 'name' | 'address' | 'area_code';

export const SITE_COLUMNS: readonly ColumnSpec<SiteColumn>[] = [
  { key: 'name', aliases: ['site', 'standort'], required: true },
  { key: 'address', aliases: ['adresse', 'anschrift'], required: true },
  { key: 'area_code', aliases: ['vorwahl', 'onkz'], required: true },
];

/** The sites after the import, by {@link nameKey}; null for a site the file names but gets wrong (its dependants are not checked against it). */
export type SitesByName = ReadonlyMap<string, SiteRow | null>;

export interface ImportContext {
  readonly tenantId: string;
  /** The instant of the import, ISO-8601 UTC. */
  readonly at: string;
  readonly newId: () => string;
}

/**
 * The sites file checked against the tenant's sites: matched by name (case does not matter),
 * a new name creates a site, a changed address or area code updates it. Sites the file does
 * not name stay as they are.
 */
export function checkSites(
  text: string | undefined,
  existing: readonly SiteRow[],
  context: ImportContext,
  issues: IssueSink,
): { readonly sites: SitesByName; readonly changes: ChangeSet<SiteRow> } {
  const sites = new Map<string, SiteRow | null>(existing.map((site) => [nameKey(site.name), site]));
  const changes = new ChangeSet<SiteRow>();
  const rows = text === undefined ? [] : (readInventoryTable('sites', text, SITE_COLUMNS, issues) ?? []);
  const firstRow = new Map<string, number>();
  for (const row of rows) {
    const check = new RowCheck(row, issues);
    const name = row.value('name');
    const address = row.value('address');
    const areaCode = parseAreaCode(row.value('area_code'));
    const key = nameKey(name);
    if (name === '') check.error('name', 'required', 'a site needs a name');
    else {
      const problem = textProblem(name, 200);
      if (problem) check.error('name', 'invalid', `the name ${problem}`);
    }
    const earlier = firstRow.get(key);
    if (name !== '' && earlier !== undefined) check.error('name', 'duplicate', `site "${name}" is already on row ${earlier}`);
    if (address === '') check.error('address', 'required', 'a site needs its postal address (emergency calls are located by it)');
    else {
      const problem = textProblem(address, 500);
      if (problem) check.error('address', 'invalid', `the address ${problem}`);
    }
    if (areaCode === undefined) {
      check.error('area_code', 'invalid', `"${row.value('area_code')}" is not a local area code (2–5 digits after the 0, e.g. 0221)`);
    }
    if (name === '' || earlier !== undefined) continue;
    firstRow.set(key, row.row);
    const before = existing.find((site) => nameKey(site.name) === key);
    if (!check.valid || areaCode === undefined) {
      sites.set(key, null);
      continue;
    }
    const after: SiteRow = before
      ? { ...before, address, area_code: areaCode, updated_at: context.at }
      : { id: context.newId(), tenant_id: context.tenantId, name, address, area_code: areaCode, emergency_number: null, created_at: context.at, updated_at: context.at };
    sites.set(key, changes.add(before, after, ['address', 'area_code']));
  }
  return { sites, changes };
}
