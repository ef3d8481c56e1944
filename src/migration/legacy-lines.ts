import type { NumberBlockRow } from '../store/index.js';
import { numbersOfBlock } from './number-block.js';
import { lineName } from './whole-line.js';
import type { LegacyLine } from './whole-line.js';

/** The tenant's lines at its old providers, from its legacy number blocks. */
export interface LegacyLines {
  readonly lines: readonly LegacyLine[];
  /** The line with this provider (any letter case) and line id; undefined if none. */
  find(oldProvider: string, lineId: string): LegacyLine | undefined;
  /** The line a legacy number belongs to. */
  lineOf(number: string): LegacyLine | undefined;
  /** `line AS-1 at Telekom, line AS-2 at Telekom` */
  describe(): string;
}

/**
 * Groups the legacy blocks by old provider and line id: all numbers of a line move together.
 * A block without a provider or line id forms a line of its own kind, which cannot be named
 * in a port order until the inventory gives it its line.
 */
export function legacyLines(blocks: readonly NumberBlockRow[]): LegacyLines {
  const byKey = new Map<string, { oldProvider: string; lineId: string; numbers: string[] }>();
  for (const block of blocks) {
    if (block.kind !== 'legacy') continue;
    const oldProvider = block.old_provider ?? 'an unnamed provider';
    const lineId = block.line_id ?? '(no line id)';
    const key = `${oldProvider.toLowerCase()}\u0000${lineId}`;
    const line = byKey.get(key) ?? { oldProvider, lineId, numbers: [] };
    line.numbers.push(...numbersOfBlock(block));
    byKey.set(key, line);
  }
  const lines: readonly LegacyLine[] = [...byKey.values()];
  const numberToLine = new Map<string, LegacyLine>();
  for (const line of lines) for (const number of line.numbers) numberToLine.set(number, line);
  return {
    lines,
    find: (oldProvider, lineId) => byKey.get(`${oldProvider.toLowerCase()}\u0000${lineId}`),
    lineOf: (number) => numberToLine.get(number),
    describe: () => lines.map(lineName).join(', '),
  };
}
