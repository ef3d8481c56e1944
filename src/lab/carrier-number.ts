/**
 * How the simulated German network reads numbers from SIP (its own reader: the network is an
 * independent peer of belay). `+49…`, `0049…`, `49…` (E.164 digits without `+`, as sipgate
 * writes them) and national `0…` (a German number) all become `+E.164`; the emergency numbers
 * 110 and 112 stay as dialled.
 */
import type { NameAddr, Uri } from '../sip/index.js';
import { unescapeUri } from '../sip/index.js';

export const EMERGENCY_NUMBERS: readonly string[] = ['110', '112'];

export const isEmergencyNumber = (number: string): boolean => EMERGENCY_NUMBERS.includes(number);

/** Visual separators a tel URI or a phone may write (RFC 3966 §5.1.1). */
const SEPARATORS = /[-.() ]/g;

/** `+E.164`, the emergency number as dialled, or undefined for anything the network cannot route. */
export function readCarrierNumber(text: string): string | undefined {
  const digits = text.replace(SEPARATORS, '');
  if (isEmergencyNumber(digits)) return digits;
  let match = /^\+([1-9]\d{5,14})$/.exec(digits) ?? /^00([1-9]\d{5,14})$/.exec(digits);
  if (match) return `+${match[1]}`;
  match = /^0([1-9]\d{3,13})$/.exec(digits);
  if (match) return `+49${match[1]}`;
  match = /^([1-9]\d{7,14})$/.exec(digits);
  return match ? `+${match[1]}` : undefined;
}

/** The number in a URI: the user part of a sip URI (up to any `;` parameters), or a tel URI's number. */
export function uriNumber(uri: Uri): string | undefined {
  if (uri.kind === 'tel') return readCarrierNumber(uri.number);
  if (uri.kind !== 'sip' || uri.user === undefined) return undefined;
  return readCarrierNumber(unescapeUri(uri.user).split(';')[0] ?? '');
}

/** RFC 3323 / 3325 conventions for a withheld identity: the user or host says anonymous. */
export function isAnonymous(address: NameAddr): boolean {
  const { uri } = address;
  if (uri.kind !== 'sip') return false;
  return uri.user?.toLowerCase() === 'anonymous' || uri.host.toLowerCase() === 'anonymous.invalid';
}
