/**
 * Which header lines cross the B2BUA from one leg to the other. Each leg is its own dialog, so
 * the lines that make up a dialog or a hop (the typed ones: Via, From, To, Call-ID, CSeq, Contact,
 * routes, Max-Forwards, content framing) are built anew per leg, credentials and challenges stay
 * on the hop they were meant for, and identity is asserted by the B2BUA itself. Everything else
 * (session timer lines, Allow, Supported, Reason, Subject, User-Agent, extension headers) passes
 * unchanged, except reliable provisional responses, which the B2BUA does not relay.
 */
import { headerKey, hotHeader, splitList } from '../../sip/index.js';
import type { ExtraHeader, SipMessage } from '../../sip/index.js';

/** Lines never copied from one leg to the other. */
const HOP_ONLY: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'www-authenticate',
  'proxy-authenticate',
  'authentication-info',
  'proxy-authentication-info',
  'proxy-require',
  'p-asserted-identity',
  'p-preferred-identity',
  // the pre-RFC 3325 identity line some carriers and phones still read: only belay asserts identity
  'remote-party-id',
  'path',
  'service-route',
  'rseq',
  'rack',
]);

/** RFC 3262 reliable provisional responses would need PRACK relayed across early dialogs: not offered. */
const RELIABLE_PROVISIONAL = '100rel';

/** The option tags of a Supported or Require line without `100rel`; a line that does not parse passes as it is. */
function withoutReliableProvisional(value: string): string | undefined {
  const tags = splitList([value]);
  if (!tags.ok) return value;
  const kept = tags.value.filter((tag) => tag.toLowerCase() !== RELIABLE_PROVISIONAL);
  return kept.length === 0 ? undefined : kept.join(', ');
}

/**
 * The lines of `message` to copy onto the same message on the other leg, minus the header names
 * in `omit` (lower-case full names), which the caller sets itself.
 */
export function relayedHeaders(message: SipMessage, omit: ReadonlySet<string> = new Set()): ExtraHeader[] {
  const out: ExtraHeader[] = [];
  for (const field of message.headers) {
    if (hotHeader(field.name)) continue;
    const key = headerKey(field.name);
    if (HOP_ONLY.has(key) || omit.has(key)) continue;
    if (key === 'supported' || key === 'require') {
      const value = withoutReliableProvisional(field.value);
      if (value !== undefined) out.push({ name: field.name, value });
      continue;
    }
    out.push({ name: field.name, value: field.value });
  }
  return out;
}
