import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { germany, maxGermanDigits } from './german-plan.js';

/** How a trunk writes numbers; belay itself always uses `e164`. */
export const NUMBER_FORMATS = ['e164', 'international', 'e164-digits', 'national'] as const;
/** `e164` '+49221471123'; `international` '0049221471123'; `e164-digits` '49221471123'; `national` '0221471123' (foreign numbers fall back to international). */
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

/** Whether `text` is an E.164 number as belay stores it: `+`, a country code, at most 15 digits in all. */
export function isE164(text: string): boolean {
  return /^\+[1-9]\d{1,14}$/.test(text);
}

/** Spaces and the visual separators of RFC 3966 (and the slash common in German writing) carry no digits. */
export function withoutSeparators(text: string): string {
  return text.replace(/[\s().\-/]/g, '');
}

/** `e164` rendered for a trunk. Throws when it is not an E.164 number: inside belay every number is one. */
export function renderNumber(e164: string, format: NumberFormat): string {
  if (!isE164(e164)) throw new Error(`not an E.164 number: "${e164}"`);
  const digits = e164.slice(1);
  switch (format) {
    case 'e164':
      return e164;
    case 'e164-digits':
      return digits;
    case 'international':
      return `00${digits}`;
    case 'national':
      return digits.startsWith(germany) ? nationalForm(digits.slice(germany.length)) : `00${digits}`;
  }
}

/** The trunk prefix 0 before the national number; short codes (110, 112, 115, 116xxx, 118xx) have none. */
function nationalForm(national: string): string {
  return national.startsWith('11') ? national : `0${national}`;
}

/**
 * A number as a carrier or phone writes it (`+49…`, `0049…`, `0…`, and `49…` when `format` is
 * `e164-digits`) in E.164, or undefined when it is none: letters, a bare extension, a length no
 * number of that country has, more than 13 digits after +49.
 */
export function readNumber(text: string, format?: NumberFormat): string | undefined {
  const written = withoutSeparators(text);
  const e164 = asE164(written, format);
  if (e164 === undefined) return undefined;
  const phone = parsePhoneNumberFromString(e164);
  if (!phone?.isPossible()) return undefined;
  if (phone.countryCallingCode === germany && phone.nationalNumber.length > maxGermanDigits) return undefined;
  return phone.number;
}

function asE164(written: string, format: NumberFormat | undefined): string | undefined {
  if (/^\+\d+$/.test(written)) return written;
  if (/^00\d+$/.test(written)) return `+${written.slice(2)}`;
  if (/^0\d+$/.test(written)) return `+${germany}${written.slice(1)}`;
  if (format === 'e164-digits' && /^[1-9]\d+$/.test(written)) return `+${written}`;
  return undefined;
}
