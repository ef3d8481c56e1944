/** Specs for the headers the stack reads lazily (see header-registry.ts). */
import { parseContentType } from './content-type.js';
import type { ContentType, NameAddr } from './header-values.js';
import { defineHeader } from './header-registry.js';
import type { HeaderSpec } from './header-registry.js';
import { parseNameAddr, parseNameAddrList } from './name-addr.js';
import type { Params } from './params.js';
import { scanHeaderParams } from './params.js';
import { TOKEN, fail, isToken, nextComma, ok, parseDigits, scanClass } from './scan.js';
import type { Parsed } from './scan.js';

/** A token (or number) with generic parameters: Event, Content-Disposition, Session-Expires ... */
export interface TokenWithParams {
  readonly value: string;
  readonly params: Params;
}

export const MAX_DELTA_SECONDS = 2 ** 32 - 1;

/** Splits on top-level commas (quoted strings and `<...>` are respected), trimming each element. */
export function splitList(values: readonly string[]): Parsed<string[]> {
  const out: string[] = [];
  for (const value of values) {
    let i = 0;
    while (i <= value.length) {
      const comma = nextComma(value, i);
      if (comma < 0) return fail('unterminated quoted string');
      const item = value.slice(i, comma).trim();
      if (item.length > 0) out.push(item);
      i = comma + 1;
    }
  }
  return ok(out);
}

function only(values: readonly string[]): Parsed<string> {
  return values.length === 1 ? ok(values[0] as string) : fail('header must appear once');
}

function tokenList(name: string): HeaderSpec<string[]> {
  return defineHeader(name, (values) => {
    const items = splitList(values);
    if (!items.ok) return items;
    const bad = items.value.find((t) => !isToken(t));
    return bad === undefined ? items : fail(`invalid token "${bad}"`);
  });
}

function deltaSeconds(name: string): HeaderSpec<number> {
  return defineHeader(name, (values) => {
    const value = only(values);
    if (!value.ok) return value;
    const n = parseDigits(value.value, MAX_DELTA_SECONDS);
    return n === undefined ? fail('invalid delta-seconds') : ok(n);
  });
}

function text(name: string): HeaderSpec<string> {
  return defineHeader(name, (values) => ok(values.join(', ')));
}

function scanTokenWithParams(s: string): Parsed<TokenWithParams> {
  const end = scanClass(s, 0, TOKEN);
  if (end === 0) return fail('missing value');
  const scanned = scanHeaderParams(s, end);
  if (typeof scanned === 'string') return fail(scanned);
  if (scanned.end !== s.length) return fail('more than one value');
  return ok({ value: s.slice(0, end), params: scanned.params });
}

function tokenWithParams(name: string): HeaderSpec<TokenWithParams> {
  return defineHeader(name, (values) => {
    const value = only(values);
    return value.ok ? scanTokenWithParams(value.value) : value;
  });
}

function tokenWithParamsList(name: string): HeaderSpec<TokenWithParams[]> {
  return defineHeader(name, (values) => eachOf(values, scanTokenWithParams));
}

function eachOf<T>(values: readonly string[], parseOne: (s: string) => Parsed<T>): Parsed<T[]> {
  const items = splitList(values);
  if (!items.ok) return items;
  const out: T[] = [];
  for (const item of items.value) {
    const parsed = parseOne(item);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return ok(out);
}

function nameAddr(name: string): HeaderSpec<NameAddr> {
  return defineHeader(name, (values) => {
    const value = only(values);
    return value.ok ? parseNameAddr(value.value) : value;
  });
}

function nameAddrList(name: string, nameAddrOnly = false): HeaderSpec<NameAddr[]> {
  return defineHeader(name, (values) => {
    const out: NameAddr[] = [];
    for (const value of values) {
      const parsed = parseNameAddrList(value, nameAddrOnly);
      if (!parsed.ok) return parsed;
      out.push(...parsed.value);
    }
    return ok(out);
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** `SIP-date` = RFC 1123 date, always in GMT (§20.17), e.g. `Sat, 13 Nov 2010 23:29:00 GMT`. */
function parseSipDate(values: readonly string[]): Parsed<Date> {
  const value = only(values);
  if (!value.ok) return value;
  const parts = value.value.split(' ').filter((p) => p.length > 0);
  if (parts.length !== 6) return fail('malformed date');
  const [wkday, day, month, year, time, zone] = parts as [string, string, string, string, string, string];
  if (!wkday.endsWith(',') || !WEEKDAYS.includes(wkday.slice(0, -1))) return fail('malformed date');
  if (zone !== 'GMT') return fail('date not in GMT');
  const m = MONTHS.indexOf(month);
  const d = day.length === 2 ? parseDigits(day, 31) : undefined;
  const y = year.length === 4 ? parseDigits(year, 9999) : undefined;
  const hms = time.split(':');
  const [h, min, sec] = hms.map((p) => (p.length === 2 ? parseDigits(p, 60) : undefined));
  if (m < 0 || d === undefined || y === undefined || hms.length !== 3 || h === undefined || min === undefined || sec === undefined) return fail('malformed date');
  return ok(new Date(Date.UTC(y, m, d, h, min, sec)));
}

/** RFC 3262 `RAck: response-num CSeq-num Method` */
export interface RAck {
  readonly rseq: number;
  readonly cseq: number;
  readonly method: string;
}

function parseRAck(values: readonly string[]): Parsed<RAck> {
  const value = only(values);
  if (!value.ok) return value;
  const parts = value.value.split(/[ \t]+/);
  if (parts.length !== 3) return fail('malformed RAck');
  const [rseqText, cseqText, method] = parts as [string, string, string];
  const rseq = parseDigits(rseqText, MAX_DELTA_SECONDS);
  const cseq = parseDigits(cseqText, MAX_DELTA_SECONDS);
  if (rseq === undefined || cseq === undefined || !isToken(method)) return fail('malformed RAck');
  return ok({ rseq, cseq, method });
}

/** RFC 3323 `Privacy: priv-value *(";" priv-value)` */
function parsePrivacy(values: readonly string[]): Parsed<string[]> {
  const out: string[] = [];
  for (const value of values) {
    for (const item of value.split(';')) {
      const token = item.trim();
      if (!isToken(token)) return fail('invalid priv-value');
      out.push(token);
    }
  }
  return ok(out);
}

function parseAccept(values: readonly string[]): Parsed<ContentType[]> {
  return eachOf(values, parseContentType);
}

function parseRSeq(values: readonly string[]): Parsed<number> {
  const value = only(values);
  if (!value.ok) return value;
  const n = parseDigits(value.value, MAX_DELTA_SECONDS);
  return n === undefined || n === 0 ? fail('invalid RSeq') : ok(n);
}

/** `Session-Expires: delta-seconds *(;se-params)` (RFC 4028) */
function parseSessionExpires(values: readonly string[]): Parsed<TokenWithParams> {
  const parsed = tokenWithParams('Session-Expires').parse(values);
  if (!parsed.ok) return parsed;
  return parseDigits(parsed.value.value, MAX_DELTA_SECONDS) === undefined ? fail('invalid delta-seconds') : parsed;
}

/** The lazily parsed headers this package knows; other modules may add their own with `defineHeader`. */
export const Header = {
  Accept: defineHeader('Accept', parseAccept),
  AcceptEncoding: tokenList('Accept-Encoding'),
  Allow: tokenList('Allow'),
  AllowEvents: tokenList('Allow-Events'),
  ContentDisposition: tokenWithParams('Content-Disposition'),
  ContentEncoding: tokenList('Content-Encoding'),
  Date: defineHeader('Date', parseSipDate),
  Diversion: nameAddrList('Diversion'),
  Event: tokenWithParams('Event'),
  Expires: deltaSeconds('Expires'),
  HistoryInfo: nameAddrList('History-Info'),
  MinExpires: deltaSeconds('Min-Expires'),
  MinSE: tokenWithParams('Min-SE'),
  Organization: text('Organization'),
  PAssertedIdentity: nameAddrList('P-Asserted-Identity'),
  Path: nameAddrList('Path', true),
  PPreferredIdentity: nameAddrList('P-Preferred-Identity'),
  Privacy: defineHeader('Privacy', parsePrivacy),
  ProxyRequire: tokenList('Proxy-Require'),
  RAck: defineHeader('RAck', parseRAck),
  Reason: tokenWithParamsList('Reason'),
  ReferredBy: nameAddr('Referred-By'),
  ReferTo: nameAddr('Refer-To'),
  ReplyTo: nameAddr('Reply-To'),
  Require: tokenList('Require'),
  RSeq: defineHeader('RSeq', parseRSeq),
  Server: text('Server'),
  ServiceRoute: nameAddrList('Service-Route', true),
  SessionExpires: defineHeader('Session-Expires', parseSessionExpires),
  Subject: text('Subject'),
  SubscriptionState: tokenWithParams('Subscription-State'),
  Supported: tokenList('Supported'),
  Unsupported: tokenList('Unsupported'),
  UserAgent: text('User-Agent'),
} as const;

