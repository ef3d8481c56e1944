import { describe, expect, it } from 'vitest';
import type { DigestCredentials } from './digest-credentials.js';
import { formatDigestCredentials, parseDigestCredentials } from './digest-credentials.js';

const md5Response = '0123456789abcdef0123456789abcdef';
const base = 'Digest username="alice", realm="r", nonce="n", uri="sip:r"';

describe('formatDigestCredentials', () => {
  it('quotes strings, writes algorithm, qop and nc bare, and parses back to the same value', () => {
    const credentials: DigestCredentials = {
      username: 'alice',
      realm: 'pbx.example.com',
      nonce: 'n0',
      uri: 'sip:pbx.example.com',
      response: md5Response,
      algorithm: 'MD5',
      qop: { kind: 'auth', nc: '0000000a', cnonce: 'c0' },
      opaque: 'o',
    };
    const value = formatDigestCredentials(credentials);
    expect(value).toBe(
      `Digest username="alice", realm="pbx.example.com", nonce="n0", uri="sip:pbx.example.com", response="${md5Response}", ` +
        'algorithm=MD5, cnonce="c0", qop=auth, nc=0000000a, opaque="o"',
    );
    expect(parseDigestCredentials(value)).toEqual({ ok: true, value: credentials });
  });
});

describe('parseDigestCredentials', () => {
  it('accepts RFC 2069 credentials without qop, defaulting to MD5', () => {
    expect(parseDigestCredentials(`${base}, response="${md5Response.toUpperCase()}"`)).toEqual({
      ok: true,
      value: { username: 'alice', realm: 'r', nonce: 'n', uri: 'sip:r', response: md5Response, algorithm: 'MD5' },
    });
  });

  it('tolerates a quoted qop and nc as some phones send them', () => {
    const parsed = parseDigestCredentials(`${base}, response="${md5Response}", qop="auth", nc="00000001", cnonce="x"`);
    expect(parsed).toMatchObject({ ok: true, value: { qop: { kind: 'auth', nc: '00000001', cnonce: 'x' } } });
  });

  it.each([
    ['Basic YWxpY2U6c2VjcmV0', 'expected "=" after YWxpY2U6c2VjcmV0'],
    ['Bearer token=x', 'scheme Bearer is not Digest'],
    [`Digest realm="r", nonce="n", uri="u", response="${md5Response}"`, 'missing username'],
    [`${base}`, 'missing response'],
    [`${base}, response="${md5Response}", algorithm=SHA-256`, 'response is not a SHA-256 digest'],
    [`${base}, response="${md5Response.replace('0', 'g')}"`, 'response is not a MD5 digest'],
    [`${base}, response="${md5Response}", algorithm=MD4`, 'unsupported algorithm MD4'],
    [`${base}, response="${md5Response}", qop=auth-conf, nc=00000001, cnonce="c"`, 'unsupported qop auth-conf'],
    [`${base}, response="${md5Response}", qop=auth, cnonce="c"`, 'qop needs nc of 8 hex digits, not zero'],
    [`${base}, response="${md5Response}", qop=auth, nc=1, cnonce="c"`, 'qop needs nc of 8 hex digits, not zero'],
    [`${base}, response="${md5Response}", qop=auth, nc=00000000, cnonce="c"`, 'qop needs nc of 8 hex digits, not zero'],
    [`${base}, response="${md5Response}", qop=auth, nc=00000001`, 'qop needs a cnonce'],
    [`${base}, response="${md5Response}", nc=00000001, cnonce="c"`, 'nc and cnonce need a qop'],
    [`${base}, response="${md5Response}", algorithm=MD5-sess`, 'MD5-sess needs a qop and cnonce'],
    [`${base}, username="bob", response="${md5Response}"`, 'duplicate parameter username'],
  ])('rejects %j: %s', (value, reason) => {
    expect(parseDigestCredentials(value)).toEqual({ ok: false, reason });
  });
});
