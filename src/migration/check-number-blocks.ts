import type { NumberBlockKind, NumberBlockRow, SiteRow } from '../store/index.js';
import type { ImportContext, SitesByName } from './check-sites.js';
import { ChangeSet, nameKey, textProblem } from './entity-changes.js';
import { nationalDigits, parseGermanNumber, parseGermanPrefix } from './german-number.js';
import type { IssueSink } from './inventory-report.js';
import { readInventoryTable, RowCheck } from './inventory-table.js';
import type { ColumnSpec, TableRow } from './inventory-table.js';
import { blockLengthProblem, blockNumber, describeBlock, numbersOfBlock, parseDdiRange } from './number-block.js';
import type { DdiRange } from './number-block.js';

type BlockColumn = 'kind' | 'base_number' | 'ddi_range' | 'site' | 'old_provider' | 'line_id';

export const NUMBER_BLOCK_COLUMNS: readonly ColumnSpec<BlockColumn>[] = [
  { key: 'kind', aliases: ['type', 'art'], required: true },
  { key: 'base_number', aliases: ['base', 'number', 'stammnummer', 'rufnummer'], required: true },
  { key: 'ddi_range', aliases: ['range', 'ddi', 'durchwahl', 'durchwahlbereich'], required: true },
  { key: 'site', aliases: ['standort'], required: false },
  { key: 'old_provider', aliases: ['provider', 'anbieter'], required: false },
  { key: 'line_id', aliases: ['line', 'anschluss'], required: false },
];

const KINDS: readonly NumberBlockKind[] = ['legacy', 'provisional'];

/** Blocks are the same block when kind, base number and range (as written) agree. */
const blockKey = (block: Pick<NumberBlockRow, 'kind' | 'base_number' | 'ddi_from' | 'ddi_to' | 'ddi_digits'>): string =>
  `${block.kind} ${block.base_number} ${block.ddi_from ?? ''}-${block.ddi_to ?? ''}/${block.ddi_digits ?? ''}`;

interface Located {
  readonly block: NumberBlockRow;
  /** The file row, or undefined for a block imported before. */
  readonly row: TableRow<BlockColumn> | undefined;
}

const origin = (located: Located): string => (located.row ? `row ${located.row.row}` : 'imported before');

/** The site's area code must begin the block's numbers: a provisional block elsewhere is refused, a legacy one noted. */
function checkAreaCode(block: NumberBlockRow, site: SiteRow, check: RowCheck<BlockColumn>): boolean {
  if (nationalDigits(block.base_number).startsWith(site.area_code)) return true;
  const message = `${describeBlock(block)} is not in the area code 0${site.area_code} of site "${site.name}"`;
  if (block.kind === 'provisional') {
    check.error('base_number', 'area_code_mismatch', `${message}: provisional numbers must be local to the site`);
    return false;
  }
  check.warning('base_number', 'area_code_mismatch', message);
  return true;
}

/** The block a row describes, or undefined when the row is wrong (its problems reported). */
function blockOfRow(check: RowCheck<BlockColumn>, sites: SitesByName, context: ImportContext): NumberBlockRow | undefined {
  const { row } = check;
  const kindText = row.value('kind').toLowerCase();
  const kind = KINDS.find((k) => k === kindText);
  if (!kind) check.error('kind', kindText === '' ? 'required' : 'invalid', `the kind must be ${KINDS.join(' or ')}`);
  const base = parseGermanPrefix(row.value('base_number'));
  if (!base.ok) check.error('base_number', row.value('base_number') === '' ? 'required' : 'invalid_number', base.message);
  let range: DdiRange | null = null;
  if (row.value('ddi_range') !== '') {
    const parsed = parseDdiRange(row.value('ddi_range'));
    if (parsed.ok) range = parsed.range;
    else check.error('ddi_range', 'invalid', parsed.message);
  }
  const siteName = row.value('site');
  const site = siteName === '' ? undefined : sites.get(nameKey(siteName));
  if (siteName !== '' && site === undefined) check.error('site', 'unknown_site', `site "${siteName}" is neither in the sites file nor among the tenant's sites`);
  const oldProvider = row.value('old_provider');
  const lineId = row.value('line_id');
  for (const [column, value, max] of [['old_provider', oldProvider, 200], ['line_id', lineId, 100]] as const) {
    const problem = textProblem(value, max);
    if (problem) check.error(column, 'invalid', `the ${column.replace('_', ' ')} ${problem}`);
  }
  if (!check.valid || !kind || !base.ok) return undefined;
  const block: NumberBlockRow = {
    id: context.newId(),
    tenant_id: context.tenantId,
    kind,
    base_number: base.e164,
    ddi_from: range?.from ?? null,
    ddi_to: range?.to ?? null,
    ddi_digits: range?.digits ?? null,
    old_provider: oldProvider === '' ? null : oldProvider,
    line_id: lineId === '' ? null : lineId,
    site_id: site?.id ?? null,
    created_at: context.at,
    updated_at: context.at,
  };
  const tooLong = blockLengthProblem(block);
  if (tooLong) {
    check.error('ddi_range', 'invalid_number', tooLong);
    return undefined;
  }
  const ends = range ? [blockNumber(block, range.from), blockNumber(block, range.to)] : [block.base_number];
  for (const number of ends) {
    const parsed = parseGermanNumber(number);
    if (!parsed.ok) {
      check.error(range ? 'ddi_range' : 'base_number', 'invalid_number', `the block's numbers are not valid: ${parsed.message}`);
      return undefined;
    }
  }
  if (site && !checkAreaCode(block, site, check)) return undefined;
  if (kind === 'legacy' && (block.old_provider === null || block.line_id === null)) {
    check.warning(block.old_provider === null ? 'old_provider' : 'line_id', 'missing_port_data', 'a legacy block needs its old provider and line id for the port order');
  }
  return block;
}

/**
 * The number blocks file checked against the tenant's blocks and sites: a block is matched by
 * kind, base number and range as written (`0-99` and `00-99` are different blocks); its old
 * provider, line id and site may change. No two blocks may share a number.
 */
export function checkNumberBlocks(
  text: string | undefined,
  existing: readonly NumberBlockRow[],
  sites: SitesByName,
  context: ImportContext,
  issues: IssueSink,
): { readonly blocks: readonly NumberBlockRow[]; readonly changes: ChangeSet<NumberBlockRow> } {
  const changes = new ChangeSet<NumberBlockRow>();
  const rows = text === undefined ? [] : (readInventoryTable('numberBlocks', text, NUMBER_BLOCK_COLUMNS, issues) ?? []);
  const existingByKey = new Map(existing.map((block) => [blockKey(block), block]));
  const fromFile = new Map<string, Located>();
  const located: Located[] = [];
  for (const row of rows) {
    const check = new RowCheck(row, issues);
    const parsed = blockOfRow(check, sites, context);
    if (!parsed) continue;
    const key = blockKey(parsed);
    const earlier = fromFile.get(key);
    if (earlier) {
      check.error('base_number', 'duplicate', `${describeBlock(parsed)} is already on row ${earlier.row?.row ?? ''}`);
      continue;
    }
    const before = existingByKey.get(key);
    const after = before ? { ...parsed, id: before.id, created_at: before.created_at } : parsed;
    const entry = { block: changes.add(before, after, ['old_provider', 'line_id', 'site_id']), row };
    fromFile.set(key, entry);
    located.push(entry);
  }
  for (const block of existing) if (!fromFile.has(blockKey(block))) located.push({ block, row: undefined });
  reportOverlaps(located, issues);
  return { blocks: located.map((entry) => entry.block), changes };
}

/** Reports each block of the file that shares a number with an earlier one (once per pair). */
function reportOverlaps(located: readonly Located[], issues: IssueSink): void {
  const owner = new Map<string, Located>();
  // blocks imported before first, so the file's rows are the ones reported
  const ordered = [...located.filter((entry) => !entry.row), ...located.filter((entry) => entry.row)];
  for (const entry of ordered) {
    const reported = new Set<Located>();
    for (const number of numbersOfBlock(entry.block)) {
      const other = owner.get(number);
      if (!other) {
        owner.set(number, entry);
        continue;
      }
      if (reported.has(other) || !entry.row) continue;
      reported.add(other);
      new RowCheck(entry.row, issues).error(
        'ddi_range',
        'overlapping_blocks',
        `${describeBlock(entry.block)} shares ${number} with ${describeBlock(other.block)} (${origin(other)})`,
      );
    }
  }
}
