/** URI equivalence: RFC 3261 §19.1.4 for SIP/SIPS, RFC 3966 §4 for tel. */
import { unescapeBytes } from './escape.js';
import type { Params } from './params.js';
import type { SipUri, TelUri, Uri } from './uri.js';

export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind === 'sip' && b.kind === 'sip') return sipEquals(a, b);
  if (a.kind === 'tel' && b.kind === 'tel') return telEquals(a, b);
  if (a.kind === 'absolute' && b.kind === 'absolute') return a.scheme === b.scheme && a.opaque === b.opaque;
  return false;
}

/** Parameters that must be present in both URIs or in neither (§19.1.4). */
const MUST_MATCH = ['user', 'ttl', 'method', 'maddr', 'transport'];

function sipEquals(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  // userinfo is case-sensitive; escapes and the characters they stand for are equivalent
  if (unescapeOrNone(a.user) !== unescapeOrNone(b.user)) return false;
  if (unescapeOrNone(a.password) !== unescapeOrNone(b.password)) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  // an absent port is not equal to an explicit default port
  if (a.port !== b.port) return false;
  for (const name of MUST_MATCH) if (a.params.has(name) !== b.params.has(name)) return false;
  for (const [name, value] of a.params) {
    if (!b.params.has(name)) continue;
    if (!paramValueEquals(value, b.params.get(name) ?? null)) return false;
  }
  if (a.headers.length !== b.headers.length) return false;
  return a.headers.every((h) => b.headers.some((o) => o.name.toLowerCase() === h.name.toLowerCase() && unescapeBytes(o.value) === unescapeBytes(h.value)));
}

function unescapeOrNone(s: string | undefined): string | undefined {
  return s === undefined ? undefined : unescapeBytes(s);
}

function paramValueEquals(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return unescapeBytes(a).toLowerCase() === unescapeBytes(b).toLowerCase();
}

/** The number without visual separators, upper-cased (RFC 3966 §4). */
export function telDigits(uri: TelUri): string {
  let out = '';
  for (const ch of uri.number) if (ch !== '-' && ch !== '.' && ch !== '(' && ch !== ')') out += ch.toUpperCase();
  return out;
}

function telEquals(a: TelUri, b: TelUri): boolean {
  if (a.global !== b.global || telDigits(a) !== telDigits(b)) return false;
  return sameParams(a.params, b.params);
}

function sameParams(a: Params, b: Params): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) {
    if (!b.has(name) || !paramValueEquals(value, b.get(name) ?? null)) return false;
  }
  return true;
}
