import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Method } from '../methods.js';
import { DIGEST_ALGORITHMS, digestResponse, ha1 } from './digest-algorithm.js';
import type { DigestAlgorithm, DigestHash } from './digest-algorithm.js';
import { parseDigestChallenge } from './digest-challenge.js';
import { DigestClient } from './digest-client.js';
import { formatDigestCredentials } from './digest-credentials.js';
import type { DigestRequest } from './digest-request.js';
import { DigestServer } from './digest-server.js';
import type { DigestInspection, DigestServerOptions, DigestVerdict } from './digest-server.js';

const realm = 'pbx.example.com';
const secret = 'a nonce secret of 32 characters!';
const register: DigestRequest = { method: Method.REGISTER, requestUri: 'sip:pbx.example.com' };
const passwords: Record<string, string> = { alice: 'correct horse', bob: 'battery staple' };

/** The password store: only HA1 hashes, one per hash algorithm. */
const storedHa1 = (username: string, hash: DigestHash): string | undefined => {
  const password = passwords[username];
  return password === undefined ? undefined : ha1(username, realm, password, hash);
};

const setup = (options: Partial<DigestServerOptions> = {}): { server: DigestServer; clock: SimulatedClock } => {
  const clock = new SimulatedClock(1_700_000_000_000);
  return { server: new DigestServer({ clock, secret, ...options }), clock };
};

const candidate = (inspection: DigestInspection): Extract<DigestInspection, { kind: 'candidate' }> => {
  if (inspection.kind !== 'candidate') throw new Error(`expected a candidate, got ${JSON.stringify(inspection)}`);
  return inspection;
};

/** What a registrar does with one request's Authorization values. */
const check = (server: DigestServer, values: readonly string[], request: DigestRequest = register): DigestInspection | DigestVerdict => {
  const inspection = server.inspect(values, request, realm);
  return inspection.kind === 'candidate' ? server.verify(inspection, storedHa1(inspection.username, inspection.hash)) : inspection;
};

const login = (server: DigestServer, username = 'alice', password = passwords[username] ?? ''): { client: DigestClient; value: string } => {
  const client = new DigestClient({ username, password });
  const answer = client.answer(server.challenge(realm), register);
  if (answer.kind !== 'credentials') throw new Error(`client could not answer: ${JSON.stringify(answer)}`);
  return { client, value: answer.value };
};

describe('DigestServer challenges', () => {
  it('offers SHA-256 then MD5 by default, one header each, sharing a nonce, in the format SIPp and phones parse', () => {
    const { server } = setup();
    const [sha256, md5, ...rest] = server.challenge(realm);
    expect(rest).toEqual([]);
    expect(sha256).toMatch(/^Digest realm="pbx\.example\.com", nonce="[A-Za-z0-9_-]{44}", algorithm=SHA-256, qop="auth"$/);
    expect(md5).toMatch(/^Digest realm="pbx\.example\.com", nonce="[A-Za-z0-9_-]{44}", algorithm=MD5, qop="auth"$/);
    const nonce = (value: string | undefined): string | undefined => {
      const parsed = parseDigestChallenge(value ?? '');
      return parsed.ok ? parsed.value.nonce : undefined;
    };
    expect(nonce(sha256)).toBe(nonce(md5));
  });

  it('orders configured algorithms strongest first, marks stale and can offer auth-int', () => {
    const { server } = setup({ algorithms: ['MD5', 'SHA-512-256', 'MD5'], offerAuthInt: true });
    const values = server.challenge(realm, { stale: true });
    expect(values.map((v) => /algorithm=([^,]+)/.exec(v)?.[1])).toEqual(['SHA-512-256', 'MD5']);
    expect(values[0]).toContain(', stale=true, ');
    expect(values[0]).toMatch(/qop="auth,auth-int"$/);
  });

  it('can narrow the offer to MD5 for one response, for user agents that read only the first challenge', () => {
    const { server } = setup();
    const [only, ...rest] = server.challenge(realm, { algorithms: ['MD5'] });
    expect(rest).toEqual([]);
    expect(only).toContain('algorithm=MD5');
    expect(() => server.challenge(realm, { algorithms: ['SHA-512-256'] })).toThrow(/none of SHA-512-256/);
  });
});

describe('DigestServer verification', () => {
  it.each(DIGEST_ALGORITHMS.map((a) => [a]))('round trip with %s: a client answering the challenge is accepted', (algorithm: DigestAlgorithm) => {
    const { server } = setup({ algorithms: [algorithm] });
    const { value } = login(server);
    expect(value).toContain(`algorithm=${algorithm}`);
    const inspection = candidate(server.inspect([value], register, realm));
    expect(inspection).toMatchObject({ username: 'alice', realm, algorithm });
    expect(server.verify(inspection, storedHa1('alice', inspection.hash))).toEqual({ kind: 'ok', username: 'alice', realm, algorithm });
  });

  it('prefers SHA-256 when both are offered, and accepts MD5 from a client that only has MD5', () => {
    const { server } = setup();
    expect(login(server).value).toContain('algorithm=SHA-256');
    const md5Only = new DigestClient({ username: 'bob', password: 'battery staple', algorithms: ['MD5'] });
    const answer = md5Only.answer(server.challenge(realm), register);
    expect(answer).toMatchObject({ kind: 'credentials', algorithm: 'MD5' });
    expect(check(server, [answer.kind === 'credentials' ? answer.value : ''])).toMatchObject({ kind: 'ok', username: 'bob' });
  });

  it('auth-int covers the body', () => {
    const { server } = setup({ offerAuthInt: true });
    const invite: DigestRequest = { method: Method.INVITE, requestUri: 'sip:bob@pbx.example.com', body: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' };
    const challenges = server.challenge(realm).map((c) => c.replace('qop="auth,auth-int"', 'qop="auth-int"'));
    const answer = new DigestClient({ username: 'alice', password: 'correct horse' }).answer(challenges, invite);
    if (answer.kind !== 'credentials') throw new Error('no credentials');
    expect(answer.value).toContain('qop=auth-int');
    expect(check(server, [answer.value], { ...invite, body: 'v=0\r\no=- 1 1 IN IP4 192.0.2.66\r\n' })).toEqual({ kind: 'wrong_credentials' });
    expect(check(server, [answer.value], invite)).toMatchObject({ kind: 'ok' });
  });

  it('a wrong password and an unknown user get the same answer', () => {
    const { server } = setup();
    expect(check(server, [login(server, 'alice', 'wrong').value])).toEqual({ kind: 'wrong_credentials' });
    expect(check(server, [login(server, 'mallory', 'anything').value])).toEqual({ kind: 'wrong_credentials' });
    // the unknown user is still checked, against a dummy HA1 of the same hash
    const inspection = candidate(server.inspect([login(server, 'mallory', 'anything').value], register, realm));
    expect(server.verify(inspection, undefined)).toEqual({ kind: 'wrong_credentials' });
  });

  it('accepts a stored HA1 in upper case and throws on one that is not a digest', () => {
    const { server } = setup();
    const inspection = candidate(server.inspect([login(server).value], register, realm));
    expect(() => server.verify(inspection, 'not-a-digest')).toThrow(/not a SHA-256 hex digest/);
    expect(server.verify(inspection, storedHa1('alice', 'SHA-256')?.toUpperCase())).toMatchObject({ kind: 'ok' });
  });

  it('an expired nonce with the right digest is stale; with a wrong one it is wrong credentials', () => {
    const { server, clock } = setup({ nonceLifetimeMs: 60_000 });
    const early = login(server);
    const right = login(server).value;
    const wrong = login(server, 'alice', 'guess').value;
    clock.advance(60_000);
    expect(check(server, [early.value])).toMatchObject({ kind: 'ok' }); // the last millisecond of its lifetime
    clock.advance(1);
    expect(check(server, [right])).toEqual({ kind: 'stale', cause: 'expired' });
    expect(check(server, [early.client.authorize(register) ?? ''])).toEqual({ kind: 'stale', cause: 'expired' });
    expect(check(server, [wrong])).toEqual({ kind: 'wrong_credentials' });
  });

  it('refuses a replayed nonce-count, accepts increasing ones', () => {
    const { server } = setup();
    const { client, value } = login(server);
    expect(check(server, [value])).toMatchObject({ kind: 'ok' });
    expect(check(server, [value])).toEqual({ kind: 'stale', cause: 'replayed' });
    const second = client.authorize(register) ?? '';
    const third = client.authorize(register) ?? '';
    expect(second).toContain('nc=00000002');
    expect(check(server, [third])).toMatchObject({ kind: 'ok' });
    expect(check(server, [second])).toEqual({ kind: 'stale', cause: 'replayed' });
    expect(server.trackedNonces).toBe(1);
  });

  it('a failed attempt does not burn the nonce-count of the real client', () => {
    const { server } = setup();
    const { value } = login(server);
    const forged = value.replace(/response="[0-9a-f]+"/, `response="${'0'.repeat(64)}"`).replace('nc=00000001', 'nc=ffffffff');
    expect(check(server, [forged])).toEqual({ kind: 'wrong_credentials' });
    expect(check(server, [value])).toMatchObject({ kind: 'ok' });
  });

  it('keeps a bounded number of nonces; an evicted one is stale, never accepted', () => {
    const { server } = setup({ maxTrackedNonces: 2 });
    const first = login(server, 'alice');
    const second = login(server, 'bob');
    expect(check(server, [first.value])).toMatchObject({ kind: 'ok' });
    expect(check(server, [second.value])).toMatchObject({ kind: 'ok' });
    expect(check(server, [login(server, 'alice').value])).toMatchObject({ kind: 'ok' });
    expect(server.trackedNonces).toBe(2);
    expect(check(server, [first.client.authorize(register) ?? ''])).toEqual({ kind: 'stale', cause: 'evicted' });
    expect(check(server, [first.value])).toEqual({ kind: 'stale', cause: 'evicted' });
    expect(check(server, [second.client.authorize(register) ?? ''])).toMatchObject({ kind: 'ok' });
  });

  it('a right digest over a nonce it did not issue is stale (e.g. another secret before a restart)', () => {
    const { server } = setup();
    const { server: before } = setup({ secret: 'the secret used before a restart' });
    expect(check(server, [login(before).value])).toEqual({ kind: 'stale', cause: 'unknown_nonce' });
  });

  describe('credentials without qop (RFC 2069)', () => {
    const legacy = (server: DigestServer, algorithm: DigestAlgorithm = 'MD5'): string => {
      const challenge = parseDigestChallenge(server.challenge(realm)[0] ?? '');
      if (!challenge.ok) throw new Error(challenge.reason);
      const { nonce } = challenge.value;
      const stored = ha1('alice', realm, 'correct horse', algorithm);
      const response = digestResponse({ ha1: stored, algorithm, nonce, method: register.method, uri: register.requestUri });
      return formatDigestCredentials({ username: 'alice', realm, nonce, uri: register.requestUri, response, algorithm });
    };

    it('are accepted for MD5 once per nonce', () => {
      const { server } = setup({ algorithms: ['MD5'] });
      const value = legacy(server);
      expect(check(server, [value])).toMatchObject({ kind: 'ok', algorithm: 'MD5' });
      expect(check(server, [value])).toEqual({ kind: 'stale', cause: 'replayed' });
    });

    it('are refused for SHA-256, and for MD5 when turned off', () => {
      expect(check(setup().server, [legacy(setup().server, 'SHA-256')])).toEqual({ kind: 'malformed', reason: 'SHA-256 credentials need a qop' });
      const { server } = setup({ acceptNoQop: false });
      expect(check(server, [legacy(server)])).toEqual({ kind: 'malformed', reason: 'MD5 credentials need a qop' });
    });
  });

  describe('inspect', () => {
    it('is missing without Digest credentials for the realm', () => {
      const { server } = setup();
      expect(server.inspect([], register, realm)).toEqual({ kind: 'missing' });
      expect(server.inspect(['Basic YWxpY2U6c2VjcmV0'], register, realm)).toEqual({ kind: 'missing' });
      expect(server.inspect([login(server).value], register, 'other.example.com')).toEqual({ kind: 'missing' });
    });

    it('picks the credentials of its realm among several', () => {
      const { server } = setup();
      const upstream = login(server).value.replace(`realm="${realm}"`, 'realm="upstream.example.net"');
      expect(server.inspect(['Basic YWxpY2U6c2VjcmV0', upstream, login(server).value], register, realm)).toMatchObject({ kind: 'candidate', realm });
    });

    it.each([
      ['Digest username="alice"', 'missing realm'],
      ['Digest realm="pbx.example.com", realm="x"', 'duplicate parameter realm'],
    ])('is malformed for broken Digest credentials: %s', (value, reason) => {
      expect(setup().server.inspect([value], register, realm)).toEqual({ kind: 'malformed', reason });
    });

    it('is malformed when the digest is for another Request-URI, or an algorithm or qop not offered', () => {
      const { server } = setup({ algorithms: ['SHA-256'] });
      const { value } = login(server);
      expect(server.inspect([value], { ...register, requestUri: 'sip:other.example.com' }, realm)).toEqual({
        kind: 'malformed',
        reason: 'uri does not match the Request-URI',
      });
      const md5 = new DigestClient({ username: 'alice', password: 'x' }).answer(
        server.challenge(realm).map((c) => c.replace('SHA-256', 'MD5')),
        register,
      );
      expect(server.inspect([md5.kind === 'credentials' ? md5.value : ''], register, realm)).toEqual({ kind: 'malformed', reason: 'algorithm MD5 was not offered' });
      expect(server.inspect([value.replace('qop=auth', 'qop=auth-int')], register, realm)).toEqual({ kind: 'malformed', reason: 'qop auth-int was not offered' });
    });
  });
});
