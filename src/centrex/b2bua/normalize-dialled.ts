/**
 * What the caller dialled, from the Request-URI: `sip:202@domain`, `sip:0221471123@domain`,
 * `sip:alice@domain` (a SIP user name), `tel:202`, `tel:+49-221-…` with visual separators
 * (RFC 3966 §5.1.1). Digits come back without separators, for the dial plan to read; a user name
 * comes back as that user's extension.
 */
import { Status, telDigits, unescapeUri } from '../../sip/index.js';
import type { Uri } from '../../sip/index.js';

export type DialledTarget =
  | { readonly ok: true; readonly dialled: { readonly kind: 'digits'; readonly digits: string } | { readonly kind: 'extension'; readonly extension: string } }
  | { readonly ok: false; readonly status: typeof Status.AddressIncomplete | typeof Status.UnsupportedUriScheme; readonly reason: string };

/** RFC 3966 visual separators, and the spaces people type. */
const VISUAL_SEPARATORS = /[-.() ]/g;
const DIALLABLE = /^\+?[0-9*#]+$/;

const digits = (text: string): DialledTarget => ({ ok: true, dialled: { kind: 'digits', digits: text } });

/**
 * `extensionOf` maps a SIP user name (not a number) to the extension of the user who has it.
 */
export function normalizeDialled(uri: Uri, extensionOf: (username: string) => string | undefined): DialledTarget {
  if (uri.kind === 'absolute') return { ok: false, status: Status.UnsupportedUriScheme, reason: `cannot call a ${uri.scheme}: URI` };
  if (uri.kind === 'tel') return digits(telDigits(uri));
  const user = uri.user === undefined ? '' : unescapeUri(uri.user).trim();
  if (user === '') return { ok: false, status: Status.AddressIncomplete, reason: 'the Request-URI names no extension' };
  const dialled = user.replace(VISUAL_SEPARATORS, '');
  if (DIALLABLE.test(dialled)) return digits(dialled);
  return { ok: true, dialled: { kind: 'extension', extension: extensionOf(user) ?? user } };
}
