import { describe, expect, it } from 'vitest';
import type { NumberFormat } from './number-format.js';
import { isE164, readNumber, renderNumber } from './number-format.js';

describe('rendering a number for a trunk', () => {
  it.each<[string, NumberFormat, string]>([
    ['+49221471123', 'e164', '+49221471123'],
    ['+49221471123', 'international', '0049221471123'],
    ['+49221471123', 'e164-digits', '49221471123'],
    ['+49221471123', 'national', '0221471123'],
    ['+4917012345678', 'national', '017012345678'],
    ['+498001234567', 'national', '08001234567'],
    ['+12125551234', 'e164', '+12125551234'],
    ['+12125551234', 'international', '0012125551234'],
    ['+12125551234', 'e164-digits', '12125551234'],
    ['+12125551234', 'national', '0012125551234'],
    ['+49115', 'national', '115'],
    ['+49116117', 'national', '116117'],
    ['+4911833', 'national', '11833'],
  ])('%s as %s is %s', (e164, format, written) => {
    expect(renderNumber(e164, format)).toBe(written);
  });

  it.each(['0221471123', '49221471123', '+0221471123', '+49 221 471123', '', '+', '+1234567890123456'])('throws on %j, which is no E.164 number', (text) => {
    expect(() => renderNumber(text, 'national')).toThrow(/not an E\.164 number/);
  });
});

describe('reading a number from a trunk or phone', () => {
  it.each<[string, NumberFormat | undefined, string | undefined]>([
    ['+49221471123', undefined, '+49221471123'],
    ['+49 221 4711-23', undefined, '+49221471123'],
    ['0049221471123', undefined, '+49221471123'],
    ['0221471123', undefined, '+49221471123'],
    ['0221/471123', undefined, '+49221471123'],
    ['(0221) 471123', 'national', '+49221471123'],
    ['+49-221-471123', 'e164', '+49221471123'],
    ['+49 (0)221 471123', undefined, '+49221471123'],
    ['49221471123', 'e164-digits', '+49221471123'],
    ['49221471123', undefined, undefined],
    ['49221471123', 'national', undefined],
    ['49221471123', 'international', undefined],
    ['0221471123', 'e164-digits', '+49221471123'],
    ['004917012345678', 'international', '+4917012345678'],
    ['0012125551234', undefined, '+12125551234'],
    ['12125551234', 'e164-digits', '+12125551234'],
    ['471123', undefined, undefined],
    ['23', 'national', undefined],
    ['anonymous', undefined, undefined],
    ['', undefined, undefined],
    ['+', undefined, undefined],
    ['0', undefined, undefined],
    ['00', undefined, undefined],
    ['+49221abc', undefined, undefined],
    ['+49 221 4711 2345 6789', undefined, undefined],
    ['1'.repeat(40), 'e164-digits', undefined],
    [`+${'1'.repeat(40)}`, undefined, undefined],
    ['+49110', undefined, undefined],
  ])('%j (%s) is %s', (text, format, e164) => {
    expect(readNumber(text, format)).toBe(e164);
  });

  it('refuses more than 13 digits after +49, which libphonenumber would allow', () => {
    expect(readNumber('+4922112345678901')).toBeUndefined();
    expect(readNumber('+492211234567890')).toBe('+492211234567890');
  });
});

describe('E.164', () => {
  it.each([
    ['+49221471123', true],
    ['+12125551234', true],
    ['+123456789012345', true],
    ['+1234567890123456', false],
    ['49221471123', false],
    ['+0221471123', false],
    ['+49 221 471123', false],
    ['+', false],
  ])('%j: %s', (text, expected) => {
    expect(isE164(text)).toBe(expected);
  });
});
