import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ForwardTarget } from './directory.js';
import { extensionProblem, looksLikeExtension } from './extension.js';

/** The numbering plan external numbers are read in when they are not in international form. */
const homeCountry = 'DE';

export type ForwardTargetParse = { readonly ok: true; readonly target: ForwardTarget } | { readonly ok: false; readonly message: string };

/**
 * Reads a forwarding target as an admin writes it: an extension (`201`), or an external
 * number in international (`+49 221 471123`) or German national form (`0221 471123`),
 * stored in E.164. Premium-rate numbers are refused: forwarding to them is a classic way to
 * run up charges on a hijacked account.
 */
export function parseForwardTarget(text: string): ForwardTargetParse {
  const trimmed = text.trim();
  if (looksLikeExtension(trimmed)) {
    const problem = extensionProblem(trimmed);
    return problem === undefined ? { ok: true, target: { kind: 'extension', extension: trimmed } } : { ok: false, message: `extension ${trimmed} ${problem}` };
  }
  const phone = parsePhoneNumberFromString(trimmed, homeCountry);
  if (!phone?.isValid()) {
    return { ok: false, message: 'must be an extension (2–8 digits) or a valid phone number, e.g. +49 221 471123 or 0221 471123' };
  }
  if (phone.getType() === 'PREMIUM_RATE') return { ok: false, message: `${phone.number} is a premium-rate number` };
  return { ok: true, target: { kind: 'external', number: phone.number } };
}

/** The target as one string: the extension's digits or the E.164 number (how it is stored and shown in tables). */
export function forwardTargetText(target: ForwardTarget): string {
  return target.kind === 'extension' ? target.extension : target.number;
}

/** The target a stored string names (see {@link forwardTargetText}). */
export function forwardTargetFromText(text: string): ForwardTarget {
  return text.startsWith('+') ? { kind: 'external', number: text } : { kind: 'extension', extension: text };
}
