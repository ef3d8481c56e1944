/** Properties of the numbering module over generated numbers and arbitrary input. */
import fc from 'fast-check';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { checkPresentedNumber } from './check-presented-number.js';
import { CLASSES_OF_SERVICE, permitsCall } from './class-of-service.js';
import type { DialContext } from './classify-dialled.js';
import { classifyDialled } from './classify-dialled.js';
import { isE164, NUMBER_FORMATS, readNumber, renderNumber } from './number-format.js';

/** Area codes (large and small towns) and the mobile, freephone, premium, personal and service ranges. */
const germanPrefixes = ['221', '30', '89', '40', '69', '228', '2241', '33203', '3581', '151', '1511', '160', '170', '176', '1520', '800', '900', '700', '180', '137'];
const foreignPrefixes = ['1212', '1900', '4420', '44871', '331', '431', '4144', '3906', '8613', '32471'];

function validNumbers(prefixes: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...prefixes), fc.stringMatching(/^\d{1,11}$/))
    .map(([prefix, rest]) => `+${prefix}${rest}`)
    .filter((e164) => isE164(e164) && isValidPhoneNumber(e164));
}
const validGerman = validNumbers(germanPrefixes.map((prefix) => `49${prefix}`));
const validForeign = validNumbers(foreignPrefixes);
const national = (e164: string) => e164.slice(3);

const localDigits = fc.stringMatching(/^[2-9]\d{2,7}$/);
const dialLike = fc.oneof(fc.string(), fc.stringMatching(/^[+0-9 ()./-]{0,40}$/), fc.stringMatching(/^(?:\+|00?)?\d{0,20}$/));
const format = fc.constantFrom(undefined, ...NUMBER_FORMATS);
const anyContext: fc.Arbitrary<DialContext> = fc.record({
  areaCode: fc.option(fc.oneof(fc.constantFrom('221', '30', '89', '2241', '33203'), fc.string()), { nil: undefined }),
  isExtension: fc.func(fc.boolean()),
});
const cologne: DialContext = { areaCode: '221', isExtension: () => false };

describe('number formats', () => {
  it('every format reads back to the same E.164 number, German or foreign', () => {
    fc.assert(
      fc.property(fc.oneof(validGerman, validForeign), fc.constantFrom(...NUMBER_FORMATS), (e164, numberFormat) => {
        expect(readNumber(renderNumber(e164, numberFormat), numberFormat)).toBe(e164);
      }),
      { numRuns: 500 },
    );
  });

  it('German numbers are written nationally with one 0; foreign ones with 00', () => {
    fc.assert(
      fc.property(validGerman, validForeign, (german, foreign) => {
        expect(renderNumber(german, 'national')).toBe(`0${national(german)}`);
        expect(renderNumber(foreign, 'national')).toBe(`00${foreign.slice(1)}`);
      }),
    );
  });

  it('reading never throws, and what it reads is E.164 with at most 13 digits after +49', () => {
    fc.assert(
      fc.property(dialLike, format, (text, numberFormat) => {
        const e164 = readNumber(text, numberFormat);
        if (e164 === undefined) return;
        expect(isE164(e164)).toBe(true);
        if (e164.startsWith('+49')) expect(national(e164).length).toBeLessThanOrEqual(13);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the dial plan', () => {
  it('never throws on arbitrary input and contexts; every answer is well-formed', () => {
    fc.assert(
      fc.property(dialLike, anyContext, (dialled, context) => {
        const result = classifyDialled(dialled, context);
        switch (result.kind) {
          case 'external':
            expect(isE164(result.e164)).toBe(true);
            break;
          case 'extension':
            expect(context.isExtension(result.extension)).toBe(true);
            break;
          case 'emergency':
            expect(['110', '112']).toContain(result.number);
            break;
          case 'invalid':
            expect(result.reason.length).toBeGreaterThan(0);
            break;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a German number dialled as +49…, 0049… and 0… is the same destination, by its type and never international', () => {
    fc.assert(
      fc.property(validGerman, (e164) => {
        const forms = [e164, `0049${national(e164)}`, `0${national(e164)}`].map((dialled) => classifyDialled(dialled, cologne));
        expect(forms[1]).toEqual(forms[0]);
        expect(forms[2]).toEqual(forms[0]);
        expect(forms[0]).toMatchObject({ kind: 'external', e164 });
        expect(forms[0]).not.toMatchObject({ category: 'international' });
      }),
      { numRuns: 500 },
    );
  });

  it('a foreign number dialled as + or 00 is international (or premium)', () => {
    fc.assert(
      fc.property(validForeign, (e164) => {
        const plus = classifyDialled(e164, cologne);
        expect(classifyDialled(`00${e164.slice(1)}`, cologne)).toEqual(plus);
        expect(plus).toMatchObject({ kind: 'external', e164 });
        if (plus.kind === 'external') expect(['international', 'premium']).toContain(plus.category);
      }),
    );
  });

  it('a local number is the number in the site’s area code, unless it is an extension', () => {
    fc.assert(
      fc.property(localDigits, fc.boolean(), (digits, isExtension) => {
        const context: DialContext = { areaCode: '221', isExtension: () => isExtension };
        const local = classifyDialled(digits, context);
        if (isExtension) {
          expect(local).toEqual({ kind: 'extension', extension: digits });
          return;
        }
        const withAreaCode = classifyDialled(`0221${digits}`, context);
        if (withAreaCode.kind === 'external') {
          expect(local).toEqual(withAreaCode);
          expect(local).toMatchObject({ e164: `+49221${digits}`, category: 'local' });
        } else {
          expect(local.kind).toBe('invalid');
        }
      }),
    );
  });
});

describe('classes of service', () => {
  it('each class permits what the classes before it permit; emergency calls and extensions are always permitted', () => {
    fc.assert(
      fc.property(fc.oneof(dialLike, validGerman, validForeign), anyContext, (dialled, context) => {
        const result = classifyDialled(dialled, context);
        const permitted = CLASSES_OF_SERVICE.map((cos) => permitsCall(cos, result).ok);
        expect(permitted).toEqual([...permitted].sort((a, b) => Number(a) - Number(b)));
        if (result.kind === 'emergency' || result.kind === 'extension') expect(permitted.every(Boolean)).toBe(true);
        if (result.kind === 'external') expect(permitted[0]).toBe(false);
        if (result.kind === 'invalid') expect(permitted.some(Boolean)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the presented number', () => {
  it('never throws; an allowed number is held, German and an ordinary subscriber number', () => {
    fc.assert(
      fc.property(fc.oneof(dialLike, validGerman, validForeign), fc.func(fc.boolean()), (upn, held) => {
        const verdict = checkPresentedNumber(upn, held);
        if (!verdict.allowed) return;
        expect(held(upn)).toBe(true);
        expect(upn.startsWith('+49')).toBe(true);
        expect(classifyDialled(upn, { isExtension: () => false })).toMatchObject({ kind: 'external', category: expect.stringMatching(/^(?:national|mobile|freephone)$/) });
      }),
      { numRuns: 2000 },
    );
  });

  it('a held German fixed-line, mobile or freephone number is allowed; a foreign one never is', () => {
    fc.assert(
      fc.property(validGerman, validForeign, (german, foreign) => {
        const category = classifyDialled(german, { isExtension: () => false });
        const ordinary = category.kind === 'external' && ['national', 'mobile', 'freephone'].includes(category.category);
        expect(checkPresentedNumber(german, () => true).allowed).toBe(ordinary);
        expect(checkPresentedNumber(foreign, () => true)).toMatchObject({ allowed: false, rule: 'foreign' });
      }),
      { numRuns: 500 },
    );
  });
});
