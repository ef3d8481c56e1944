import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIGEST_ALGORITHMS, algorithmRank, digestHexLength, digestResponse, ha1, hashOf, parseDigestAlgorithm } from './digest-algorithm.js';
import { parseDigestCredentials } from './digest-credentials.js';

describe('RFC 7616 §3.9.1 example (Mufasa, http-auth@example.org)', () => {
  // The Authorization headers exactly as the RFC prints them.
  const md5Header = `Digest username="Mufasa",
       realm="http-auth@example.org",
       uri="/dir/index.html",
       algorithm=MD5,
       nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
       nc=00000001,
       cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
       qop=auth,
       response="8ca523f5e9506fed4657c9700eebdbec",
       opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
  const sha256Header = md5Header
    .replace('algorithm=MD5', 'algorithm=SHA-256')
    .replace('8ca523f5e9506fed4657c9700eebdbec', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');

  it.each([
    ['MD5', md5Header],
    ['SHA-256', sha256Header],
  ])('%s: the response computed from the password matches the RFC', (_name, header) => {
    // header folding as printed in the RFC, unfolded to CRLF + SP as on the wire
    const parsed = parseDigestCredentials(header.replace(/\n/g, '\r\n'));
    if (!parsed.ok) throw new Error(parsed.reason);
    const c = parsed.value;
    expect(c.qop).toEqual({ kind: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' });
    const response = digestResponse({
      ha1: ha1(c.username, c.realm, 'Circle of Life', c.algorithm),
      algorithm: c.algorithm,
      nonce: c.nonce,
      method: 'GET',
      uri: c.uri,
      ...(c.qop && { qop: c.qop }),
    });
    expect(response).toBe(c.response);
  });
});

describe('RFC 2617 §3.5 example (Mufasa, testrealm@host.com)', () => {
  it('computes response 6629fae49393a05397450978507c4ef1', () => {
    const response = digestResponse({
      ha1: ha1('Mufasa', 'testrealm@host.com', 'Circle Of Life', 'MD5'),
      algorithm: 'MD5',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: { kind: 'auth', nc: '00000001', cnonce: '0a4f113b' },
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });
});

describe('request-digest variants', () => {
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
  const base = { ha1: md5('alice:example.com:secret'), nonce: 'n', method: 'REGISTER', uri: 'sip:example.com' } as const;
  const qop = { kind: 'auth', nc: '00000001', cnonce: 'c' } as const;

  it('RFC 2069 (no qop): H(HA1:nonce:HA2)', () => {
    expect(digestResponse({ ...base, algorithm: 'MD5' })).toBe(md5(`${base.ha1}:n:${md5('REGISTER:sip:example.com')}`));
  });

  it('-sess: the HA1 also covers nonce and cnonce (RFC 7616 §3.4.2)', () => {
    const sessionHa1 = md5(`${base.ha1}:n:c`);
    expect(digestResponse({ ...base, algorithm: 'MD5-sess', qop })).toBe(
      md5(`${sessionHa1}:n:00000001:c:auth:${md5('REGISTER:sip:example.com')}`),
    );
  });

  it('auth-int: HA2 covers the hash of the body (RFC 7616 §3.4.3)', () => {
    const body = 'v=0\r\n';
    const intQop = { ...qop, kind: 'auth-int' } as const;
    const expected = md5(`${base.ha1}:n:00000001:c:auth-int:${md5(`INVITE:sip:bob@example.com:${md5(body)}`)}`);
    const input = { ...base, method: 'INVITE', uri: 'sip:bob@example.com', algorithm: 'MD5', qop: intQop } as const;
    expect(digestResponse({ ...input, body })).toBe(expected);
    expect(digestResponse({ ...input, body: Buffer.from(body) })).toBe(expected);
    expect(digestResponse({ ...input, body: 'v=1\r\n' })).not.toBe(expected);
  });

  it('SHA-512-256 gives 64 hex digits; HA1 is stored per base hash', () => {
    expect(ha1('alice', 'r', 'p', 'SHA-512-256')).toBe(createHash('sha512-256').update('alice:r:p').digest('hex'));
    expect(ha1('alice', 'r', 'p', 'SHA-256-sess')).toBe(ha1('alice', 'r', 'p', 'SHA-256'));
    expect(digestResponse({ ...base, ha1: ha1('alice', 'r', 'p', 'SHA-512-256'), algorithm: 'SHA-512-256', qop })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('algorithm names', () => {
  it('are matched case-insensitively and ranked strongest first', () => {
    expect(parseDigestAlgorithm('sha-256-SESS')).toBe('SHA-256-sess');
    expect(parseDigestAlgorithm('AKAv1-MD5')).toBeUndefined();
    expect(hashOf('SHA-512-256-sess')).toBe('SHA-512-256');
    expect(digestHexLength('MD5')).toBe(32);
    expect([...DIGEST_ALGORITHMS].sort((a, b) => algorithmRank(a) - algorithmRank(b))[0]).toBe('SHA-512-256');
    expect(algorithmRank('SHA-256')).toBeLessThan(algorithmRank('MD5'));
  });
});
