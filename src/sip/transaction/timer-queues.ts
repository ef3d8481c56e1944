/**
 * A clock whose timers wait in one {@link ExpiryQueue} per duration: what the transaction
 * machines start their timers on. The durations are few (RFC 3261 Table 4 derives every timer
 * from T1, T2 and T4), so the queues are kept once made.
 */
import type { Clock, TimerHandle } from '../clock.js';
import { ExpiryQueue } from './expiry-queue.js';
import type { Expiring } from './expiry-queue.js';

class QueuedTimer implements TimerHandle, Expiring {
  constructor(
    readonly dueAt: number,
    private fn: (() => void) | undefined,
    private readonly queue: ExpiryQueue<QueuedTimer>,
  ) {}

  get pending(): boolean {
    return this.fn !== undefined;
  }

  expire(): void {
    const fn = this.fn;
    this.fn = undefined;
    fn?.();
  }

  cancel(): void {
    if (this.fn === undefined) return;
    this.fn = undefined;
    this.queue.released();
  }
}

export class TimerQueues implements Clock {
  private readonly queues = new Map<number, ExpiryQueue<QueuedTimer>>();

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const duration = Math.max(0, ms);
    let queue = this.queues.get(duration);
    if (!queue) {
      queue = new ExpiryQueue(this.clock, duration);
      this.queues.set(duration, queue);
    }
    const timer = new QueuedTimer(queue.dueAt(), fn, queue);
    queue.add(timer);
    return timer;
  }
}
