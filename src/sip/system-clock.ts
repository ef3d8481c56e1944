import type { Clock, TimerHandle } from './clock.js';

/** The real clock: wall time and Node's timers (unref'd so they never hold the process open). */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  }
}
