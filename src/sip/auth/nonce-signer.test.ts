import { describe, expect, it } from 'vitest';
import { NonceSigner } from './nonce-signer.js';

const secret = 'a nonce secret of 32 characters!';

describe('NonceSigner', () => {
  const signer = new NonceSigner(secret);

  it('opens its own nonces to their issue time, for the realm they were issued for', () => {
    const nonce = signer.issue('pbx.example.com', 1_700_000_000_123);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(signer.open(nonce, 'pbx.example.com')).toBe(1_700_000_000_123);
    expect(signer.open(nonce, 'other.example.com')).toBeUndefined();
  });

  it('gives distinct nonces for the same realm and millisecond', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => signer.issue('r', 5)));
    expect(nonces.size).toBe(100);
  });

  it('rejects nonces from another secret, tampered nonces and garbage', () => {
    const nonce = signer.issue('r', 1000);
    expect(new NonceSigner('another secret, also long enough').open(nonce, 'r')).toBeUndefined();
    // move the timestamp: the MAC no longer matches
    const bytes = Buffer.from(nonce, 'base64url');
    bytes[5] = (bytes[5] ?? 0) ^ 1;
    expect(signer.open(bytes.toString('base64url'), 'r')).toBeUndefined();
    for (const garbage of ['', 'x', nonce.slice(1), `${nonce}=`, nonce.replace(/./, '+'), '\u00e9'.repeat(44)]) {
      expect(signer.open(garbage, 'r')).toBeUndefined();
    }
  });

  it('nodes sharing the secret accept each other\'s nonces', () => {
    expect(new NonceSigner(Buffer.from(secret)).open(signer.issue('r', 42), 'r')).toBe(42);
  });

  it('refuses a short secret', () => {
    expect(() => new NonceSigner('short')).toThrow(/at least 16 bytes/);
  });
});
