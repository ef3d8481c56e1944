import { describe, expect, it } from 'vitest';
import { NonceCountTracker } from './nonce-count-tracker.js';

describe('NonceCountTracker', () => {
  it('accepts increasing nonce-counts, refuses a repeated or lower one', () => {
    const tracker = new NonceCountTracker(10);
    expect(tracker.record('n', 0, 1)).toBe('fresh');
    expect(tracker.record('n', 0, 1)).toBe('replayed');
    expect(tracker.record('n', 0, 3)).toBe('fresh');
    expect(tracker.record('n', 0, 2)).toBe('replayed');
    expect(tracker.record('other', 0, 1)).toBe('fresh');
  });

  it('lets credentials without qop use a nonce once, and nothing after them', () => {
    const tracker = new NonceCountTracker(10);
    expect(tracker.record('n', 0, undefined)).toBe('fresh');
    expect(tracker.record('n', 0, undefined)).toBe('replayed');
    expect(tracker.record('n', 0, 5)).toBe('replayed');
    tracker.record('m', 0, 1);
    expect(tracker.record('m', 0, undefined)).toBe('replayed');
  });

  it('keeps at most its capacity; an evicted nonce, or an older unseen one, is refused; newer ones are not', () => {
    const tracker = new NonceCountTracker(2);
    expect(tracker.record('a', 100, 1)).toBe('fresh');
    expect(tracker.record('b', 200, 1)).toBe('fresh');
    expect(tracker.record('c', 300, 1)).toBe('fresh'); // evicts a
    expect(tracker.size).toBe(2);
    expect(tracker.record('a', 100, 2)).toBe('evicted');
    expect(tracker.record('never-used', 50, 1)).toBe('evicted');
    expect(tracker.record('b', 200, 2)).toBe('fresh');
    expect(tracker.record('d', 301, 1)).toBe('fresh'); // evicts b
    expect(tracker.record('b', 200, 3)).toBe('evicted');
    expect(tracker.record('c', 300, 2)).toBe('fresh'); // still tracked
    expect(tracker.record('never-used-either', 150, 1)).toBe('evicted'); // as old as evicted ones: cannot be told apart
  });

  it('forgets expired nonces without refusing newer unseen ones', () => {
    const tracker = new NonceCountTracker(10);
    tracker.record('old', 100, 1);
    tracker.record('new', 500, 1);
    tracker.forgetIssuedBefore(200);
    expect(tracker.size).toBe(1);
    expect(tracker.record('unseen', 150, 1)).toBe('fresh');
    expect(tracker.record('new', 500, 1)).toBe('replayed');
  });

  it('stays bounded under a flood of nonces', () => {
    const tracker = new NonceCountTracker(1000);
    for (let i = 0; i < 50_000; i++) tracker.record(`n${i}`, i, 1);
    expect(tracker.size).toBe(1000);
    expect(tracker.record('n48999', 48_999, 2)).toBe('evicted');
    expect(tracker.record('n49999', 49_999, 2)).toBe('fresh');
  });
});
