import type { Clock, TimerHandle } from '../clock.js';

/**
 * A clock that remembers the timers started through it, so that everything a stack scheduled
 * (transaction timers, 2xx retransmissions, connection timers) is cancelled in one call when
 * it stops, and a test can see that nothing is left behind.
 */
export class TimerScope implements Clock {
  private readonly active = new Set<TimerHandle>();

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const handle: TimerHandle = {
      cancel: () => {
        this.active.delete(handle);
        inner.cancel();
      },
    };
    const inner = this.clock.setTimer(ms, () => {
      this.active.delete(handle);
      fn();
    });
    this.active.add(handle);
    return handle;
  }

  /** Timers scheduled and neither fired nor cancelled. */
  get pending(): number {
    return this.active.size;
  }

  cancelAll(): void {
    for (const handle of [...this.active]) handle.cancel();
  }
}
