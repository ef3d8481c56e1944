import { describe, expect, it } from 'vitest';
import type { DialContext } from './classify-dialled.js';
import { classifyDialled } from './classify-dialled.js';
import type { CallCategory, DialledNumber } from './dialled-number.js';

const extensions = new Set(['23', '201', '4711']);
const isExtension = (digits: string) => extensions.has(digits);
/** An employee at the Cologne site (area code 0221). */
const cologne: DialContext = { areaCode: '221', isExtension };
const berlin: DialContext = { areaCode: '30', isExtension };
const noSite: DialContext = { isExtension };

const external = (e164: string, category: CallCategory): DialledNumber => ({ kind: 'external', e164, category });

describe('classifying what a caller at the Cologne site dialled', () => {
  it.each<[string, DialledNumber]>([
    ['0221 4711 23', external('+49221471123', 'local')],
    ['0221471123', external('+49221471123', 'local')],
    ['471123', external('+49221471123', 'local')],
    ['9876523', external('+492219876523', 'local')],
    ['+49221471123', external('+49221471123', 'local')],
    ['0049221471123', external('+49221471123', 'local')],
    ['030 1234567', external('+49301234567', 'national')],
    ['02241 12345', external('+49224112345', 'national')],
    ['+49 170 1234567', external('+491701234567', 'mobile')],
    ['0049 170 12345678', external('+4917012345678', 'mobile')],
    ['0151 12345678', external('+4915112345678', 'mobile')],
    ['00 1 212 555 1234', external('+12125551234', 'international')],
    ['+44 20 7946 0958', external('+442079460958', 'international')],
    ['0033 1 42 68 53 00', external('+33142685300', 'international')],
    ['0800 1234567', external('+498001234567', 'freephone')],
    ['+49 800 1234567', external('+498001234567', 'freephone')],
    ['0900 1 234567', external('+499001234567', 'premium')],
    ['0137 1 234567', external('+491371234567', 'premium')],
    ['0137 9 123456', external('+491379123456', 'premium')],
    ['11833', external('+4911833', 'premium')],
    ['118012', external('+49118012', 'premium')],
    ['+1 900 555 1234', external('+19005551234', 'premium')],
    ['0180 1 234567', external('+491801234567', 'special')],
    ['0180 5 12345', external('+49180512345', 'special')],
    ['0700 12345678', external('+4970012345678', 'special')],
    ['115', external('+49115', 'special')],
    ['116117', external('+49116117', 'special')],
    ['116 000', external('+49116000', 'special')],
    ['110', { kind: 'emergency', number: '110' }],
    ['112', { kind: 'emergency', number: '112' }],
    [' 112 ', { kind: 'emergency', number: '112' }],
    ['0112', { kind: 'emergency', number: '112' }],
    ['+49110', { kind: 'emergency', number: '110' }],
    ['23', { kind: 'extension', extension: '23' }],
    ['201', { kind: 'extension', extension: '201' }],
  ])('%j is %j', (dialled, expected) => {
    expect(classifyDialled(dialled, cologne)).toEqual(expected);
  });

  it('an existing extension wins over the local number with the same digits', () => {
    expect(classifyDialled('4711', cologne)).toEqual({ kind: 'extension', extension: '4711' });
    expect(classifyDialled('4712', cologne)).toEqual(external('+492214712', 'local'));
  });

  it('a short code wins over an extension with the same digits, and emergency numbers are never asked about', () => {
    const asked: string[] = [];
    const everything: DialContext = { areaCode: '221', isExtension: (digits) => (asked.push(digits), true) };
    expect(classifyDialled('110', everything)).toEqual({ kind: 'emergency', number: '110' });
    expect(classifyDialled('112', everything)).toEqual({ kind: 'emergency', number: '112' });
    expect(classifyDialled('11833', everything)).toEqual(external('+4911833', 'premium'));
    expect(classifyDialled('116117', everything)).toEqual(external('+49116117', 'special'));
    expect(classifyDialled('0221471123', everything)).toEqual(external('+49221471123', 'local'));
    expect(asked).toEqual([]);
    expect(classifyDialled('1199', everything)).toEqual({ kind: 'extension', extension: '1199' });
  });
});

describe('the caller’s site decides what is local', () => {
  it.each<[string, DialContext, DialledNumber]>([
    ['0221 4711 23', berlin, external('+49221471123', 'national')],
    ['0221 4711 23', noSite, external('+49221471123', 'national')],
    ['2345678', berlin, external('+49302345678', 'local')],
    ['030 1234567', berlin, external('+49301234567', 'local')],
    ['0170 1234567', berlin, external('+491701234567', 'mobile')],
    ['23', noSite, { kind: 'extension', extension: '23' }],
    ['112', noSite, { kind: 'emergency', number: '112' }],
  ])('%j from %j is %j', (dialled, context, expected) => {
    expect(classifyDialled(dialled, context)).toEqual(expected);
  });

  it('a local number without a site asks for the area code', () => {
    expect(classifyDialled('471123', noSite)).toEqual({
      kind: 'invalid',
      reason: "471123 is no extension, and a local number needs the caller's site: dial 0 and the area code",
    });
  });

  it.each(['0221', '', 'Köln'])('a site with the malformed area code %j is named as the problem, and makes no number local', (areaCode) => {
    const site: DialContext = { areaCode, isExtension };
    expect(classifyDialled('471123', site)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining(`no valid area code ("${areaCode}")`) });
    expect(classifyDialled('0221 471123', site)).toEqual(external('+49221471123', 'national'));
  });
});

describe('what is no number gives the reason, never an exception', () => {
  it.each<[string, RegExp]>([
    ['', /^nothing was dialled$/],
    ['   ', /^nothing was dialled$/],
    ['abc', /^"abc" is not a phone number: only digits and a leading \+ can be dialled$/],
    ['0221 471123a', /only digits/],
    ['sip:bob@example.com', /only digits/],
    ['*31#0221471123', /only digits/],
    ['4+9', /only digits/],
    ['++49221471123', /only digits/],
    ['1'.repeat(40), /no extension, short code or local number/],
    [`0${'1'.repeat(40)}`, /is not a phone number/],
    [`+49${'2'.repeat(40)}`, /is not a phone number/],
    ['+49 221 1234567890123', /too long: a German number has at most 13 digits after \+49/],
    ['24', /^24 is no extension, short code or local number/],
    ['1234', /^1234 is no extension, short code or local number/],
    ['123456789', /no extension, short code or local number/],
    ['0', /^0 is not a phone number$/],
    ['00', /^00 is not a phone number$/],
    ['+', /only digits/],
    ['0030 123', /^0030 123 is not a valid number of country code \+30$/],
    ['0999 12', /^0999 12 is not a valid German number$/],
    ['01512345678', /not a valid German number/],
    ['+49111', /not a valid German number/],
    ['11800', /^11800 is no extension, short code or local number/],
    ['99', /no extension, short code or local number/],
  ])('%j', (dialled, reason) => {
    const result = classifyDialled(dialled, cologne);
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.reason).toMatch(reason);
  });
});
