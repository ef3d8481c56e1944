import { describe, expect, it } from 'vitest';
import { formatDigestChallenge, parseDigestChallenge } from './digest-challenge.js';

describe('formatDigestChallenge', () => {
  it('writes realm, nonce and opaque quoted, algorithm bare and qop as a quoted list', () => {
    expect(formatDigestChallenge({ realm: 'pbx.example.com', nonce: 'abc-_', algorithm: 'MD5', qop: ['auth'], stale: false })).toBe(
      'Digest realm="pbx.example.com", nonce="abc-_", algorithm=MD5, qop="auth"',
    );
    expect(
      formatDigestChallenge({ realm: 'r', nonce: 'n', opaque: 'o', algorithm: 'SHA-256', qop: ['auth', 'auth-int'], stale: true }),
    ).toBe('Digest realm="r", nonce="n", opaque="o", stale=true, algorithm=SHA-256, qop="auth,auth-int"');
  });

  it('omits qop for an RFC 2069 challenge', () => {
    expect(formatDigestChallenge({ realm: 'r', nonce: 'n', algorithm: 'MD5', qop: [], stale: false })).toBe(
      'Digest realm="r", nonce="n", algorithm=MD5',
    );
  });
});

describe('parseDigestChallenge', () => {
  it('reads what it formats', () => {
    const challenge = { realm: 'a "quoted" realm', nonce: 'n', opaque: 'o', algorithm: 'SHA-512-256-sess', qop: ['auth-int'], stale: true } as const;
    expect(parseDigestChallenge(formatDigestChallenge(challenge))).toEqual({ ok: true, value: challenge });
  });

  it('defaults to MD5 without qop, takes stale in any case, keeps known qops and ignores unknown params', () => {
    expect(parseDigestChallenge('digest REALM="r",nonce=n, stale="TRUE", domain="sip:x", charset=UTF-8')).toEqual({
      ok: true,
      value: { realm: 'r', nonce: 'n', algorithm: 'MD5', qop: [], stale: true },
    });
    expect(parseDigestChallenge('Digest realm="r", nonce="n", qop="auth-conf, auth ,auth"')).toMatchObject({ ok: true, value: { qop: ['auth'] } });
  });

  it.each([
    ['Basic realm="r"', 'scheme Basic is not Digest'],
    ['Digest nonce="n"', 'missing realm'],
    ['Digest realm="r"', 'missing nonce'],
    ['Digest realm="r", nonce="n", algorithm=AKAv1-MD5', 'unsupported algorithm AKAv1-MD5'],
    ['Digest realm="r", nonce="n", qop="auth-conf"', 'no supported qop in "auth-conf"'],
    ['Digest realm="r", realm="s", nonce="n"', 'duplicate parameter realm'],
  ])('rejects %j: %s', (value, reason) => {
    expect(parseDigestChallenge(value)).toEqual({ ok: false, reason });
  });
});
