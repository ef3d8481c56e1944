import type { DialledNumber } from './dialled-number.js';
import { describeNumber, invalid } from './describe-number.js';
import { germany, isAreaCode, isShortCode } from './german-plan.js';
import { withoutSeparators } from './number-format.js';

export interface DialContext {
  /** Area code of the caller's site without the leading 0 ('221'); undefined when the caller has no site. */
  readonly areaCode?: string;
  /** True when `digits` is an extension of the caller's tenant. */
  readonly isExtension: (digits: string) => boolean;
}

/** A local number: 3–8 digits; German subscriber numbers never begin with 0 or 1. */
const localNumber = /^[2-9]\d{2,7}$/;

/**
 * Reads digits as dialled (the Request-URI user: '+49…', '0049…', '0221…', '471123', '23', '112').
 * In order: `+` and `00` international prefixes, `0` national, the short codes (110, 112, 115,
 * 116xxx, 118xx: they always reach the network), the tenant's extensions, and last local numbers
 * in the area of the caller's site. A German number is classified by its type, not as international.
 * Never throws: what is no number comes back `invalid` with the reason.
 */
export function classifyDialled(dialled: string, context: DialContext): DialledNumber {
  const digits = withoutSeparators(dialled);
  if (digits === '') return invalid('nothing was dialled');
  if (!/^\+?\d+$/.test(digits)) return invalid(`"${dialled}" is not a phone number: only digits and a leading + can be dialled`);
  const { areaCode } = context;
  const written = dialled.trim();
  if (digits.startsWith('+')) return describeNumber(digits, areaCode, written);
  if (digits.startsWith('00')) return describeNumber(`+${digits.slice(2)}`, areaCode, written);
  if (digits.startsWith('0')) return describeNumber(`+${germany}${digits.slice(1)}`, areaCode, written);
  if (isShortCode(digits)) return describeNumber(`+${germany}${digits}`, areaCode, written);
  if (context.isExtension(digits)) return { kind: 'extension', extension: digits };
  if (!localNumber.test(digits)) {
    return invalid(`${digits} is no extension, short code or local number (3–8 digits, not beginning with 1): dial 0 and the area code`);
  }
  if (areaCode === undefined) return invalid(`${digits} is no extension, and a local number needs the caller's site: dial 0 and the area code`);
  if (!isAreaCode(areaCode)) return invalid(`the caller's site has no valid area code ("${areaCode}"): dial 0 and the area code`);
  return describeNumber(`+${germany}${areaCode}${digits}`, areaCode, `${written} (0${areaCode} ${digits})`);
}
