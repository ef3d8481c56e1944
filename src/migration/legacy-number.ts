import type { NumberBlockRow, SiteRow } from '../store/index.js';
import { parseGermanNumber } from './german-number.js';
import type { InventoryIssueCode } from './inventory-report.js';
import { blockHasDdi, ddiOf, describeBlock, isAmbiguousDdi, rangeOf } from './number-block.js';

export type LegacyNumberResolution =
  | {
      readonly ok: true;
      readonly number: string;
      readonly block: NumberBlockRow;
      /** Set when the number depends on how the block's range is written (`0-99` against `00-99`). */
      readonly ambiguity?: string;
    }
  | { readonly ok: false; readonly code: InventoryIssueCode; readonly message: string };

/** A DDI alone: `-23`, or up to five digits (no whole German number is that short). */
const DDI_ONLY = /^(?:-\s*(\d{1,6})|(\d{1,5}))$/;

const listed = (blocks: readonly NumberBlockRow[]): string => blocks.map(describeBlock).join(', ') || 'none';

/** A hint when `e164` would be in one of the blocks if its range were written the other way (`0-99` against `00-99`). */
function widthHint(blocks: readonly NumberBlockRow[], e164: string): string {
  for (const block of blocks) {
    const range = rangeOf(block);
    if (!range || !e164.startsWith(block.base_number)) continue;
    const ddi = e164.slice(block.base_number.length);
    const width = String(range.to).length;
    if (range.digits === null && blockHasDdi({ ...range, digits: width }, ddi)) {
      return `; block ${describeBlock(block)} is written without leading zeros — if its DDIs all have ${width} digits, write the range ${String(range.from).padStart(width, '0')}-${range.to}`;
    }
    if (range.digits !== null && blockHasDdi({ ...range, digits: null }, ddi)) {
      return `; block ${describeBlock(block)} has ${range.digits}-digit DDIs: -${ddi.padStart(range.digits, '0')}`;
    }
  }
  return '';
}

function inBlocks(e164: string, legacy: readonly NumberBlockRow[], provisional: readonly NumberBlockRow[]): LegacyNumberResolution {
  for (const block of legacy) {
    const ddi = ddiOf(block, e164);
    if (ddi === undefined) continue;
    if (!isAmbiguousDdi(block, ddi)) return { ok: true, number: e164, block };
    const width = String(block.ddi_to).length;
    const ambiguity = `block ${describeBlock(block)} is written without leading zeros, so -${ddi} is the ${ddi.length}-digit DDI ${e164}; if the old system's DDIs all have ${width} digits (-${ddi.padStart(width, '0')}), write the range ${String(block.ddi_from).padStart(width, '0')}-${block.ddi_to}`;
    return { ok: true, number: e164, block, ambiguity };
  }
  const own = provisional.find((block) => ddiOf(block, e164) !== undefined);
  if (own) return { ok: false, code: 'outside_blocks', message: `${e164} is in the provisional block ${describeBlock(own)} of the new trunk, not a legacy number` };
  return { ok: false, code: 'outside_blocks', message: `${e164} is not in any legacy number block of the tenant (${listed(legacy)})${widthHint(legacy, e164)}` };
}

/**
 * An employee's legacy number as the inventory writes it: a whole German number, or only the
 * DDI (`-23`), taken from the legacy DDI block of the employee's site (or the tenant's only
 * one). The number must be in one of the tenant's legacy blocks.
 */
export function resolveLegacyNumber(
  text: string,
  site: SiteRow | undefined,
  legacy: readonly NumberBlockRow[],
  provisional: readonly NumberBlockRow[],
): LegacyNumberResolution {
  const ddiOnly = DDI_ONLY.exec(text);
  if (!ddiOnly) {
    const parsed = parseGermanNumber(text);
    return parsed.ok ? inBlocks(parsed.e164, legacy, provisional) : { ok: false, code: 'invalid_number', message: parsed.message };
  }
  const ddi = ddiOnly[1] ?? ddiOnly[2] ?? '';
  const withRange = legacy.filter((block) => block.ddi_from !== null);
  const atSite = withRange.filter((block) => site !== undefined && block.site_id === site.id);
  const candidates = atSite.length > 0 ? atSite : withRange;
  const [block, ...others] = candidates;
  if (!block || others.length > 0) {
    const where = atSite.length > 0 && site ? `site "${site.name}"` : 'the tenant';
    return {
      ok: false,
      code: 'outside_blocks',
      message: `-${ddi} is only a DDI and ${where} has ${candidates.length === 0 ? 'no' : candidates.length} legacy DDI blocks (${listed(candidates)}): write the whole number`,
    };
  }
  const range = rangeOf(block);
  if (!range || !blockHasDdi(range, ddi)) {
    return { ok: false, code: 'outside_blocks', message: `-${ddi} is not a DDI of block ${describeBlock(block)}${widthHint([block], block.base_number + ddi)}` };
  }
  return inBlocks(block.base_number + ddi, [block], provisional);
}
