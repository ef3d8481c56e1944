import { describe, expect, it } from 'vitest';
import { SimulatedClock } from './clock.js';

describe('SimulatedClock', () => {
  it('fires due timers in time order, ties in scheduling order, and moves now() to each', () => {
    const clock = new SimulatedClock(1000);
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(50, () => fired.push('late'));
    clock.advance(30);
    expect(fired).toEqual(['a@1010', 'b@1010', 'c@1030']);
    expect(clock.now()).toBe(1030);
    expect(clock.activeTimers).toBe(1);
  });

  it('fires timers scheduled by a firing timer when they fall due in the same advance', () => {
    const clock = new SimulatedClock();
    const fired: number[] = [];
    clock.setTimer(5, () => {
      fired.push(clock.now());
      clock.setTimer(5, () => fired.push(clock.now()));
    });
    clock.advance(20);
    expect(fired).toEqual([5, 10]);
    expect(clock.now()).toBe(20);
  });

  it('never fires a cancelled timer and counts only live ones', () => {
    const clock = new SimulatedClock();
    let fired = 0;
    const t = clock.setTimer(1, () => fired++);
    clock.setTimer(2, () => fired++);
    t.cancel();
    t.cancel();
    expect(clock.activeTimers).toBe(1);
    clock.advance(10);
    expect(fired).toBe(1);
    expect(clock.activeTimers).toBe(0);
  });

  it('keeps order with many timers in random order', () => {
    const clock = new SimulatedClock();
    const at: number[] = [];
    for (let i = 0; i < 2000; i++) clock.setTimer((i * 7919) % 1000, () => at.push(clock.now()));
    clock.advance(1000);
    expect(at).toHaveLength(2000);
    expect(at.every((v, i) => i === 0 || (at[i - 1] as number) <= v)).toBe(true);
  });
});
