import { describe, expect, it } from 'vitest';
import { randomIds, sequentialIds } from './id-source.js';

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

describe('sequentialIds', () => {
  it('counts up from 1 with its prefix', () => {
    const ids = sequentialIds('t');
    expect([ids(), ids(), ids()]).toEqual(['t1', 't2', 't3']);
  });
});
