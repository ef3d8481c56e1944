import { describe, expect, it } from 'vitest';
import { parseAreaCode, parseGermanNumber, parseGermanPrefix } from './german-number.js';

describe('parseGermanNumber', () => {
  it('reads international, 0049 and national forms with separators into E.164', () => {
    for (const text of ['+49 221 471123', '0049 221 471123', '0221 471123', '0221/47 11-23', '(0221) 4711 23']) {
      expect(parseGermanNumber(text)).toEqual({ ok: true, e164: '+49221471123' });
    }
  });

  it('refuses other countries, more than 13 digits after +49, and numbers that do not exist', () => {
    expect(parseGermanNumber('+43 1 234567')).toMatchObject({ ok: false, message: expect.stringContaining('not a German number') });
    expect(parseGermanNumber('+49 221 12345678901')).toMatchObject({ ok: false, message: expect.stringContaining('14 digits after +49') });
    expect(parseGermanNumber('+49 221 1')).toMatchObject({ ok: false, message: expect.stringContaining('not a valid German number') });
    expect(parseGermanNumber('Zentrale')).toMatchObject({ ok: false, message: '"Zentrale" is not a phone number' });
  });
});

describe('parseGermanPrefix', () => {
  it('reads a base number in any common form without asking it to be whole', () => {
    for (const text of ['+49 221 4711', '0049 221-4711', '0221 4711', '0221/4711']) expect(parseGermanPrefix(text)).toEqual({ ok: true, e164: '+492214711' });
  });

  it('refuses other countries, letters and a base that leaves no digit for a DDI', () => {
    expect(parseGermanPrefix('+43 1 4711').ok).toBe(false);
    expect(parseGermanPrefix('0221 47x1').ok).toBe(false);
    expect(parseGermanPrefix('+49 2214711234567').ok).toBe(false);
  });
});

describe('parseAreaCode', () => {
  it('takes 2–5 digits with or without the 0, and not the 1 of mobile and service numbers', () => {
    expect(parseAreaCode('0221')).toBe('221');
    expect(parseAreaCode('30')).toBe('30');
    expect(parseAreaCode('033056')).toBe('33056');
    expect(parseAreaCode('0171')).toBeUndefined();
    expect(parseAreaCode('2')).toBeUndefined();
    expect(parseAreaCode('Köln')).toBeUndefined();
  });
});
