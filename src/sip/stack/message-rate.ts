import type { Clock } from '../clock.js';

const WINDOW_MS = 1000;

/**
 * Messages per second over a sliding one-second window, estimated from two fixed windows (the
 * previous one weighted by how much of it still overlaps): constant memory, no timers.
 */
export class MessageRate {
  private windowStart: number;
  private current = 0;
  private previous = 0;

  constructor(private readonly clock: Clock) {
    this.windowStart = clock.now();
  }

  add(): void {
    this.roll();
    this.current++;
  }

  perSecond(): number {
    this.roll();
    const overlap = 1 - (this.clock.now() - this.windowStart) / WINDOW_MS;
    return this.previous * overlap + this.current;
  }

  private roll(): void {
    const elapsed = Math.floor((this.clock.now() - this.windowStart) / WINDOW_MS);
    if (elapsed < 1) return;
    this.previous = elapsed === 1 ? this.current : 0;
    this.current = 0;
    this.windowStart += elapsed * WINDOW_MS;
  }
}
