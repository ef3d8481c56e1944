import type { FieldError } from '../kernel/index.js';
import { describeNumbers } from './number-ranges.js';

/**
 * A line at the old provider (an Anlagenanschluss, or a single-number line): every legacy
 * number of the tenant's blocks that carry this provider and line id, in E.164.
 */
export interface LegacyLine {
  readonly oldProvider: string;
  readonly lineId: string;
  readonly numbers: readonly string[];
}

export const lineName = (line: Pick<LegacyLine, 'oldProvider' | 'lineId'>): string => `line ${line.lineId} at ${line.oldProvider}`;

/**
 * What keeps `requested` from being a port order for `line`: a line moves as a whole ("eine
 * Teilübertragung ist nicht möglich", telephony-de §3.2), so every number of it must be in
 * the order, and no number of another line or of no line at all. `lineOf` names the line
 * another legacy number belongs to. Empty when the numbers are exactly the line's.
 */
export function wholeLineProblems(
  line: LegacyLine,
  requested: readonly string[],
  lineOf: (number: string) => LegacyLine | undefined,
): FieldError[] {
  const own = new Set(line.numbers);
  const problems: FieldError[] = [];
  requested.forEach((number, index) => {
    if (own.has(number)) return;
    const other = lineOf(number);
    const message = other
      ? `${number} belongs to ${lineName(other)}; a port order covers one line, so port it with that line’s order`
      : `${number} is not in any legacy number block of this tenant`;
    problems.push({ field: `numbers.${index}`, message });
  });
  const given = new Set(requested);
  const missing = line.numbers.filter((number) => !given.has(number));
  if (missing.length > 0) {
    problems.push({
      field: 'numbers',
      message: `must contain every number of ${lineName(line)}, which moves as a whole (an Anlagenanschluss cannot be split); missing: ${describeNumbers(missing)}`,
    });
  }
  return problems;
}
