import { describe, expect, it } from 'vitest';
import { pooledRandomBytes, randomIds, sequentialIds } from './id-source.js';

describe('randomIds', () => {
  it('gives 16-character base64url tokens, all different, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = randomIds();
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(5000);
  });
});

describe('pooledRandomBytes', () => {
  it('gives buffers of the size asked, each its own copy, all different, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = pooledRandomBytes(9);
      expect(bytes).toHaveLength(9);
      seen.add(Buffer.from(bytes).toString('hex'));
    }
    expect(seen.size).toBe(2000);
    const first = pooledRandomBytes(16);
    const kept = Buffer.from(first).toString('hex');
    for (let i = 0; i < 1000; i++) pooledRandomBytes(16);
    expect(Buffer.from(first).toString('hex')).toBe(kept);
  });

  it('refuses a size the pool cannot give', () => {
    expect(() => pooledRandomBytes(-1)).toThrow(RangeError);
    expect(() => pooledRandomBytes(1e6)).toThrow(RangeError);
  });
});

describe('sequentialIds', () => {
  it('counts up from 1 with its prefix', () => {
    const ids = sequentialIds('t');
    expect([ids(), ids(), ids()]).toEqual(['t1', 't2', 't3']);
  });
});
