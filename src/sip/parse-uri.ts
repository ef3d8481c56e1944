/**
 * URI parsing: `sip:`/`sips:` (RFC 3261 §19.1, §25.1), `tel:` (RFC 3966 §3) and any other
 * absolute URI kept opaque. Components are kept as written; see uri-equals.ts for comparison.
 */
import { noParams } from './params.js';
import type { Params } from './params.js';
import { HNV, HOST, PARAMCHAR, PASSWORD, SCHEME, URIC, USER, fail, inClass, ok, parseDigits, scanClass } from './scan.js';
import type { Parsed } from './scan.js';
import type { AbsoluteUri, SipUri, TelUri, Uri, UriHeader } from './uri.js';

export function parseUri(text: string): Parsed<Uri> {
  const colon = text.indexOf(':');
  if (colon <= 0) return fail('URI has no scheme');
  const first = text.charCodeAt(0) | 0x20;
  if (first < 97 || first > 122 || scanClass(text, 1, SCHEME) !== colon) return fail('invalid URI scheme');
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSip(scheme, rest);
  if (scheme === 'tel') return parseTel(rest);
  if (rest.length === 0 || scanClass(rest, 0, URIC) !== rest.length) return fail(`invalid ${scheme} URI`);
  const uri: AbsoluteUri = { kind: 'absolute', scheme, opaque: rest };
  return ok(uri);
}

function parseSip(scheme: 'sip' | 'sips', s: string): Parsed<SipUri> {
  const n = s.length;
  let user: string | undefined;
  let password: string | undefined;
  let i = 0;
  const at = s.indexOf('@');
  if (at >= 0) {
    const colon = s.indexOf(':');
    const userEnd = colon >= 0 && colon < at ? colon : at;
    if (userEnd === 0 || scanClass(s, 0, USER) < userEnd) return fail('invalid user part in SIP URI');
    user = s.slice(0, userEnd);
    if (userEnd < at) {
      if (scanClass(s, userEnd + 1, PASSWORD) < at) return fail('invalid password in SIP URI');
      password = s.slice(userEnd + 1, at);
    }
    i = at + 1;
  }
  let hostEnd: number;
  if (s.charCodeAt(i) === 91) {
    const close = s.indexOf(']', i);
    if (close < 0 || !isIpv6(s, i + 1, close)) return fail('invalid IPv6 reference in SIP URI');
    hostEnd = close + 1;
  } else {
    hostEnd = scanClass(s, i, HOST);
    if (hostEnd === i) return fail('missing host in SIP URI');
  }
  const host = s.slice(i, hostEnd);
  i = hostEnd;
  let port: number | undefined;
  if (s.charCodeAt(i) === 58) {
    const portEnd = scanDigits(s, i + 1);
    port = parseDigits(s.slice(i + 1, portEnd), 65535);
    if (port === undefined) return fail('invalid port in SIP URI');
    i = portEnd;
  }
  let params: Map<string, string | null> | undefined;
  while (s.charCodeAt(i) === 59) {
    const nameEnd = scanClass(s, i + 1, PARAMCHAR);
    if (nameEnd === i + 1) return fail('empty URI parameter');
    const name = s.slice(i + 1, nameEnd).toLowerCase();
    i = nameEnd;
    let value: string | null = null;
    if (s.charCodeAt(i) === 61) {
      const valueEnd = scanClass(s, i + 1, PARAMCHAR);
      if (valueEnd === i + 1) return fail(`empty value for URI parameter ${name}`);
      value = s.slice(i + 1, valueEnd);
      i = valueEnd;
    }
    params ??= new Map();
    params.set(name, value);
  }
  let headers: readonly UriHeader[] = noHeaders;
  if (s.charCodeAt(i) === 63) {
    const list: UriHeader[] = [];
    headers = list;
    do {
      const nameEnd = scanClass(s, i + 1, HNV);
      if (nameEnd === i + 1 || s.charCodeAt(nameEnd) !== 61) return fail('invalid URI header');
      const valueEnd = scanClass(s, nameEnd + 1, HNV);
      list.push({ name: s.slice(i + 1, nameEnd), value: s.slice(nameEnd + 1, valueEnd) });
      i = valueEnd;
    } while (s.charCodeAt(i) === 38);
  }
  if (i !== n) return fail(`unexpected "${s[i]}" in SIP URI`);
  // every key present, so all SIP URIs share one object shape
  const uri: SipUri = { kind: 'sip', scheme, user, password, host, port, params: params ?? noParams, headers };
  return ok(uri);
}

const noHeaders: readonly UriHeader[] = [];

function scanDigits(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

function isIpv6(s: string, from: number, to: number): boolean {
  let colons = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102) || c === 46)) return false;
  }
  return colons >= 2;
}

const TEL_VISUAL = '-.()';

/** RFC 3966 §3: global-number / local-number, then parameters. */
function parseTel(s: string): Parsed<TelUri> {
  const semi = s.indexOf(';');
  const number = semi < 0 ? s : s.slice(0, semi);
  const global = number.charCodeAt(0) === 43;
  let significant = 0;
  for (let i = global ? 1 : 0; i < number.length; i++) {
    const ch = number[i] as string;
    const c = number.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const localOnly = !global && (((c | 0x20) >= 97 && (c | 0x20) <= 102) || ch === '*' || ch === '#');
    if (digit || localOnly) significant++;
    else if (!TEL_VISUAL.includes(ch)) return fail('invalid character in telephone number');
  }
  if (significant === 0) return fail('empty telephone number');
  const params = new Map<string, string | null>();
  let i = semi < 0 ? s.length : semi;
  while (i < s.length) {
    let end = s.indexOf(';', i + 1);
    if (end < 0) end = s.length;
    const eq = s.indexOf('=', i + 1);
    const nameEnd = eq >= 0 && eq < end ? eq : end;
    const name = s.slice(i + 1, nameEnd).toLowerCase();
    if (name.length === 0 || !isTelParamName(name)) return fail('invalid tel URI parameter');
    if (nameEnd < end) {
      const value = s.slice(nameEnd + 1, end);
      if (value.length === 0 || scanClass(value, 0, PARAMCHAR) !== value.length) return fail(`invalid value for tel parameter ${name}`);
      params.set(name, value);
    } else params.set(name, null);
    i = end;
  }
  if (!global && !params.get('phone-context')) return fail('local telephone number without phone-context');
  const uri: TelUri = { kind: 'tel', number, global, params: params as Params };
  return ok(uri);
}

function isTelParamName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c !== 45 && !inClass(HOST, c)) return false;
  }
  return true;
}
