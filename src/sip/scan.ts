/**
 * Character classes and cursor helpers for the SIP grammar (RFC 3261 §25.1). Every scanner
 * moves forward only, so parsing stays linear in the input length; no regular expressions.
 */

function table(chars: string, alnum: boolean): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 48; c <= 57; c++) t[c] = 1;
    for (let c = 65; c <= 90; c++) t[c] = 1;
    for (let c = 97; c <= 122; c++) t[c] = 1;
  }
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** `token` (§25.1) */
export const TOKEN = table("-.!%*_+`'~", true);
/** `word`: token plus the separators allowed in Call-ID. */
export const WORD = table("-.!%*_+`'~()<>:\\\"/[]?{}", true);
/** user: unreserved / escaped / user-unreserved */
export const USER = table("-_.!~*'()%&=+$,;?/", true);
/** password: unreserved / escaped / & = + $ , */
export const PASSWORD = table("-_.!~*'()%&=+$,", true);
/** paramchar: param-unreserved / unreserved / escaped */
export const PARAMCHAR = table("-_.!~*'()%[]/:&+$", true);
/** hname / hvalue characters: hnv-unreserved / unreserved / escaped */
export const HNV = table("-_.!~*'()%[]/?:+$", true);
/** hostname characters (IPv4 included) */
export const HOST = table('-.', true);
/** gen-value / via param values: token / host / IPv6 reference */
export const GEN_VALUE = table("-.!%*_+`'~:[]", true);
/** uric (RFC 2396) used by absolute URIs and tel parameters */
export const URIC = table("-_.!~*'()%;/?:@&=+$,[]#", true);
/** scheme characters after the first letter */
export const SCHEME = table('+-.', true);

export function inClass(cls: Uint8Array, code: number): boolean {
  return code < 128 && cls[code] === 1;
}

/** Index of the first character at or after `i` that is not in `cls`. */
export function scanClass(s: string, i: number, cls: Uint8Array): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 128 || cls[c] !== 1) break;
    i++;
  }
  return i;
}

export function isWs(code: number): boolean {
  return code === 32 || code === 9;
}

/** Skips SP, HTAB and (for values not yet unfolded) CR/LF. */
export function skipWs(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    i++;
  }
  return i;
}

/**
 * Given `s[i] === '"'`, returns the index just past the closing quote, or -1 if the quoted
 * string is unterminated (quoted-pair `\x` escapes any character but CR and LF).
 */
export function scanQuoted(s: string, i: number): number {
  const n = s.length;
  i++;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) {
      i += 2;
      continue;
    }
    i++;
  }
  return -1;
}

/** The content of a quoted string (without the quotes) with quoted-pairs resolved. */
export function unquote(s: string): string {
  if (s.length < 2 || s.charCodeAt(0) !== 34) return s;
  const inner = s.slice(1, s.charCodeAt(s.length - 1) === 34 ? -1 : undefined);
  if (inner.indexOf('\\') < 0) return inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === '\\' && i + 1 < inner.length) {
      out += inner[i + 1];
      i++;
    } else out += ch;
  }
  return out;
}

/** Quotes text as a quoted-string, escaping `"` and `\`. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  return `${out}"`;
}

/**
 * Finds the next top-level comma at or after `i`: commas inside quoted strings or `<...>` do
 * not separate list elements. Returns `s.length` when there is none, -1 on an unterminated quote.
 */
export function nextComma(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 44) return i;
    if (c === 34) {
      const end = scanQuoted(s, i);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (c === 60) {
      const close = s.indexOf('>', i);
      if (close < 0) return n;
      i = close + 1;
      continue;
    }
    i++;
  }
  return n;
}

/** Parses 1*DIGIT in full (leading zeros allowed) not exceeding `max`; else `undefined`. */
export function parseDigits(s: string, max: number): number | undefined {
  const n = s.length;
  if (n === 0) return undefined;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    v = v * 10 + c;
    if (v > max) return undefined;
  }
  return v;
}

export function isToken(s: string): boolean {
  return s.length > 0 && scanClass(s, 0, TOKEN) === s.length;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Parsed<T> => ({ ok: false, reason });
