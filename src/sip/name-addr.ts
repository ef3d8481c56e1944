/**
 * `name-addr` / `addr-spec` with header parameters (RFC 3261 §20.10, §25.1): From, To, Contact,
 * Route, Record-Route and the many extension headers of the same shape.
 */
import { formatUri } from './format-uri.js';
import type { NameAddr } from './header-values.js';
import { scanHeaderParams } from './params.js';
import { formatParams } from './params.js';
import { parseUri } from './parse-uri.js';
import { TOKEN, fail, isWs, nextComma, ok, quote, scanClass, scanQuoted, skipWs, unquote } from './scan.js';
import type { Parsed } from './scan.js';
import type { Uri } from './uri.js';

interface Scanned {
  readonly value: NameAddr;
  readonly end: number;
}

/**
 * Scans one value at `i`. With `nameAddrOnly` (Route, Record-Route) the URI must be in `<>`.
 * In addr-spec form the URI ends at the first `;`, `,` or whitespace, and may not carry URI
 * headers (§20: a URI with `,`, `?` or `;` must be enclosed in angle brackets).
 */
function scanNameAddr(s: string, i: number, nameAddrOnly: boolean): Scanned | string {
  const n = s.length;
  i = skipWs(s, i);
  let displayName: string | undefined;
  if (s.charCodeAt(i) === 34) {
    const end = scanQuoted(s, i);
    if (end < 0) return 'unterminated quoted display name';
    displayName = unquote(s.slice(i, end));
    i = skipWs(s, end);
    if (s.charCodeAt(i) !== 60) return 'display name not followed by <URI>';
  } else if (s.charCodeAt(i) !== 60) {
    // either `*(token LWS)` followed by `<`, or a bare addr-spec
    let j = i;
    while (j < n) {
      const next = scanClass(s, j, TOKEN);
      if (next === j && !isWs(s.charCodeAt(j))) break;
      j = next === j ? j + 1 : next;
    }
    if (s.charCodeAt(j) === 60) {
      displayName = s.slice(i, j).trim();
      i = j;
    } else {
      if (nameAddrOnly) return 'URI not enclosed in <>';
      let end = i;
      while (end < n) {
        const c = s.charCodeAt(end);
        if (c === 59 || c === 44 || isWs(c)) break;
        end++;
      }
      const uri = parseUri(s.slice(i, end));
      if (!uri.ok) return uri.reason;
      if (uri.value.kind === 'sip' && uri.value.headers.length > 0) return 'URI with headers not enclosed in <>';
      return withParams(s, end, undefined, uri.value);
    }
  }
  const close = s.indexOf('>', i + 1);
  if (close < 0) return 'unterminated <URI>';
  const uri = parseUri(s.slice(i + 1, close));
  if (!uri.ok) return uri.reason;
  return withParams(s, close + 1, displayName, uri.value);
}

function withParams(s: string, i: number, displayName: string | undefined, uri: Uri): Scanned | string {
  const scanned = scanHeaderParams(s, i);
  if (typeof scanned === 'string') return scanned;
  return { value: { displayName, uri, params: scanned.params }, end: scanned.end };
}

/** Exactly one value (From, To, Refer-To ...). */
export function parseNameAddr(s: string, nameAddrOnly = false): Parsed<NameAddr> {
  const scanned = scanNameAddr(s, 0, nameAddrOnly);
  if (typeof scanned === 'string') return fail(scanned);
  if (skipWs(s, scanned.end) !== s.length) return fail('more than one value');
  return ok(scanned.value);
}

/** A comma-separated list (Contact, Route, Record-Route, P-Asserted-Identity ...). */
export function parseNameAddrList(s: string, nameAddrOnly = false, max = Infinity): Parsed<NameAddr[]> {
  const out: NameAddr[] = [];
  let i = 0;
  for (;;) {
    const scanned = scanNameAddr(s, i, nameAddrOnly);
    if (typeof scanned === 'string') return fail(scanned);
    out.push(scanned.value);
    if (out.length > max) return fail('too many values');
    i = skipWs(s, scanned.end);
    if (i >= s.length) return ok(out);
    const comma = nextComma(s, i);
    if (comma !== i) return fail('malformed list');
    i++;
  }
}

export function formatNameAddr(value: NameAddr): string {
  const name = value.displayName === undefined ? '' : `${quote(value.displayName)} `;
  return `${name}<${formatUri(value.uri)}>${formatParams(value.params)}`;
}

/** The `tag` parameter of a From or To value. */
export function tagOf(value: NameAddr): string | undefined {
  return value.params.get('tag') ?? undefined;
}
