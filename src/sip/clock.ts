/**
 * Time is injected: protocol code never calls the global timer functions. Production wires
 * {@link SystemClock}; tests drive a {@link SimulatedClock} and advance it explicitly.
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch (may be simulated). */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds unless cancelled first. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

interface PendingTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  done: boolean;
}

const earlier = (a: PendingTimer, b: PendingTimer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * A clock that only moves when told to; timers fire in due order (ties in scheduling order)
 * during {@link advance}. Pending timers sit in a binary min-heap, so firing n timers costs
 * O(n log n) however many are scheduled.
 */
export class SimulatedClock implements Clock {
  private current: number;
  private seq = 0;
  private active = 0;
  private readonly heap: PendingTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, done: false };
    this.push(timer);
    this.active++;
    return {
      cancel: () => {
        if (!timer.done) {
          timer.done = true;
          this.active--;
        }
      },
    };
  }

  /** Number of timers that are scheduled and neither fired nor cancelled. */
  get activeTimers(): number {
    return this.active;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.heap[0];
      if (!next || next.at > target) break;
      this.pop();
      if (next.done) continue;
      next.done = true;
      this.active--;
      this.current = next.at;
      next.fn();
    }
    this.current = target;
  }

  private push(timer: PendingTimer): void {
    const heap = this.heap;
    let i = heap.push(timer) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as PendingTimer;
      if (!earlier(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (!last || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const l = heap[left] as PendingTimer;
      const r = heap[right];
      const child = r && earlier(r, l) ? right : left;
      const c = heap[child] as PendingTimer;
      if (!earlier(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}
