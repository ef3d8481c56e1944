import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Method } from '../methods.js';
import { ha1 } from './digest-algorithm.js';
import { parseDigestChallenge } from './digest-challenge.js';
import { DigestClient } from './digest-client.js';
import { parseDigestCredentials } from './digest-credentials.js';
import type { DigestRequest } from './digest-request.js';
import { DigestServer } from './digest-server.js';

const realm = 'pbx.example.com';
const register: DigestRequest = { method: Method.REGISTER, requestUri: 'sip:pbx.example.com' };
const server = new DigestServer({ clock: new SimulatedClock(1_000_000), secret: 'a nonce secret of 32 characters!', offerAuthInt: true });
const client = new DigestClient({ username: 'alice', password: 'secret' });
const valid = ((): string => {
  const answer = client.answer(server.challenge(realm), register);
  return answer.kind === 'credentials' ? answer.value : '';
})();

/** Header values built from the pieces of the grammar, well-formed or not. */
const headerish = ((): fc.Arbitrary<string> => {
  const name = fc.oneof(
    fc.constantFrom('username', 'realm', 'nonce', 'uri', 'response', 'algorithm', 'qop', 'nc', 'cnonce', 'opaque', 'stale', 'REALM', 'x'),
    fc.string({ maxLength: 6 }),
  );
  const text = fc.string({ unit: fc.constantFrom('a', 'F', '0', '1', ' ', '"', '\\', ',', '=', '\r', '\n', '\t', 'é', '\u0000', '-'), maxLength: 20 });
  const value = fc.oneof(
    text.map((t) => `"${t}"`),
    text,
    fc.constantFrom('MD5', 'SHA-256', 'MD5-sess', 'auth', '"auth,auth-int"', '00000001', '00000000', 'true', '"pbx.example.com"', '"sip:pbx.example.com"'),
    fc.constantFrom('f'.repeat(32), 'f'.repeat(64)).map((r) => `"${r}"`),
  );
  const param = fc.tuple(name, fc.constantFrom('=', ' = ', '', '=='), value).map(([n, eq, v]) => `${n}${eq}${v}`);
  const scheme = fc.constantFrom('Digest', 'digest', 'Basic', '', 'Digest,', '"Digest"');
  return fc.tuple(scheme, fc.array(param, { maxLength: 14 }), fc.constantFrom(', ', ',', ' ', ',,', '\r\n ')).map(([s, ps, sep]) => `${s} ${ps.join(sep)}`);
})();

/** A valid credentials value with a few characters inserted, deleted or replaced. */
const mutated = fc
  .array(fc.tuple(fc.nat(valid.length), fc.nat(3), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 })
  .map((edits) => edits.reduce((v, [at, del, ins]) => v.slice(0, at) + ins + v.slice(at + del), valid));

const anyHeader = fc.oneof(headerish, mutated, fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));

describe('hostile Authorization and WWW-Authenticate values', () => {
  it('never make a parser, the server or the client throw', () => {
    fc.assert(
      fc.property(fc.array(anyHeader, { maxLength: 3 }), (values) => {
        for (const v of values) {
          expect(typeof parseDigestChallenge(v).ok).toBe('boolean');
          expect(typeof parseDigestCredentials(v).ok).toBe('boolean');
        }
        const inspection = server.inspect(values, register, realm);
        if (inspection.kind === 'candidate') {
          const verdict = server.verify(inspection, ha1(inspection.username, realm, 'secret', inspection.hash));
          expect(['ok', 'stale', 'wrong_credentials']).toContain(verdict.kind);
          expect(server.verify(inspection, undefined).kind).toBe('wrong_credentials');
        }
        expect(['credentials', 'wrong_credentials', 'unanswerable']).toContain(client.answer(values, register, values[0]).kind);
      }),
      { numRuns: 4000 },
    );
  });

  it('never authenticate a mutated value that changed what was signed', () => {
    fc.assert(
      fc.property(mutated, (value) => {
        const inspection = server.inspect([value], register, realm);
        if (inspection.kind !== 'candidate') return;
        const verdict = server.verify(inspection, ha1(inspection.username, realm, 'secret', inspection.hash));
        if (verdict.kind === 'ok') {
          // only an edit that left every signed field as it was (e.g. spacing) may pass
          const original = parseDigestCredentials(valid);
          expect(original.ok && { ...original.value, opaque: undefined }).toEqual({ ...inspection.credentials, opaque: undefined });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuse very long values without reading them', () => {
    const huge = `Digest realm="${'a'.repeat(1_000_000)}"`;
    expect(parseDigestCredentials(huge)).toEqual({ ok: false, reason: 'longer than 4096 characters' });
    expect(server.inspect([huge], register, realm)).toEqual({ kind: 'malformed', reason: 'longer than 4096 characters' });
  });
});
