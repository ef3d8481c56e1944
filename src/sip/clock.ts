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
  cancelled: boolean;
}

/** A clock that only moves when told to; timers fire in due order during {@link advance}. */
export class SimulatedClock implements Clock {
  private current: number;
  private seq = 0;
  private pending: PendingTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.pending.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Number of timers that are scheduled and not cancelled. */
  get activeTimers(): number {
    return this.pending.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.pending = this.pending.filter((t) => !t.cancelled);
      let next: PendingTimer | undefined;
      for (const t of this.pending) {
        if (t.at <= target && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.current = next.at;
      next.cancelled = true;
      next.fn();
    }
    this.current = target;
  }
}
