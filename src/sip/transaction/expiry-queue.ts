/**
 * Entries that fall due a fixed time after they were queued. With one duration, entries fall
 * due in the order they were added, so a first-in-first-out queue with one clock timer for its
 * oldest entry replaces a clock timer per entry: Timer J alone is 64,000 timers at 1,000
 * registrations per second, all of one duration.
 *
 * An entry that stops pending before its time (a cancelled timer, a transaction ended by a
 * transport error) says so with {@link ExpiryQueue.released} and leaves the queue when its turn
 * comes. A queue keeps its clock timer when nothing is pending any more, and gives it back when
 * it fires with nothing pending: most transaction timers are cancelled within milliseconds
 * (Timer B and Trying when the INVITE is answered, Timer A and E when a response comes), and at
 * a few calls a second each such queue would otherwise start and cancel a clock timer for every
 * transaction. So a clock timer outlives the last pending entry by at most the queue's duration,
 * and nothing is left scheduled once that has passed. A busy queue wakes again no sooner than a
 * thousandth of its duration after it fired, so an entry may fall due that much late (32 ms for
 * Timer J) and the queue wakes at most a thousand times per duration.
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

/** Entries per chunk of the queue: it grows and shrinks a chunk at a time, never copying entries. */
const CHUNK = 1024;

export class ExpiryQueue<E extends Expiring> {
  /** Oldest chunk first; entries are taken from the first at `head` and added to the last at `tail`. */
  private chunks: (E | undefined)[][] = [];
  private head = 0;
  private tail = CHUNK;
  private live = 0;
  private clockTimer: TimerHandle | undefined;
  private expiring = false;
  /** How soon a busy queue wakes again after it fired: a thousandth of its duration. */
  private readonly slack: number;

  constructor(
    private readonly clock: Clock,
    readonly duration: number,
  ) {
    this.slack = Math.floor(duration / 1000);
  }

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
    if (this.tail === CHUNK) {
      this.chunks.push(new Array<E | undefined>(CHUNK));
      this.tail = 0;
    }
    (this.chunks[this.chunks.length - 1] as (E | undefined)[])[this.tail++] = entry;
    this.live++;
    if (!this.clockTimer && !this.expiring) this.arm(0);
  }

  /** An entry of this queue stopped pending before its time; it leaves when its turn comes (or the queue empties). */
  released(): void {
    this.live--;
  }

  private get oldest(): E | undefined {
    const first = this.chunks[0];
    if (!first || (this.chunks.length === 1 && this.head === this.tail)) return undefined;
    return first[this.head];
  }

  private shift(): void {
    const first = this.chunks[0] as (E | undefined)[];
    first[this.head++] = undefined;
    if (this.head === CHUNK) {
      this.chunks.shift();
      this.head = 0;
      if (this.chunks.length === 0) this.tail = CHUNK;
    }
  }

  /** Sets the clock timer for the oldest entry, waking no sooner than `atLeast` from now. */
  private arm(atLeast: number): void {
    const next = this.oldest;
    if (!next) return;
    // a wall clock set back must not stretch the wait beyond the duration itself
    const wait = Math.min(this.duration, Math.max(atLeast, next.dueAt - this.clock.now()));
    this.clockTimer = this.clock.setTimer(wait, () => this.expire());
  }

  private expire(): void {
    this.clockTimer = undefined;
    this.expiring = true;
    try {
      const now = this.clock.now();
      for (let next = this.oldest; next && next.dueAt <= now; next = this.oldest) {
        this.shift();
        if (!next.pending) continue;
        this.live--;
        next.expire();
      }
    } finally {
      this.expiring = false;
    }
    if (this.live === 0) this.clear();
    else if (!this.clockTimer) this.arm(this.slack);
  }

  /** Empties the queue once its clock timer fired with nothing pending; its last chunk is kept for the next entries. */
  private clear(): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last) last.fill(undefined, this.chunks.length === 1 ? this.head : 0, this.tail);
    this.chunks = last ? [last] : [];
    this.head = 0;
    this.tail = last ? 0 : CHUNK;
  }
}
