/**
 * What the caller dialled, from the Request-URI: `sip:202@domain`, `sip:alice@domain` (a SIP
 * user name), `tel:202`, `tel:+49-221-…` with visual separators (RFC 3966 §5.1.1). A global
 * number is external; everything else is looked up as an extension of the caller's tenant.
 */
import { Status, telDigits, unescapeUri } from '../../sip/index.js';
import type { Uri } from '../../sip/index.js';
import type { ForwardTarget } from '../directory/index.js';

export type DialledTarget =
  | { readonly ok: true; readonly target: ForwardTarget }
  | { readonly ok: false; readonly status: typeof Status.AddressIncomplete | typeof Status.UnsupportedUriScheme; readonly reason: string };

/** RFC 3966 visual separators, and the spaces people type. */
const VISUAL_SEPARATORS = /[-.() ]/g;
const DIALLABLE = /^\+?[0-9*#]+$/;

const number = (dialled: string): ForwardTarget =>
  dialled.startsWith('+') ? { kind: 'external', number: dialled } : { kind: 'extension', extension: dialled };

/**
 * `extensionOf` maps a SIP user name (not a number) to the extension of the user who has it.
 */
export function normalizeDialled(uri: Uri, extensionOf: (username: string) => string | undefined): DialledTarget {
  if (uri.kind === 'absolute') return { ok: false, status: Status.UnsupportedUriScheme, reason: `cannot call a ${uri.scheme}: URI` };
  if (uri.kind === 'tel') {
    const digits = telDigits(uri);
    return { ok: true, target: uri.global ? { kind: 'external', number: digits } : { kind: 'extension', extension: digits } };
  }
  const user = uri.user === undefined ? '' : unescapeUri(uri.user).trim();
  if (user === '') return { ok: false, status: Status.AddressIncomplete, reason: 'the Request-URI names no extension' };
  const digits = user.replace(VISUAL_SEPARATORS, '');
  if (DIALLABLE.test(digits)) return { ok: true, target: number(digits) };
  return { ok: true, target: { kind: 'extension', extension: extensionOf(user) ?? user } };
}
