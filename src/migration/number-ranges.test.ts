import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeNumbers } from './number-ranges.js';

/** The numbers a description names (the inverse of describeNumbers, for the property below). */
function expand(description: string): string[] {
  if (description === '') return [];
  return description.split(', ').flatMap((part) => {
    const [first = '', last = first] = part.split('–');
    const numbers: string[] = [];
    for (let n = BigInt(first.slice(1)); n <= BigInt(last.slice(1)); n++) numbers.push(`+${n}`);
    return numbers;
  });
}

describe('describeNumbers', () => {
  it('writes consecutive numbers as ranges, in order', () => {
    expect(describeNumbers(['+49221471125', '+49221471110', '+49221471111', '+49221471112', '+4922147110'])).toBe(
      '+4922147110, +49221471110–+49221471112, +49221471125',
    );
    expect(describeNumbers([])).toBe('');
  });

  it('names exactly the numbers it is given', () => {
    const number = fc.integer({ min: 0, max: 199 }).map((n) => `+4922147${1000 + n}`);
    fc.assert(fc.property(fc.array(number), (numbers) => {
      expect(expand(describeNumbers(numbers))).toEqual([...new Set(numbers)].sort());
    }));
  });
});
