import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../sip/index.js';
import { TrunkGate } from './trunk-gate.js';
import type { TrunkAdmission } from './trunk-gate.js';

const NO_LIMITS = { maxCalls: null, maxCps: null };

const admitted = (admission: TrunkAdmission): { release(): void } => {
  if (!admission.ok) throw new Error(`refused: ${admission.reason}`);
  return admission;
};

describe('TrunkGate', () => {
  it('admits up to maxCalls at once per trunk and frees a slot on release', () => {
    const gate = new TrunkGate(new SimulatedClock());
    const limits = { maxCalls: 2, maxCps: null };
    const first = admitted(gate.tryAcquire('a', limits));
    admitted(gate.tryAcquire('a', limits));
    expect(gate.tryAcquire('a', limits)).toEqual({ ok: false, reason: 'the trunk carries its limit of 2 concurrent calls' });
    expect(gate.tryAcquire('b', limits).ok).toBe(true);
    expect(gate.activeCalls('a')).toBe(2);
    first.release();
    first.release();
    expect(gate.activeCalls('a')).toBe(1);
    expect(gate.tryAcquire('a', limits).ok).toBe(true);
  });

  it('lets a burst of maxCps calls through, then one every 1/maxCps seconds', () => {
    const clock = new SimulatedClock(5_000);
    const gate = new TrunkGate(clock);
    const limits = { maxCalls: null, maxCps: 4 };
    for (let i = 0; i < 4; i++) expect(gate.tryAcquire('a', limits).ok).toBe(true);
    expect(gate.tryAcquire('a', limits)).toEqual({ ok: false, reason: 'the trunk is at its limit of 4 new calls per second' });
    clock.advance(249);
    expect(gate.tryAcquire('a', limits).ok).toBe(false);
    clock.advance(1);
    expect(gate.tryAcquire('a', limits).ok).toBe(true);
    expect(gate.tryAcquire('a', limits).ok).toBe(false);
    clock.advance(60_000);
    for (let i = 0; i < 4; i++) expect(gate.tryAcquire('a', limits).ok).toBe(true);
    expect(gate.tryAcquire('a', limits).ok).toBe(false);
  });

  it('counts a refused call neither as active nor against the rate', () => {
    const clock = new SimulatedClock();
    const gate = new TrunkGate(clock);
    const limits = { maxCalls: 1, maxCps: 2 };
    const call = admitted(gate.tryAcquire('a', limits));
    expect(gate.tryAcquire('a', limits).ok).toBe(false);
    call.release();
    expect(gate.tryAcquire('a', limits).ok).toBe(true);
    expect(gate.activeCalls('a')).toBe(1);
  });

  it('shrinks the burst at once when the rate limit is lowered, and admits everything without limits', () => {
    const gate = new TrunkGate(new SimulatedClock());
    expect(gate.tryAcquire('a', { maxCalls: null, maxCps: 10 }).ok).toBe(true);
    expect(gate.tryAcquire('a', { maxCalls: null, maxCps: 1 }).ok).toBe(true);
    expect(gate.tryAcquire('a', { maxCalls: null, maxCps: 1 }).ok).toBe(false);
    for (let i = 0; i < 100; i++) gate.tryAcquire('a', NO_LIMITS);
    expect(gate.activeCalls('a')).toBe(102);
  });

  it('admits nothing with a limit of zero', () => {
    const gate = new TrunkGate(new SimulatedClock());
    expect(gate.tryAcquire('a', { maxCalls: 0, maxCps: null }).ok).toBe(false);
    expect(gate.tryAcquire('a', { maxCalls: null, maxCps: 0 }).ok).toBe(false);
    expect(gate.activeCalls('a')).toBe(0);
  });
});
