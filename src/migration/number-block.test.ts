import { describe, expect, it } from 'vitest';
import {
  blockLengthProblem,
  blockNumber,
  blockSize,
  ddiOf,
  describeBlock,
  formatDdiRange,
  isAmbiguousDdi,
  numbersOfBlock,
  parseDdiRange,
} from './number-block.js';
import type { BlockShape } from './number-block.js';

const block = (base: string, text: string): BlockShape => {
  const parsed = parseDdiRange(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return { base_number: base, ddi_from: parsed.range.from, ddi_to: parsed.range.to, ddi_digits: parsed.range.digits };
};

describe('DDI ranges', () => {
  it('reads the width a range is written in: 00-99 two digits, 0-99 without leading zeros', () => {
    expect(parseDdiRange('00-99')).toEqual({ ok: true, range: { from: 0, to: 99, digits: 2 } });
    expect(parseDdiRange('0-99')).toEqual({ ok: true, range: { from: 0, to: 99, digits: null } });
    expect(parseDdiRange('10 – 59')).toEqual({ ok: true, range: { from: 10, to: 59, digits: 2 } });
    expect(parseDdiRange('0-9')).toEqual({ ok: true, range: { from: 0, to: 9, digits: 1 } });
  });

  it('refuses ranges that run backwards, mix widths with leading zeros, are too big or are no range', () => {
    expect(parseDdiRange('50-10')).toMatchObject({ ok: false, message: '50-10 starts after it ends' });
    expect(parseDdiRange('00-999')).toMatchObject({ ok: false, message: expect.stringContaining('000-999') });
    expect(parseDdiRange('0-999999').ok).toBe(false);
    expect(parseDdiRange('all').ok).toBe(false);
  });

  it('makes -5 and -05 different numbers depending on how the range is written', () => {
    const wide = block('+492214711', '00-99');
    const narrow = block('+492214711', '0-99');
    expect(blockNumber(wide, 5)).toBe('+49221471105');
    expect(blockNumber(narrow, 5)).toBe('+4922147115');
    expect(ddiOf(wide, '+49221471105')).toBe('05');
    expect(ddiOf(wide, '+4922147115')).toBeUndefined();
    expect(ddiOf(narrow, '+4922147115')).toBe('5');
    expect(ddiOf(narrow, '+49221471105')).toBeUndefined();
    expect(ddiOf(narrow, '+49221471123')).toBe('23');
    expect(isAmbiguousDdi(narrow, '5')).toBe(true);
    expect(isAmbiguousDdi(narrow, '23')).toBe(false);
    expect(isAmbiguousDdi(wide, '05')).toBe(false);
    expect(formatDdiRange(wide)).toBe('00-99');
    expect(describeBlock(narrow)).toBe('+492214711 0-99');
  });

  it('lists every number of a block, a single number as itself', () => {
    const numbers = numbersOfBlock(block('+492219876', '10-12'));
    expect(numbers).toEqual(['+49221987610', '+49221987611', '+49221987612']);
    const single = { base_number: '+49221471123', ddi_from: null, ddi_to: null, ddi_digits: null };
    expect(numbersOfBlock(single)).toEqual(['+49221471123']);
    expect(blockSize(single)).toBe(1);
    expect(ddiOf(single, '+49221471123')).toBe('');
    expect(blockSize(block('+492214711', '0-99'))).toBe(100);
  });

  it('names a block whose numbers would be longer than 13 digits after +49', () => {
    expect(blockLengthProblem(block('+49221471100', '0000-9999'))).toBeUndefined();
    expect(blockLengthProblem(block('+492214711000', '0000-9999'))).toContain('14 digits after +49');
  });
});
