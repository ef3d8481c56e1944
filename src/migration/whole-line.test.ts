import { describe, expect, it } from 'vitest';
import { wholeLineProblems } from './whole-line.js';
import type { LegacyLine } from './whole-line.js';

const block = (base: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${base}${String(i).padStart(2, '0')}`);
const cologne: LegacyLine = { oldProvider: 'Telekom', lineId: 'AA-1', numbers: block('+492214711', 100) };
const bonn: LegacyLine = { oldProvider: 'Telekom', lineId: 'AA-2', numbers: ['+49228555100'] };
const lineOf = (number: string): LegacyLine | undefined => [cologne, bonn].find((line) => line.numbers.includes(number));

describe('wholeLineProblems', () => {
  it('accepts the whole block of the line, in any order', () => {
    expect(wholeLineProblems(cologne, [...cologne.numbers].reverse(), lineOf)).toEqual([]);
  });

  it('refuses to split a block, naming the numbers left out as ranges', () => {
    const some = cologne.numbers.filter((n) => !['+49221471123', '+49221471150', '+49221471151', '+49221471152'].includes(n));
    expect(wholeLineProblems(cologne, some, lineOf)).toEqual([
      {
        field: 'numbers',
        message:
          'must contain every number of line AA-1 at Telekom, which moves as a whole (an Anlagenanschluss cannot be split); missing: +49221471123, +49221471150–+49221471152',
      },
    ]);
  });

  it('names a number of another line and one of no line at all by their place in the list', () => {
    expect(wholeLineProblems(cologne, [...cologne.numbers, '+49228555100', '+4930123456'], lineOf)).toEqual([
      { field: 'numbers.100', message: '+49228555100 belongs to line AA-2 at Telekom; a port order covers one line, so port it with that line’s order' },
      { field: 'numbers.101', message: '+4930123456 is not in any legacy number block of this tenant' },
    ]);
  });
});
