import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Method } from '../methods.js';
import { ha1 } from './digest-algorithm.js';
import type { DigestAlgorithm } from './digest-algorithm.js';
import { formatDigestChallenge } from './digest-challenge.js';
import { DigestClient } from './digest-client.js';
import type { DigestAnswer } from './digest-client.js';
import { parseDigestCredentials } from './digest-credentials.js';
import type { DigestCredentials } from './digest-credentials.js';
import type { DigestRequest } from './digest-request.js';
import { DigestServer } from './digest-server.js';
import type { DigestVerdict } from './digest-server.js';

const realm = 'carrier.example.net';
const register: DigestRequest = { method: Method.REGISTER, requestUri: 'sip:carrier.example.net' };
const invite: DigestRequest = { method: Method.INVITE, requestUri: 'sip:+4922112345@carrier.example.net' };

const challenge = (algorithm: DigestAlgorithm, extra: { qop?: readonly ('auth' | 'auth-int')[]; realm?: string; nonce?: string; opaque?: string } = {}): string =>
  formatDigestChallenge({ realm: extra.realm ?? realm, nonce: extra.nonce ?? `nonce-${algorithm}`, algorithm, qop: extra.qop ?? ['auth'], stale: false, ...(extra.opaque !== undefined && { opaque: extra.opaque }) });

const credentials = (answer: DigestAnswer | string | undefined): DigestCredentials => {
  const value = typeof answer === 'object' ? (answer.kind === 'credentials' ? answer.value : '') : (answer ?? '');
  const parsed = parseDigestCredentials(value);
  if (!parsed.ok) throw new Error(`not credentials: ${JSON.stringify(answer)}`);
  return parsed.value;
};

const trunk = (): DigestClient => new DigestClient({ username: 'trunk1', password: 'trunk secret' });

describe('DigestClient choosing a challenge', () => {
  it('answers the strongest algorithm offered, whatever the order', () => {
    const offered = [challenge('MD5'), challenge('SHA-256'), challenge('SHA-512-256')];
    expect(trunk().answer(offered, register)).toMatchObject({ kind: 'credentials', algorithm: 'SHA-512-256', realm });
  });

  it('answers only algorithms and realms it is configured for', () => {
    const client = new DigestClient({ username: 'u', password: 'p', realm, algorithms: ['SHA-256', 'MD5'] });
    const offered = [challenge('SHA-512-256'), challenge('SHA-256', { realm: 'elsewhere' }), challenge('MD5')];
    expect(client.answer(offered, register)).toMatchObject({ kind: 'credentials', algorithm: 'MD5' });
  });

  it.each([
    [[], 'no Digest challenge'],
    [['Basic realm="x"'], 'scheme Basic is not Digest'],
    [['Digest realm="r", nonce="n", algorithm=AKAv1-MD5'], 'unsupported algorithm AKAv1-MD5'],
    [[challenge('SHA-256', { qop: [] })], 'SHA-256 challenge without qop'],
    [['Digest realm="r", nonce="n", qop="auth-conf"'], 'no supported qop in "auth-conf"'],
  ])('says why it cannot answer %j', (values, reason) => {
    expect(trunk().answer(values, register)).toEqual({ kind: 'unanswerable', reason });
  });

  it('answers an RFC 2069 MD5 challenge without qop and never reuses its nonce', () => {
    const client = trunk();
    const c = credentials(client.answer([challenge('MD5', { qop: [] })], register));
    expect(c.qop).toBeUndefined();
    expect(client.authorize(register)).toBeUndefined();
  });

  it('echoes opaque and prefers auth over auth-int', () => {
    const c = credentials(trunk().answer([challenge('SHA-256', { opaque: 'op"aque', qop: ['auth-int', 'auth'] })], invite));
    expect(c).toMatchObject({ opaque: 'op"aque', qop: { kind: 'auth' }, uri: invite.requestUri, username: 'trunk1' });
  });
});

describe('DigestClient nonce-counts', () => {
  it('counts up per request on the answered nonce, keeping its cnonce', () => {
    const client = trunk();
    const first = credentials(client.answer([challenge('SHA-256')], register));
    const second = credentials(client.authorize(invite));
    const third = credentials(client.authorize(register));
    expect([first, second, third].map((c) => c.qop?.nc)).toEqual(['00000001', '00000002', '00000003']);
    expect(new Set([first, second, third].map((c) => c.qop?.cnonce)).size).toBe(1);
    expect(first.qop?.cnonce).toMatch(/^[0-9a-f]{32}$/);
    expect(second.uri).toBe(invite.requestUri);
    expect(first.response).not.toBe(third.response);
  });

  it('starts again at 1 on a new challenge, and authorizes nothing before one or after reset', () => {
    const client = trunk();
    expect(client.authorize(register)).toBeUndefined();
    client.answer([challenge('MD5')], register);
    client.authorize(register);
    expect(credentials(client.answer([challenge('MD5', { nonce: 'new' })], register)).qop?.nc).toBe('00000001');
    client.reset();
    expect(client.authorize(register)).toBeUndefined();
  });
});

describe('DigestClient against DigestServer', () => {
  const setup = (password: string): { clock: SimulatedClock; server: DigestServer; client: DigestClient; verify: (value: string) => DigestVerdict | string } => {
    const clock = new SimulatedClock(0);
    const server = new DigestServer({ clock, secret: 'a nonce secret of 32 characters!', nonceLifetimeMs: 30_000 });
    const client = new DigestClient({ username: 'trunk1', password });
    const verify = (value: string): DigestVerdict | string => {
      const inspection = server.inspect([value], register, realm);
      return inspection.kind === 'candidate' ? server.verify(inspection, ha1('trunk1', realm, 'trunk secret', inspection.hash)) : inspection.kind;
    };
    return { clock, server, client, verify };
  };

  it('recognises a wrong password from the repeated challenge and stops', () => {
    const { server, client, verify } = setup('not the trunk secret');
    const answer = client.answer(server.challenge(realm), register);
    const sent = answer.kind === 'credentials' ? answer.value : '';
    expect(verify(sent)).toEqual({ kind: 'wrong_credentials' });
    expect(client.answer(server.challenge(realm), register, sent)).toEqual({ kind: 'wrong_credentials', realm });
    expect(client.authorize(register)).toBeUndefined();
  });

  it('retries a stale nonce and is accepted', () => {
    const { clock, server, client, verify } = setup('trunk secret');
    const first = client.answer(server.challenge(realm), register);
    expect(verify(first.kind === 'credentials' ? first.value : '')).toMatchObject({ kind: 'ok' });
    clock.advance(30_001);
    const refresh = client.authorize(register) ?? '';
    expect(verify(refresh)).toEqual({ kind: 'stale', cause: 'expired' });
    const retry = client.answer(server.challenge(realm, { stale: true }), register, refresh);
    expect(retry.kind).toBe('credentials');
    expect(verify(retry.kind === 'credentials' ? retry.value : '')).toMatchObject({ kind: 'ok', username: 'trunk1' });
  });

  it('after a reused nonce is refused without stale (a server that forgot it), retries once afresh', () => {
    const { server, client, verify } = setup('trunk secret');
    const first = client.answer(server.challenge(realm), register);
    expect(verify(first.kind === 'credentials' ? first.value : '')).toMatchObject({ kind: 'ok' });
    const reused = client.authorize(register) ?? '';
    const retry = client.answer(server.challenge(realm), register, reused);
    expect(retry.kind).toBe('credentials');
    expect(verify(retry.kind === 'credentials' ? retry.value : '')).toMatchObject({ kind: 'ok' });
    // but the same nonce challenged again means the digest itself was refused
    const sameNonce = [challenge('SHA-256', { nonce: credentials(reused).nonce })];
    expect(client.answer(sameNonce, register, reused)).toEqual({ kind: 'wrong_credentials', realm });
  });

  it('credentials for another realm say nothing about this one', () => {
    const { server, client } = setup('trunk secret');
    const other = client.answer([challenge('SHA-256', { realm: 'proxy.example.net' })], register);
    expect(client.answer(server.challenge(realm), register, other.kind === 'credentials' ? other.value : '').kind).toBe('credentials');
  });
});
