import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTH_HEADER_MAX_LENGTH, AUTH_MAX_PARAMS, authScheme, parseAuthHeader, quoteString } from './auth-params.js';

const params = (value: string): Record<string, string> => {
  const parsed = parseAuthHeader(value);
  if (!parsed.ok) throw new Error(parsed.reason);
  return Object.fromEntries(parsed.value.params);
};

const reason = (value: string): string => {
  const parsed = parseAuthHeader(value);
  if (parsed.ok) throw new Error(`accepted ${value}`);
  return parsed.reason;
};

describe('parseAuthHeader', () => {
  it('reads tokens and quoted strings, with names lower-cased and values kept as written', () => {
    const parsed = parseAuthHeader('Digest Realm="Example.COM", nonce="a,b=c", algorithm=MD5, qop="auth,auth-int"');
    expect(parsed).toEqual({
      ok: true,
      value: {
        scheme: 'Digest',
        params: new Map([['realm', 'Example.COM'], ['nonce', 'a,b=c'], ['algorithm', 'MD5'], ['qop', 'auth,auth-int']]),
      },
    });
  });

  it('unescapes quoted pairs and keeps non-ASCII text', () => {
    expect(params(String.raw`Digest username="a\"b\\c", realm="Müller GmbH"`)).toEqual({ username: 'a"b\\c', realm: 'Müller GmbH' });
  });

  it('allows whitespace and folded lines around "=" and ",", and empty list elements', () => {
    expect(params('Digest  realm = "r" ,\r\n\tnonce=\t"n",, ,opaque="" ,')).toEqual({ realm: 'r', nonce: 'n', opaque: '' });
  });

  it('accepts a scheme without params', () => {
    expect(parseAuthHeader('Digest')).toEqual({ ok: true, value: { scheme: 'Digest', params: new Map() } });
  });

  it('rejects duplicate params, case-insensitively', () => {
    expect(reason('Digest realm="a", REALM="b"')).toBe('duplicate parameter realm');
  });

  it.each([
    ['', 'missing auth scheme'],
    ['"Digest" realm="r"', 'missing auth scheme'],
    ['Digest realm', 'expected "=" after realm'],
    ['Digest realm=', 'bad value for realm at 13'],
    ['Digest realm=,', 'bad value for realm at 13'],
    ['Digest realm="unterminated', 'bad value for realm at 26'],
    ['Digest realm="a" nonce="b"', 'expected "," at 17'],
    ['Digest realm="line\r\nbreak"', 'bad value for realm at 18'],
    ['Digest realm="nul\u0000"', 'bad value for realm at 17'],
    ['Digest realm="esc\\\u00e9"', 'bad value for realm at 17'],
    ['Digest realm=a\rb', 'expected "," at 14'],
    ['Digest =x', 'expected a parameter name at 7'],
    ['Digest;realm=x', 'unexpected character at 6 after the scheme'],
  ])('rejects %j: %s', (value, why) => {
    expect(reason(value)).toBe(why);
  });

  it('bounds the work: over-long values and too many params are refused', () => {
    expect(reason(`Digest realm="${'a'.repeat(AUTH_HEADER_MAX_LENGTH)}"`)).toBe(`longer than ${AUTH_HEADER_MAX_LENGTH} characters`);
    const many = Array.from({ length: AUTH_MAX_PARAMS + 1 }, (_, i) => `p${i}=v`).join(', ');
    expect(reason(`Digest ${many}`)).toBe(`more than ${AUTH_MAX_PARAMS} parameters`);
  });

  it('never throws, whatever the input', () => {
    const alphabet = fc.constantFrom('D', 'i', 'g', 'e', 's', 't', ' ', '\t', '\r', '\n', '"', '\\', '=', ',', 'a', 'é', '\u0000');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: alphabet, maxLength: 300 })), (value) => {
        const parsed = parseAuthHeader(value);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('quoteString', () => {
  it('escapes quotes and backslashes so the value parses back unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }).filter((s) => [...s].every((c) => c === '\t' || (c >= ' ' && c !== '\u007f'))), (value) => {
        expect(params(`Digest x=${quoteString(value)}`)).toEqual({ x: value });
      }),
    );
  });

  it('refuses characters a header cannot carry', () => {
    expect(() => quoteString('a\r\nInjected: yes')).toThrow(/control character/);
  });
});

describe('authScheme', () => {
  it('names the scheme lower-cased', () => {
    expect(authScheme('  DIGEST realm="x"')).toBe('digest');
    expect(authScheme('"x"')).toBeUndefined();
  });
});
