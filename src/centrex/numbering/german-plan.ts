/**
 * Rules of the German numbering plan that libphonenumber does not know or types differently.
 * Each works on the national significant number: the digits after +49.
 */

/** The country calling code of Germany. */
export const germany = '49';

/** A German number has at most 13 digits after the country code (Vfg. 25/2006 §2.3c); libphonenumber allows 15. */
export const maxGermanDigits = 13;

/** An area code (Ortsnetzkennzahl) without its 0: 2–5 digits, e.g. 221 for Cologne. */
export function isAreaCode(text: string): boolean {
  return /^[1-9]\d{1,4}$/.test(text);
}

/** The emergency numbers: police 110, fire and ambulance 112. */
export function isEmergencyNumber(national: string): national is '110' | '112' {
  return national === '110' || national === '112';
}

/** Directory enquiry services: 118xy, and 1180xy. */
export function isDirectoryEnquiry(national: string): boolean {
  return /^118(?:[1-9]\d|0\d\d)$/.test(national);
}

/** Short codes of public services: 115 (authorities) and 116xxx (harmonised services of social value, e.g. 116117). */
export function isServiceShortCode(national: string): boolean {
  return /^11(?:5|6\d{3})$/.test(national);
}

/** The short codes dialled without a prefix: 110, 112, 115, 116xxx, 118xx. */
export function isShortCode(national: string): boolean {
  return isEmergencyNumber(national) || isServiceShortCode(national) || isDirectoryEnquiry(national);
}

/** Premium-rate (0900) and mass-traffic (0137) ranges: libphonenumber types most of 0137 as shared cost. */
export function isPremiumRange(national: string): boolean {
  return /^(?:900|137)/.test(national);
}

/** The 0180 service range (shared cost). */
export function isServiceRange(national: string): boolean {
  return national.startsWith('180');
}
