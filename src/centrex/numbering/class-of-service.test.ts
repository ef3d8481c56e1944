import { describe, expect, it } from 'vitest';
import type { ClassOfService } from './class-of-service.js';
import { CLASSES_OF_SERVICE, DEFAULT_CLASS_OF_SERVICE, permitsCall } from './class-of-service.js';
import { classifyDialled } from './classify-dialled.js';

const cologne = { areaCode: '221', isExtension: (digits: string) => digits === '23' };

/** What each class may dial, one column per class: internal, local, national, mobile, international, premium. */
const matrix: readonly [string, string][] = [
  ['112', '✓✓✓✓✓✓'],
  ['110', '✓✓✓✓✓✓'],
  ['23', '✓✓✓✓✓✓'],
  ['471123', '·✓✓✓✓✓'],
  ['0221 471123', '·✓✓✓✓✓'],
  ['0800 1234567', '·✓✓✓✓✓'],
  ['030 1234567', '··✓✓✓✓'],
  ['0170 1234567', '···✓✓✓'],
  ['0049 170 1234567', '···✓✓✓'],
  ['00 1 212 555 1234', '····✓✓'],
  ['0900 1 234567', '·····✓'],
  ['0137 1 234567', '·····✓'],
  ['11833', '·····✓'],
  ['0180 1 234567', '·····✓'],
  ['0700 12345678', '·····✓'],
  ['115', '·····✓'],
  ['116117', '·····✓'],
  ['+1 900 555 1234', '·····✓'],
  ['abc', '······'],
  ['', '······'],
];

describe('class of service', () => {
  it.each(matrix)('%j: %s', (dialled, allowed) => {
    const dialledNumber = classifyDialled(dialled, cologne);
    const permitted = CLASSES_OF_SERVICE.map((cos) => (permitsCall(cos, dialledNumber).ok ? '✓' : '·')).join('');
    expect(permitted).toBe(allowed);
  });

  it('the default permits international calls but not premium-rate or service numbers', () => {
    expect(DEFAULT_CLASS_OF_SERVICE).toBe('international');
    expect(permitsCall(DEFAULT_CLASS_OF_SERVICE, classifyDialled('+44 20 7946 0958', cologne)).ok).toBe(true);
    expect(permitsCall(DEFAULT_CLASS_OF_SERVICE, classifyDialled('0900 1 234567', cologne)).ok).toBe(false);
  });

  it.each<[ClassOfService, string, string]>([
    ['national', '0170 1234567', 'class of service "national" does not permit mobile calls (+491701234567): that needs "mobile"'],
    ['internal', '471123', 'class of service "internal" does not permit local calls (+49221471123): that needs "local"'],
    ['international', '0900 1 234567', 'class of service "international" does not permit premium-rate calls (+499001234567): that needs "premium"'],
    ['international', '0180 1 234567', 'class of service "international" does not permit service-number calls (+491801234567): that needs "premium"'],
    ['premium', 'abc', '"abc" is not a phone number: only digits and a leading + can be dialled'],
  ])('%s refuses %j, saying why', (cos, dialled, reason) => {
    expect(permitsCall(cos, classifyDialled(dialled, cologne))).toEqual({ ok: false, reason });
  });
});
