import { describeNumber } from './describe-number.js';
import { germany, isDirectoryEnquiry } from './german-plan.js';
import { isE164 } from './number-format.js';

export type PresentedNumberRule = 'not-held' | 'foreign' | 'emergency' | 'premium' | 'special' | 'directory-enquiry' | 'invalid';
export type PresentedNumberVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly rule: PresentedNumberRule };

/**
 * § 120 (2) TKG: may `upn` (E.164) be presented, given the numbers the tenant holds a right of use
 * for? Only German numbers, never 110/112, short codes (115, 116xxx), directory enquiry (118xx),
 * premium-rate and mass-traffic (0900, 0137) or service numbers (0180, 0700, …), and only held ones.
 */
export function checkPresentedNumber(upn: string, held: (e164: string) => boolean): PresentedNumberVerdict {
  if (!isE164(upn)) return refused('invalid', `"${upn}" is not an E.164 number`);
  if (!upn.startsWith(`+${germany}`)) {
    return refused('foreign', `${upn} is not a German number: only numbers of the German number space may be presented`);
  }
  const number = describeNumber(upn);
  switch (number.kind) {
    case 'invalid':
      return refused('invalid', number.reason);
    case 'emergency':
      return refused('emergency', `${upn} is the emergency number ${number.number} and may never be presented`);
    case 'external':
      break;
  }
  if (number.e164 !== upn) return refused('invalid', `${upn} is not in E.164 form (${number.e164})`);
  const national = upn.slice(germany.length + 1);
  if (isDirectoryEnquiry(national)) return refused('directory-enquiry', `${upn} is a directory-enquiry number and may never be presented`);
  if (number.category === 'premium') return refused('premium', `${upn} is a premium-rate or mass-traffic number and may never be presented`);
  if (number.category === 'special') return refused('special', `${upn} is a short code or service number and may never be presented`);
  if (!held(upn)) return refused('not-held', `the tenant holds no right of use for ${upn}`);
  return { allowed: true };
}

function refused(rule: PresentedNumberRule, reason: string): PresentedNumberVerdict {
  return { allowed: false, rule, reason };
}
