/** Header names: compact forms (RFC 3261 §7.3.3 and the IANA SIP header registry) and matching keys. */

/** Compact form → full name. */
export const compactForms: ReadonlyMap<string, string> = new Map([
  ['a', 'Accept-Contact'],
  ['b', 'Referred-By'],
  ['c', 'Content-Type'],
  ['d', 'Request-Disposition'],
  ['e', 'Content-Encoding'],
  ['f', 'From'],
  ['i', 'Call-ID'],
  ['j', 'Reject-Contact'],
  ['k', 'Supported'],
  ['l', 'Content-Length'],
  ['m', 'Contact'],
  ['n', 'Identity-Info'],
  ['o', 'Event'],
  ['r', 'Refer-To'],
  ['s', 'Subject'],
  ['t', 'To'],
  ['u', 'Allow-Events'],
  ['v', 'Via'],
  ['x', 'Session-Expires'],
  ['y', 'Identity'],
]);

/**
 * The key two header names share when they name the same header: the lower-cased full name
 * (`v`, `VIA` and `Via` all give `via`). Names are case-insensitive (§7.3.1).
 */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  if (lower.length === 1) return compactForms.get(lower)?.toLowerCase() ?? lower;
  return lower;
}

/** True when the header name `name` (any case, full or compact) denotes the header whose {@link headerKey} is `key`. */
export function isHeader(name: string, key: string): boolean {
  if (name.length !== key.length) return name.length === 1 && compactForms.get(name.toLowerCase())?.toLowerCase() === key;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const lower = c >= 65 && c <= 90 ? c | 0x20 : c;
    if (lower !== key.charCodeAt(i)) return false;
  }
  return true;
}

/** The headers parsed eagerly into typed fields of every message. */
export type HotHeader = 'via' | 'from' | 'to' | 'call-id' | 'cseq' | 'contact' | 'max-forwards' | 'route' | 'record-route' | 'content-type' | 'content-length';

const HOT = new Map<string, HotHeader>();
for (const [spellings, key] of [
  [['Via', 'v'], 'via'],
  [['From', 'f'], 'from'],
  [['To', 't'], 'to'],
  [['Call-ID', 'Call-Id', 'i'], 'call-id'],
  [['CSeq'], 'cseq'],
  [['Contact', 'm'], 'contact'],
  [['Max-Forwards'], 'max-forwards'],
  [['Route'], 'route'],
  [['Record-Route'], 'record-route'],
  [['Content-Type', 'c'], 'content-type'],
  [['Content-Length', 'l'], 'content-length'],
] as const) {
  for (const s of spellings) {
    HOT.set(s, key);
    HOT.set(s.toLowerCase(), key);
  }
}

/** First letters (lower-cased) and lengths of the hot names: a cheap test that rules most others out. */
const HOT_FIRST = new Set([...HOT.keys()].map((k) => k.charCodeAt(0) | 0x20));
const HOT_LENGTHS = new Set([...HOT.keys()].map((k) => k.length));

/** Which hot header a name denotes (any case, full or compact), if any. */
export function hotHeader(name: string): HotHeader | undefined {
  if (!HOT_LENGTHS.has(name.length) || !HOT_FIRST.has(name.charCodeAt(0) | 0x20)) return undefined;
  return HOT.get(name) ?? HOT.get(name.toLowerCase());
}
