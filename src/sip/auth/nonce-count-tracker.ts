/**
 * Replay protection for Digest (RFC 7616 §3.4 and §5.5): per nonce, the highest nonce-count
 * accepted so far; a request must carry a higher one. Credentials without qop (RFC 2069) carry
 * no count, so they use a nonce up: after them the nonce accepts nothing more.
 *
 * Memory is bounded. Nonces enter only when credentials for them have verified, and when more
 * than `capacity` are tracked the one that entered first is forgotten. A forgotten nonce must
 * not look unused, so the tracker keeps a watermark: the latest issue time among the nonces it
 * evicted. An untracked nonce issued at or before the watermark may have been used, and is
 * reported `evicted`; one issued after it has certainly never been used.
 */

import { detached } from '../detached.js';

/** `fresh`: accepted and recorded; `replayed`: count not above what was seen; `evicted`: cannot tell, refuse. */
export type NonceUse = 'fresh' | 'replayed' | 'evicted';

interface Tracked {
  highestNc: number;
  readonly issuedAt: number;
}

/** Recorded for a nonce used without qop: no count can follow it. */
const USED_UP = Number.POSITIVE_INFINITY;

export class NonceCountTracker {
  private readonly nonces = new Map<string, Tracked>();
  /**
   * The tracked nonces in the order they entered, oldest at `head`: the oldest entry is found
   * without walking a `Map` from its start, which skips every entry deleted since its last rehash.
   */
  private order: string[] = [];
  private head = 0;
  private evictedUpTo = Number.NEGATIVE_INFINITY;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('nonce tracker capacity must be a positive integer');
  }

  get size(): number {
    return this.nonces.size;
  }

  /**
   * Records a verified use of `nonce` (issued at `issuedAt`) with nonce-count `nc`, or without
   * qop when `nc` is undefined.
   */
  record(nonce: string, issuedAt: number, nc: number | undefined): NonceUse {
    const tracked = this.nonces.get(nonce);
    if (tracked) {
      if (nc === undefined || nc <= tracked.highestNc) return 'replayed';
      tracked.highestNc = nc;
      return 'fresh';
    }
    if (issuedAt <= this.evictedUpTo) return 'evicted';
    // held for as long as the nonce lives, without the request it came in
    const key = detached(nonce);
    this.nonces.set(key, { highestNc: nc ?? USED_UP, issuedAt });
    this.order.push(key);
    if (this.nonces.size > this.capacity) this.evictOldest();
    return 'fresh';
  }

  /**
   * Drops nonces issued before `cutoff`, which the caller rejects as expired anyway; so this
   * moves no watermark. Walks from the oldest entry and stops at the first one still live.
   */
  forgetIssuedBefore(cutoff: number): void {
    for (let oldest = this.oldest(); oldest && oldest.issuedAt < cutoff; oldest = this.oldest()) this.dropOldest();
  }

  private evictOldest(): void {
    const oldest = this.dropOldest();
    if (oldest) this.evictedUpTo = Math.max(this.evictedUpTo, oldest.issuedAt);
  }

  private oldest(): Tracked | undefined {
    const nonce = this.order[this.head];
    return nonce === undefined ? undefined : this.nonces.get(nonce);
  }

  private dropOldest(): Tracked | undefined {
    const nonce = this.order[this.head];
    if (nonce === undefined) return undefined;
    const tracked = this.nonces.get(nonce);
    this.nonces.delete(nonce);
    this.head++;
    if (this.head * 2 >= this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    return tracked;
  }
}
