/**
 * The generic grammar shared by `WWW-Authenticate`, `Proxy-Authenticate`, `Authorization` and
 * `Proxy-Authorization` values (RFC 3261 §25.1, RFC 7235 §2.1): a scheme token, then
 * comma-separated `name=value` auth-params whose value is a token or a quoted-string.
 *
 * One header value carries exactly one challenge or one set of credentials: RFC 3261 §7.3.1
 * forbids folding several of these header fields into one line.
 *
 * Parsing is a single left-to-right pass with bounded input, so hostile values cost linear time
 * and never throw; a bad value is reported as a reason.
 */

/** Longest header value considered; longer ones are rejected unread. */
export const AUTH_HEADER_MAX_LENGTH = 4096;
/** Most auth-params in one value. */
export const AUTH_MAX_PARAMS = 32;

export type AuthParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface AuthHeader {
  /** The scheme as written (`Digest`); compare case-insensitively. */
  readonly scheme: string;
  /** Lower-cased param name → value, unquoted and unescaped. */
  readonly params: ReadonlyMap<string, string>;
}

// RFC 3261 §25.1 token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
const tokenChars = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~") tokenChars[c.charCodeAt(0)] = 1;

const isTokenChar = (code: number): boolean => code < 128 && tokenChars[code] === 1;

const fail = (reason: string): { readonly ok: false; readonly reason: string } => ({ ok: false, reason });

/** A quoted-string for `value`, escaping `"` and `\`; throws on characters no header may carry. */
export function quoteString(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) throw new Error(`control character 0x${c.toString(16)} cannot be quoted in a header`);
  }
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** The scheme token of an auth header value, lower-cased, or undefined if it has none. */
export function authScheme(value: string): string | undefined {
  const s = new Scanner(value);
  s.skipSpace();
  const scheme = s.token();
  return scheme ? scheme.toLowerCase() : undefined;
}

export function parseAuthHeader(value: string): AuthParse<AuthHeader> {
  if (value.length > AUTH_HEADER_MAX_LENGTH) return fail(`longer than ${AUTH_HEADER_MAX_LENGTH} characters`);
  const s = new Scanner(value);
  s.skipSpace();
  const scheme = s.token();
  if (!scheme) return fail('missing auth scheme');
  const params = new Map<string, string>();
  if (!s.atEnd() && !s.skipSpace()) return fail(`unexpected character at ${s.pos} after the scheme`);
  for (;;) {
    s.skipSpace();
    if (s.atEnd()) break;
    if (s.eat(',')) continue; // empty list elements are allowed (RFC 7230 §7)
    const name = s.token();
    if (!name) return fail(`expected a parameter name at ${s.pos}`);
    s.skipSpace();
    if (!s.eat('=')) return fail(`expected "=" after ${name}`);
    s.skipSpace();
    const paramValue = s.peek() === '"' ? s.quoted() : s.token() || undefined;
    if (paramValue === undefined) return fail(`bad value for ${name} at ${s.pos}`);
    const key = name.toLowerCase();
    if (params.has(key)) return fail(`duplicate parameter ${key}`);
    if (params.size === AUTH_MAX_PARAMS) return fail(`more than ${AUTH_MAX_PARAMS} parameters`);
    params.set(key, paramValue);
    s.skipSpace();
    if (!s.atEnd() && !s.eat(',')) return fail(`expected "," at ${s.pos}`);
  }
  return { ok: true, value: { scheme, params } };
}

/** A cursor over one header value; every method advances at most once over each character. */
class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  eat(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  /** Skips SP, HTAB and folded line breaks (CRLF followed by SP or HTAB); true if any. */
  skipSpace(): boolean {
    const start = this.pos;
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\r' && this.text[this.pos + 1] === '\n' && (this.text[this.pos + 2] === ' ' || this.text[this.pos + 2] === '\t')) this.pos += 3;
      else return this.pos > start;
    }
  }

  /** A token, or '' if none starts here. */
  token(): string {
    const start = this.pos;
    while (this.pos < this.text.length && isTokenChar(this.text.charCodeAt(this.pos))) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A quoted-string starting at `"`, unescaped; undefined (stopped at the fault) if it is unterminated or invalid. */
  quoted(): string | undefined {
    this.pos++; // opening quote
    let out = '';
    let runStart = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += this.text.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x5c) {
        // quoted-pair: "\" followed by any character but CR and LF (§25.1)
        const next = this.text.charCodeAt(this.pos + 1);
        if (Number.isNaN(next) || next === 0x0a || next === 0x0d || next > 0x7f) return undefined;
        out += this.text.slice(runStart, this.pos) + this.text.charAt(this.pos + 1);
        this.pos += 2;
        runStart = this.pos;
        continue;
      }
      // qdtext: HTAB, SP, visible ASCII except `"` and `\`, and non-ASCII (UTF-8) text
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) return undefined;
      this.pos++;
    }
    return undefined;
  }
}
