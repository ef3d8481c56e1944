/** Transaction timers in one queue per duration, on a simulated clock. */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { TimerQueues } from './timer-queues.js';

describe('TimerQueues', () => {
  it('fires the timers of one duration in the order they were started, each at its own time, on one clock timer', () => {
    const clock = new SimulatedClock();
    const queues = new TimerQueues(clock);
    const fired: string[] = [];
    queues.setTimer(1000, () => fired.push(`a ${clock.now()}`));
    clock.advance(100);
    queues.setTimer(1000, () => fired.push(`b ${clock.now()}`));
    clock.advance(150);
    queues.setTimer(1000, () => fired.push(`c ${clock.now()}`));
    expect(clock.activeTimers).toBe(1);
    clock.advance(2000);
    expect(fired).toEqual(['a 1000', 'b 1100', 'c 1250']);
    expect(clock.activeTimers).toBe(0);
  });

  it('keeps one clock timer per duration and fires across durations in due order', () => {
    const clock = new SimulatedClock();
    const queues = new TimerQueues(clock);
    const fired: number[] = [];
    for (const ms of [500, 32_000, 500, 5000, 32_000]) queues.setTimer(ms, () => fired.push(ms));
    expect(clock.activeTimers).toBe(3);
    clock.advance(40_000);
    expect(fired).toEqual([500, 500, 5000, 32_000, 32_000]);
  });

  it('never fires a cancelled timer, and gives back the clock timer when it fires with nothing of its duration pending', () => {
    const clock = new SimulatedClock();
    const queues = new TimerQueues(clock);
    const fired: string[] = [];
    const first = queues.setTimer(1000, () => fired.push('first'));
    clock.advance(10);
    queues.setTimer(1000, () => fired.push('second'));
    first.cancel();
    first.cancel();
    expect(clock.activeTimers).toBe(1);
    clock.advance(1000);
    expect(fired).toEqual(['second']);
    const third = queues.setTimer(1000, () => fired.push('third'));
    third.cancel();
    expect(clock.activeTimers).toBe(1);
    clock.advance(1000);
    expect(clock.activeTimers).toBe(0);
    expect(fired).toEqual(['second']);
  });

  it('starts one clock timer for many timers of a duration that are each cancelled at once', () => {
    const clock = new SimulatedClock();
    let started = 0;
    const counting = { now: () => clock.now(), setTimer: (ms: number, fn: () => void) => (started++, clock.setTimer(ms, fn)) };
    const counted = new TimerQueues(counting);
    for (let i = 0; i < 100; i++) {
      counted.setTimer(200, () => undefined).cancel();
      clock.advance(1);
    }
    expect(started).toBe(1);
    clock.advance(200);
    expect(clock.activeTimers).toBe(0);
    counted.setTimer(200, () => undefined).cancel();
    expect(started).toBe(2);
  });

  it('runs a timer started while its queue fires one duration later', () => {
    const clock = new SimulatedClock();
    const queues = new TimerQueues(clock);
    const fired: number[] = [];
    queues.setTimer(4000, () => {
      fired.push(clock.now());
      queues.setTimer(4000, () => fired.push(clock.now()));
    });
    clock.advance(20_000);
    expect(fired).toEqual([4000, 8000]);
    expect(clock.activeTimers).toBe(0);
  });

  it('keeps thousands of timers in order, and a busy queue wakes no sooner than a thousandth of its duration after it fired', () => {
    const clock = new SimulatedClock();
    const queues = new TimerQueues(clock);
    const fired: [number, number][] = [];
    for (let i = 0; i < 3000; i++) {
      queues.setTimer(32_000, () => fired.push([i, clock.now()]));
      clock.advance(1);
    }
    clock.advance(40_000);
    expect(fired.map(([i]) => i)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(fired[0]).toEqual([0, 32_000]);
    for (const [i, at] of fired) {
      expect(at).toBeGreaterThanOrEqual(32_000 + i);
      expect(at).toBeLessThanOrEqual(32_000 + i + 32);
    }
    expect(clock.activeTimers).toBe(0);
  });
});
