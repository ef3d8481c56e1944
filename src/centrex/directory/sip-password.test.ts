import { describe, expect, it } from 'vitest';
import { ha1 } from '../../sip/index.js';
import { generateSipPassword, passwordProblem, passwordProblemFor, sipPasswordHashes } from './sip-password.js';

const erika = { sipUsername: 'erika', extension: '201' };

describe('SIP passwords', () => {
  it.each(['Correct-Horse', 'abcdefghi1', 'ABCDEFGHI!', 'x'.repeat(9) + 'Y', 'a1'.repeat(32)])('accepts %j', (password) => {
    expect(passwordProblem(password)).toBeUndefined();
  });

  it.each([
    ['Short-1', 'must be at least 10 characters long'],
    ['a1'.repeat(32) + 'x', 'must be at most 64 characters long'],
    ['correct horse 1', 'may contain only printable ASCII characters, without spaces'],
    ['pässwort-123', 'may contain only printable ASCII characters, without spaces'],
    ['abcdefghijkl', 'must mix at least two kinds of character (lowercase, uppercase, digits, symbols)'],
    ['1234567890', 'must mix at least two kinds of character (lowercase, uppercase, digits, symbols)'],
  ])('refuses %j: %s', (password, message) => {
    expect(passwordProblem(password)).toBe(message);
  });

  it('refuses the user’s own identifiers inside the password, from three characters', () => {
    expect(passwordProblemFor('My-Erika-Phone', erika)).toBe('must not contain the SIP username');
    expect(passwordProblemFor('Phone-201-x!', erika)).toBe('must not contain the extension');
    expect(passwordProblemFor('Summer-2020!', { sipUsername: '20', extension: '20' })).toBeUndefined();
  });

  it('generates distinct passwords that meet the rules', () => {
    const passwords = Array.from({ length: 200 }, () => generateSipPassword(erika));
    expect(new Set(passwords).size).toBe(200);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
      expect(passwordProblemFor(password, erika)).toBeUndefined();
    }
  });

  it('stores the Digest HA1 over username, realm and password for MD5 and SHA-256', () => {
    const hashes = sipPasswordHashes('erika', 'acme.belay.localhost', 'Correct-Horse');
    expect(hashes).toEqual({
      ha1_md5: ha1('erika', 'acme.belay.localhost', 'Correct-Horse', 'MD5'),
      ha1_sha256: ha1('erika', 'acme.belay.localhost', 'Correct-Horse', 'SHA-256'),
    });
    expect(hashes.ha1_md5).toMatch(/^[0-9a-f]{32}$/);
    expect(hashes.ha1_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
