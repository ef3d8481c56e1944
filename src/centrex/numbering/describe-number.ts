import type { PhoneNumber, PhoneNumberType } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CallCategory, DialledNumber } from './dialled-number.js';
import { germany, isDirectoryEnquiry, isAreaCode, isEmergencyNumber, isPremiumRange, isServiceRange, isServiceShortCode, maxGermanDigits } from './german-plan.js';

/** A number in E.164 form, described: an emergency call, an external destination, or why it is no number. */
export type NumberDescription = Exclude<DialledNumber, { readonly kind: 'extension' }>;

/** German destinations by libphonenumber's type, where the German rules (`german-plan.ts`) do not decide first. */
const categoryByType: Readonly<Record<PhoneNumberType, CallCategory>> = {
  FIXED_LINE: 'national',
  VOIP: 'national',
  MOBILE: 'mobile',
  FIXED_LINE_OR_MOBILE: 'mobile',
  VOICEMAIL: 'mobile',
  TOLL_FREE: 'freephone',
  PREMIUM_RATE: 'premium',
  SHARED_COST: 'special',
  PERSONAL_NUMBER: 'special',
  UAN: 'special',
  PAGER: 'special',
};

/**
 * What `e164` (`+` and digits) is. A German fixed-line number in `areaCode` (the caller's, without
 * its 0) is local. Every German number whose national part is 110 or 112 is an emergency call.
 * Foreign numbers are international, or premium when libphonenumber knows them as premium-rate.
 * Reasons name the number as `written` (as dialled).
 */
export function describeNumber(e164: string, areaCode?: string, written: string = e164): NumberDescription {
  const phone = /^\+[1-9]\d*$/.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
  if (phone === undefined) return invalid(`${written} is not a phone number`);
  return phone.countryCallingCode === germany ? describeGerman(phone, areaCode, written) : describeForeign(phone, written);
}

function describeGerman(phone: PhoneNumber, areaCode: string | undefined, written: string): NumberDescription {
  const national = phone.nationalNumber;
  if (isEmergencyNumber(national)) return { kind: 'emergency', number: national };
  if (national.length > maxGermanDigits) {
    return invalid(`${written} is too long: a German number has at most ${maxGermanDigits} digits after +49`);
  }
  if (isDirectoryEnquiry(national)) return external(phone, 'premium');
  if (isServiceShortCode(national)) return external(phone, 'special');
  const type = phone.getType();
  if (!phone.isValid() || type === undefined) return invalid(`${written} is not a valid German number`);
  if (isPremiumRange(national)) return external(phone, 'premium');
  if (isServiceRange(national)) return external(phone, 'special');
  if (type === 'FIXED_LINE' && areaCode !== undefined && isAreaCode(areaCode) && national.startsWith(areaCode)) return external(phone, 'local');
  return external(phone, categoryByType[type]);
}

function describeForeign(phone: PhoneNumber, written: string): NumberDescription {
  if (!phone.isValid()) return invalid(`${written} is not a valid number of country code +${phone.countryCallingCode}`);
  return external(phone, phone.getType() === 'PREMIUM_RATE' ? 'premium' : 'international');
}

function external(phone: PhoneNumber, category: CallCategory): NumberDescription {
  return { kind: 'external', e164: phone.number, category };
}

export function invalid(reason: string): { readonly kind: 'invalid'; readonly reason: string } {
  return { kind: 'invalid', reason };
}
