/**
 * Entries that fall due a fixed time after they were queued. With one duration, entries fall
 * due in the order they were added, so a first-in-first-out queue with one clock timer for its
 * oldest entry replaces a clock timer per entry: Timer J alone is 64,000 timers at 1,000
 * registrations per second, all of one duration.
 *
 * An entry that stops pending before its time (a cancelled timer, a transaction ended by a
 * transport error) says so with {@link ExpiryQueue.released} and leaves the queue when its turn
 * comes; a queue with nothing pending gives back its clock timer at once, so nothing is left
 * scheduled on the clock once every transaction has ended.
 */
import type { Clock, TimerHandle } from '../clock.js';

export interface Expiring {
  /** When the entry falls due, on the queue's clock: its time of queueing plus the queue's duration. */
  readonly dueAt: number;
  /** False once the entry no longer waits to fall due. */
  readonly pending: boolean;
  /** The entry fell due while pending; called once. */
  expire(): void;
}

/** Entries already handled before the queue compacts its array. */
const COMPACT_AFTER = 1024;

export class ExpiryQueue<E extends Expiring> {
  private entries: (E | undefined)[] = [];
  private head = 0;
  private live = 0;
  private clockTimer: TimerHandle | undefined;
  private expiring = false;

  constructor(
    private readonly clock: Clock,
    readonly duration: number,
  ) {}

  /** Entries queued and still pending. */
  get pending(): number {
    return this.live;
  }

  /** The due time of an entry queued now. */
  dueAt(): number {
    return this.clock.now() + this.duration;
  }

  /** Queues a pending entry whose {@link Expiring.dueAt} is {@link dueAt}. */
  add(entry: E): void {
    this.entries.push(entry);
    this.live++;
    if (!this.clockTimer && !this.expiring) this.arm();
  }

  /** An entry of this queue stopped pending before its time. */
  released(): void {
    this.live--;
    if (this.live === 0) this.clear();
  }

  private arm(): void {
    const next = this.entries[this.head];
    if (!next) return;
    // a wall clock set back must not stretch the wait beyond the duration itself
    const wait = Math.min(this.duration, Math.max(0, next.dueAt - this.clock.now()));
    this.clockTimer = this.clock.setTimer(wait, () => this.expire());
  }

  private expire(): void {
    this.clockTimer = undefined;
    this.expiring = true;
    try {
      const now = this.clock.now();
      for (let next = this.entries[this.head]; next && next.dueAt <= now; next = this.entries[this.head]) {
        this.entries[this.head++] = undefined;
        if (!next.pending) continue;
        this.live--;
        next.expire();
      }
    } finally {
      this.expiring = false;
    }
    if (this.live === 0) this.clear();
    else {
      this.compact();
      if (!this.clockTimer) this.arm();
    }
  }

  private compact(): void {
    if (this.head < COMPACT_AFTER || this.head * 2 < this.entries.length) return;
    this.entries = this.entries.slice(this.head);
    this.head = 0;
  }

  private clear(): void {
    this.entries = [];
    this.head = 0;
    this.clockTimer?.cancel();
    this.clockTimer = undefined;
  }
}
