import type { NumberBlockRow } from '../store/index.js';
import { MAX_NATIONAL_DIGITS, nationalDigits } from './german-number.js';

/**
 * The numbers of a block: its base number followed by a DDI from its range, or the base number
 * alone for a single number. How a range is written decides the DDIs' digits: `00-99` (equal
 * widths) means every DDI has two digits (`-05`); `0-99` means DDIs without leading zeros, so
 * `-5` is one digit and `-05` is not in the block (the ambiguity telephony-de §6 warns of).
 */
export type BlockShape = Pick<NumberBlockRow, 'base_number' | 'ddi_from' | 'ddi_to' | 'ddi_digits'>;

export interface DdiRange {
  readonly from: number;
  readonly to: number;
  /** Digits of every DDI; null when written with unequal widths (`0-99`): DDIs without leading zeros. */
  readonly digits: number | null;
}

/** The largest block accepted: 100,000 numbers (a five-digit DDI range). */
export const MAX_BLOCK_SIZE = 100_000;

export type DdiRangeParse = { readonly ok: true; readonly range: DdiRange } | { readonly ok: false; readonly message: string };

/** `0-99`, `00-99`, `10 – 59`; see {@link BlockShape} for what the widths mean. */
export function parseDdiRange(text: string): DdiRangeParse {
  const match = /^(\d{1,6})\s*[-–]\s*(\d{1,6})$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return { ok: false, message: `"${text.trim()}" must be a DDI range like 0-99 or 00-99` };
  const [, fromText, toText] = match;
  const from = Number(fromText);
  const to = Number(toText);
  if (from > to) return { ok: false, message: `${text.trim()} starts after it ends` };
  if (to - from + 1 > MAX_BLOCK_SIZE) return { ok: false, message: `${text.trim()} has more than ${MAX_BLOCK_SIZE} numbers` };
  if (fromText.length === toText.length) return { ok: true, range: { from, to, digits: toText.length } };
  if (fromText.length > 1 && fromText.startsWith('0')) {
    return { ok: false, message: `${text.trim()} mixes widths: write both ends with the same digits (${fromText.padStart(toText.length, '0')}-${toText}) or without leading zeros (${from}-${to})` };
  }
  return { ok: true, range: { from, to, digits: null } };
}

export function rangeOf(block: BlockShape): DdiRange | null {
  return block.ddi_from === null || block.ddi_to === null ? null : { from: block.ddi_from, to: block.ddi_to, digits: block.ddi_digits };
}

/** The DDI as dialled: `5` or, with two digits, `05`. */
export function ddiText(range: DdiRange, ddi: number): string {
  return range.digits === null ? String(ddi) : String(ddi).padStart(range.digits, '0');
}

/** `0-99`, `00-99`; empty for a single number. */
export function formatDdiRange(block: BlockShape): string {
  const range = rangeOf(block);
  return range ? `${ddiText(range, range.from)}-${ddiText(range, range.to)}` : '';
}

/** `+492214711 0-99`, or the single number. */
export function describeBlock(block: BlockShape): string {
  const range = formatDdiRange(block);
  return range ? `${block.base_number} ${range}` : block.base_number;
}

/** The block's number with this DDI. */
export function blockNumber(block: BlockShape, ddi: number): string {
  const range = rangeOf(block);
  return range ? block.base_number + ddiText(range, ddi) : block.base_number;
}

/** Whether the DDI written `text` is one of the block's, as the block's range is written. */
export function blockHasDdi(range: DdiRange, text: string): boolean {
  if (!/^\d+$/.test(text)) return false;
  const ddi = Number(text);
  const width = range.digits === null ? String(ddi).length : range.digits;
  return text.length === width && ddi >= range.from && ddi <= range.to;
}

/** The DDI (as written) by which `e164` is in the block, `''` when it is the block's single number, undefined when not in it. */
export function ddiOf(block: BlockShape, e164: string): string | undefined {
  const range = rangeOf(block);
  if (!range) return e164 === block.base_number ? '' : undefined;
  if (!e164.startsWith(block.base_number)) return undefined;
  const ddi = e164.slice(block.base_number.length);
  return blockHasDdi(range, ddi) ? ddi : undefined;
}

/**
 * Whether `ddi` would be another number if the block's range were written the other way
 * (`0-99` against `00-99`): a DDI shorter than the range's widest, in a range written with
 * unequal widths.
 */
export function isAmbiguousDdi(block: BlockShape, ddi: string): boolean {
  return block.ddi_digits === null && block.ddi_to !== null && ddi.length < String(block.ddi_to).length;
}

/** How many numbers the block holds. */
export function blockSize(block: BlockShape): number {
  const range = rangeOf(block);
  return range ? range.to - range.from + 1 : 1;
}

/** Every number of the block, in DDI order. */
export function numbersOfBlock(block: BlockShape): string[] {
  const range = rangeOf(block);
  if (!range) return [block.base_number];
  const numbers: string[] = [];
  for (let ddi = range.from; ddi <= range.to; ddi++) numbers.push(block.base_number + ddiText(range, ddi));
  return numbers;
}

/** The digits after +49 of the block's longest number. */
export function longestNationalLength(block: BlockShape): number {
  const range = rangeOf(block);
  const longest = range ? ddiText(range, range.to).length : 0;
  return nationalDigits(block.base_number).length + longest;
}

/** What is wrong with the block's numbers under the German plan's 13-digit limit, if anything. */
export function blockLengthProblem(block: BlockShape): string | undefined {
  const length = longestNationalLength(block);
  return length > MAX_NATIONAL_DIGITS
    ? `${describeBlock(block)} has numbers of ${length} digits after +49; the German number plan allows at most ${MAX_NATIONAL_DIGITS}`
    : undefined;
}
