import type { EmployeeNumberState, NumberBlockRow, SiteRow } from '../store/index.js';
import { nationalDigits } from './german-number.js';
import { blockHasDdi, blockNumber, ddiOf, describeBlock, rangeOf } from './number-block.js';

/** An employee as the number plan sees them. */
export interface PlanEmployee {
  readonly id: string;
  readonly extension: string;
  readonly name: string;
  readonly siteId: string;
  readonly legacyNumber: string | null;
  /** The DDI of the legacy number as dialled (`23`, `05`); null for a single number or none. */
  readonly legacyDdi: string | null;
  readonly provisionalNumber: string | null;
  readonly numberState: EmployeeNumberState;
}

/**
 * How an employee's provisional number was chosen: `kept` (already planned, set by hand, or
 * live), `suffix` (the legacy DDI in a provisional block: `-23` → `-23`), `next_free` (the
 * first free number of the site's provisional blocks), `unplanned` (none could be given).
 */
export type PlanReason = 'kept' | 'suffix' | 'next_free' | 'unplanned';

export interface NumberPlanEntry {
  readonly employeeId: string;
  readonly extension: string;
  readonly name: string;
  readonly legacyNumber: string | null;
  readonly currentNumber: string | null;
  readonly plannedNumber: string | null;
  /** The provisional block of the planned number. */
  readonly blockId: string | null;
  readonly reason: PlanReason;
  /** Why the employee did not get what the rule gives: their suffix taken, no block, a block full. */
  readonly conflict: string | null;
}

export interface NumberPlanCounts {
  readonly kept: number;
  readonly suffix: number;
  readonly nextFree: number;
  readonly unplanned: number;
  /** Entries whose planned number differs from the current one: what applying writes. */
  readonly changed: number;
}

export interface NumberPlan {
  /** One per employee, in the order given (extension order). */
  readonly entries: readonly NumberPlanEntry[];
  readonly counts: NumberPlanCounts;
}

interface Choice {
  readonly number: string | null;
  readonly block: NumberBlockRow | null;
  readonly reason: PlanReason;
  readonly conflict: string | null;
}

/** The provisional blocks that may give numbers at a site: those in its area code, the site's own first. */
export function localBlocks(site: SiteRow, provisional: readonly NumberBlockRow[]): NumberBlockRow[] {
  const local = provisional.filter((block) => nationalDigits(block.base_number).startsWith(site.area_code));
  return [...local.filter((b) => b.site_id === site.id), ...local.filter((b) => b.site_id !== site.id)];
}

/** The provisional block holding `number` among `blocks`. */
export const blockHolding = (blocks: readonly NumberBlockRow[], number: string): NumberBlockRow | undefined =>
  blocks.find((block) => ddiOf(block, number) !== undefined);

/**
 * Gives every employee a provisional number on the new trunk, in their site's area code:
 * numbers already planned (or set by hand, or live) stay while they still fit; then each
 * employee whose legacy DDI exists in a local provisional block gets the same DDI (`-23` →
 * `-23`), in extension order, so the first one wins a contested number; everyone else gets the
 * next free number. Conflicts are named per employee. Pure: the caller writes the result.
 */
export function planNumbers(
  employees: readonly PlanEmployee[],
  sites: ReadonlyMap<string, SiteRow>,
  provisional: readonly NumberBlockRow[],
): NumberPlan {
  const holder = new Map<string, PlanEmployee>();
  const choices = new Map<string, Choice>();
  const blocksOf = (employee: PlanEmployee): NumberBlockRow[] => {
    const site = sites.get(employee.siteId);
    return site ? localBlocks(site, provisional) : [];
  };
  const take = (employee: PlanEmployee, number: string, block: NumberBlockRow | null, reason: PlanReason, conflict: string | null = null): void => {
    holder.set(number, employee);
    choices.set(employee.id, { number, block, reason, conflict });
  };

  // 1. keep what still fits; a live number is kept whatever it is
  const stale = new Map<string, string>();
  for (const employee of employees) {
    const current = employee.provisionalNumber;
    if (current === null) continue;
    const block = blockHolding(blocksOf(employee), current) ?? null;
    if (employee.numberState !== 'planned' || block) take(employee, current, block ?? blockHolding(provisional, current) ?? null, 'kept');
    else stale.set(employee.id, `${current} is no longer in a provisional block of the employee's area code`);
  }
  // 2. the legacy DDI, where a local block has it and no one holds it yet
  const contested = new Map<string, string>();
  for (const employee of employees) {
    if (choices.has(employee.id) || employee.legacyDdi === null) continue;
    const ddi = employee.legacyDdi;
    for (const block of blocksOf(employee)) {
      const range = rangeOf(block);
      if (!range || !blockHasDdi(range, ddi)) continue;
      const number = blockNumber(block, Number(ddi));
      const other = holder.get(number);
      if (!other) {
        take(employee, number, block, 'suffix');
        break;
      }
      contested.set(employee.id, `-${ddi} in ${describeBlock(block)} is taken by ${other.extension} (${other.name})`);
    }
  }
  // 3. the next free number of the local blocks
  const cursor = new Map<string, number>();
  for (const employee of employees) {
    if (choices.has(employee.id)) continue;
    const blocks = blocksOf(employee);
    const conflict = stale.get(employee.id) ?? contested.get(employee.id) ?? null;
    const free = nextFree(blocks, holder, cursor);
    if (free) take(employee, free.number, free.block, 'next_free', conflict);
    else {
      const site = sites.get(employee.siteId);
      const why = blocks.length === 0
        ? `no provisional block in area code 0${site?.area_code ?? '?'}${site ? ` (site "${site.name}")` : ''}`
        : `the provisional blocks of area code 0${site?.area_code ?? '?'} have no free number`;
      choices.set(employee.id, { number: null, block: null, reason: 'unplanned', conflict: conflict ? `${conflict}; ${why}` : why });
    }
  }

  const entries = employees.map((employee): NumberPlanEntry => {
    const choice = choices.get(employee.id) ?? { number: null, block: null, reason: 'unplanned' as const, conflict: null };
    return {
      employeeId: employee.id,
      extension: employee.extension,
      name: employee.name,
      legacyNumber: employee.legacyNumber,
      currentNumber: employee.provisionalNumber,
      plannedNumber: choice.number,
      blockId: choice.block?.id ?? null,
      reason: choice.reason,
      conflict: choice.conflict,
    };
  });
  const count = (reason: PlanReason) => entries.filter((e) => e.reason === reason).length;
  return {
    entries,
    counts: {
      kept: count('kept'),
      suffix: count('suffix'),
      nextFree: count('next_free'),
      unplanned: count('unplanned'),
      changed: entries.filter((e) => e.plannedNumber !== e.currentNumber).length,
    },
  };
}

/** The first number of `blocks` no one holds, scanning each block once over all calls (`cursor` keeps the place). */
function nextFree(
  blocks: readonly NumberBlockRow[],
  holder: ReadonlyMap<string, unknown>,
  cursor: Map<string, number>,
): { readonly number: string; readonly block: NumberBlockRow } | undefined {
  for (const block of blocks) {
    const range = rangeOf(block);
    const last = range?.to ?? 0;
    for (let ddi = cursor.get(block.id) ?? range?.from ?? 0; ddi <= last; ddi++) {
      const number = blockNumber(block, ddi);
      if (holder.has(number)) continue;
      cursor.set(block.id, ddi + 1);
      return { number, block };
    }
    cursor.set(block.id, last + 1);
  }
  return undefined;
}
