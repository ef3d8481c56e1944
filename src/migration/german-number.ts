import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A German number has at most 13 digits after the country code (Vfg. 25/2006, telephony-de §6). */
export const MAX_NATIONAL_DIGITS = 13;

const GERMANY = '49';

export type GermanNumberParse = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly message: string };

/**
 * A German phone number as people write it (`+49 221 471123`, `0049 221 471123`,
 * `0221 471123`, `0221/47 11-23`), in E.164; refused with the reason when it is not a number
 * of the German plan: another country, too many digits, or a length or area code that does
 * not exist.
 */
export function parseGermanNumber(text: string): GermanNumberParse {
  const phone = parsePhoneNumberFromString(text.trim(), 'DE');
  if (!phone) return { ok: false, message: `"${text.trim()}" is not a phone number` };
  if (phone.countryCallingCode !== GERMANY) return { ok: false, message: `${phone.number} is not a German number (+49)` };
  if (phone.nationalNumber.length > MAX_NATIONAL_DIGITS) {
    return { ok: false, message: `${phone.number} has ${phone.nationalNumber.length} digits after +49; the German number plan allows at most ${MAX_NATIONAL_DIGITS}` };
  }
  if (!phone.isValid()) return { ok: false, message: `${phone.number} is not a valid German number (no such area code or length)` };
  return { ok: true, e164: phone.number };
}

/**
 * The beginning of German numbers written as a number (`+49 221 4711`, `0221 4711`,
 * `0049 221-4711`): `+49` and the digits after it, without checking it is a whole number.
 */
export function parseGermanPrefix(text: string): GermanNumberParse {
  const compact = text.trim().replace(/[\s()./-]/g, '');
  const national = /^\+49(\d+)$/.exec(compact)?.[1] ?? /^0049(\d+)$/.exec(compact)?.[1] ?? /^0([1-9]\d*)$/.exec(compact)?.[1];
  if (national === undefined) {
    return { ok: false, message: `"${text.trim()}" must be a German number like +49 221 4711 or 0221 4711` };
  }
  if (national.length >= MAX_NATIONAL_DIGITS) {
    return { ok: false, message: `+49${national} leaves no room for extension digits within the ${MAX_NATIONAL_DIGITS} digits after +49 the German plan allows` };
  }
  return { ok: true, e164: `+49${national}` };
}

/** The digits after +49 of an E.164 German number. */
export const nationalDigits = (e164: string): string => e164.slice(3);

/** A local area code (Ortsnetzkennzahl) as written, `0221` or `221`, without its 0; undefined unless it is one. */
export function parseAreaCode(text: string): string | undefined {
  const digits = text.trim().replace(/^0/, '');
  // 2–5 digits without the 0; codes starting with 1 are mobile and service numbers, not places
  return /^[2-9]\d{1,4}$/.test(digits) ? digits : undefined;
}
