import { describe, expect, it } from 'vitest';
import type { PresentedNumberRule } from './check-presented-number.js';
import { checkPresentedNumber } from './check-presented-number.js';

/** The tenant holds everything: only the other rules of § 120 (2) TKG can refuse. */
const holdsEverything = () => true;
const erikaLegacy = '+49221471123';
const erikaProvisional = '+492219876523';
const holdsErikasNumbers = (e164: string) => e164 === erikaLegacy || e164 === erikaProvisional;

describe('the presented number (§ 120 (2) TKG)', () => {
  it.each([erikaLegacy, erikaProvisional])('a held German number may be presented: %s', (upn) => {
    expect(checkPresentedNumber(upn, holdsErikasNumbers)).toEqual({ allowed: true });
  });

  it.each(['+4917012345678', '+498001234567', '+49301234567'])('a held German mobile, freephone or geographic number may be presented: %s', (upn) => {
    expect(checkPresentedNumber(upn, holdsEverything)).toEqual({ allowed: true });
  });

  it('a number the tenant holds no right of use for is refused', () => {
    expect(checkPresentedNumber('+49221471124', holdsErikasNumbers)).toEqual({
      allowed: false,
      rule: 'not-held',
      reason: 'the tenant holds no right of use for +49221471124',
    });
  });

  it.each<[string, PresentedNumberRule, RegExp]>([
    ['+49110', 'emergency', /emergency number 110/],
    ['+49112', 'emergency', /emergency number 112/],
    ['+4911833', 'directory-enquiry', /directory-enquiry/],
    ['+49118012', 'directory-enquiry', /directory-enquiry/],
    ['+499001234567', 'premium', /premium-rate or mass-traffic/],
    ['+491371234567', 'premium', /premium-rate or mass-traffic/],
    ['+49115', 'special', /short code or service number/],
    ['+49116117', 'special', /short code or service number/],
    ['+491801234567', 'special', /short code or service number/],
    ['+4970012345678', 'special', /short code or service number/],
    ['+12125551234', 'foreign', /not a German number: only numbers of the German number space/],
    ['+33142685300', 'foreign', /not a German number/],
    ['+4922112345678901', 'invalid', /not an E\.164 number/],
    ['+49999', 'invalid', /not a valid German number/],
    ['+490221471123', 'invalid', /not in E\.164 form \(\+49221471123\)/],
    ['0221471123', 'invalid', /not an E\.164 number/],
    ['49221471123', 'invalid', /not an E\.164 number/],
    ['anonymous', 'invalid', /not an E\.164 number/],
    ['', 'invalid', /not an E\.164 number/],
  ])('%j is refused by the rule %s, even when held', (upn, rule, reason) => {
    const verdict = checkPresentedNumber(upn, holdsEverything);
    expect(verdict).toMatchObject({ allowed: false, rule });
    if (!verdict.allowed) expect(verdict.reason).toMatch(reason);
  });

  it('asks whether the tenant holds a number only for a presentable one, in E.164', () => {
    const asked: string[] = [];
    const held = (e164: string) => (asked.push(e164), true);
    for (const upn of ['+49110', '+499001234567', '+12125551234', '0221471123', erikaLegacy]) checkPresentedNumber(upn, held);
    expect(asked).toEqual([erikaLegacy]);
  });
});
