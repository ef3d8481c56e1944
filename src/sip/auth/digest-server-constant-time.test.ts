import * as crypto from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Method } from '../methods.js';
import { ha1 } from './digest-algorithm.js';
import { DigestClient } from './digest-client.js';
import type { DigestRequest } from './digest-request.js';
import { DigestServer } from './digest-server.js';

// The real timingSafeEqual, observed: the response comparison must go through it.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

const realm = 'pbx.example.com';
const register: DigestRequest = { method: Method.REGISTER, requestUri: 'sip:pbx.example.com' };

describe('DigestServer compares responses in constant time', () => {
  const compare = vi.mocked(crypto.timingSafeEqual);

  it.each([
    ['the right password', 'secret', 'secret'],
    ['a wrong password', 'secret', 'guess'],
    ['an unknown user', undefined, 'guess'],
  ])('for %s: timingSafeEqual on equal-length buffers decides', (_case, stored, typed) => {
    const server = new DigestServer({ clock: new SimulatedClock(0), secret: 'a nonce secret of 32 characters!', algorithms: ['MD5'] });
    const answer = new DigestClient({ username: 'alice', password: typed }).answer(server.challenge(realm), register);
    const inspection = server.inspect([answer.kind === 'credentials' ? answer.value : ''], register, realm);
    if (inspection.kind !== 'candidate') throw new Error(inspection.kind);
    compare.mockClear();
    const verdict = server.verify(inspection, stored === undefined ? undefined : ha1('alice', realm, stored, 'MD5'));
    expect(verdict.kind).toBe(stored === typed ? 'ok' : 'wrong_credentials');
    // the first comparison is of the responses: 32 hex digits each, whatever the outcome
    const [expected, received] = compare.mock.calls[0] ?? [];
    expect([expected?.byteLength, received?.byteLength]).toEqual([32, 32]);
    expect(Buffer.from(received as Uint8Array).toString()).toBe(inspection.credentials.response);
    expect(compare.mock.results[0]?.value).toBe(stored === typed);
  });
});
