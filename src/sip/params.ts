/**
 * Generic parameters (`;name=value` on URIs and header values, RFC 3261 §25.1 `generic-param`).
 * Names are case-insensitive and stored lower-cased, in the order received; a flag parameter
 * such as `lr` or `rport` has the value `null`. Values are kept as written (escapes and quotes
 * intact) so that a forwarded value is unchanged.
 */
import { GEN_VALUE, TOKEN, scanClass, scanQuoted, skipWs } from './scan.js';

export type Params = ReadonlyMap<string, string | null>;

export const noParams: Params = new Map();

/** The result of scanning header parameters: the map and the index where scanning stopped. */
export interface ScannedParams {
  readonly params: Params;
  readonly end: number;
}

/**
 * Scans `*( SEMI generic-param )` starting at `i`, stopping before a top-level `,` or at the end.
 * Returns a reason string when a parameter is malformed.
 */
export function scanHeaderParams(s: string, i: number): ScannedParams | string {
  let params: Map<string, string | null> | undefined;
  const n = s.length;
  for (;;) {
    i = skipWs(s, i);
    if (i >= n || s.charCodeAt(i) === 44) return { params: params ?? noParams, end: i };
    if (s.charCodeAt(i) !== 59) return `unexpected "${s[i]}"`;
    i = skipWs(s, i + 1);
    const nameEnd = scanClass(s, i, TOKEN);
    if (nameEnd === i) return 'empty parameter';
    const name = s.slice(i, nameEnd).toLowerCase();
    i = skipWs(s, nameEnd);
    let value: string | null = null;
    if (i < n && s.charCodeAt(i) === 61) {
      i = skipWs(s, i + 1);
      let valueEnd: number;
      if (s.charCodeAt(i) === 34) {
        valueEnd = scanQuoted(s, i);
        if (valueEnd < 0) return 'unterminated quoted parameter value';
      } else {
        valueEnd = scanClass(s, i, GEN_VALUE);
        if (valueEnd === i) return `empty value for parameter ${name}`;
      }
      value = s.slice(i, valueEnd);
      i = valueEnd;
    }
    params ??= new Map();
    params.set(name, value);
  }
}

/** `;name=value;flag` (no leading space), for URIs and header values alike. */
export function formatParams(params: Params): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}
