/**
 * Admission of outbound calls per trunk: at most `maxCalls` at once, and at most `maxCps` new
 * calls per second. The rate is a token bucket that holds up to one second's worth of calls and
 * refills continuously, so a burst of `maxCps` calls is let through at once and then one call
 * every 1/`maxCps` seconds. Time comes from the injected clock.
 */
import type { Clock } from '../../sip/index.js';

export interface TrunkLimits {
  /** Concurrent calls; null: no limit. */
  readonly maxCalls: number | null;
  /** New calls per second; null: no limit. */
  readonly maxCps: number | null;
}

export type TrunkAdmission =
  /** The call holds a slot until `release()` (which is safe to call more than once). */
  | { readonly ok: true; release(): void }
  | { readonly ok: false; readonly reason: string };

interface TrunkCounters {
  active: number;
  tokens: number;
  refilledAt: number;
}

const MS_PER_SECOND = 1000;

export class TrunkGate {
  private readonly trunks = new Map<string, TrunkCounters>();

  constructor(private readonly clock: Clock) {}

  tryAcquire(trunkId: string, limits: TrunkLimits): TrunkAdmission {
    const counters = this.countersOf(trunkId);
    const { maxCalls, maxCps } = limits;
    if (maxCalls !== null && counters.active >= maxCalls) {
      return { ok: false, reason: `the trunk carries its limit of ${maxCalls} concurrent calls` };
    }
    if (maxCps !== null) {
      this.refill(counters, maxCps);
      if (counters.tokens < 1) return { ok: false, reason: `the trunk is at its limit of ${maxCps} new calls per second` };
      counters.tokens -= 1;
    }
    counters.active++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        counters.active--;
      },
    };
  }

  /** Calls holding a slot of the trunk now. */
  activeCalls(trunkId: string): number {
    return this.trunks.get(trunkId)?.active ?? 0;
  }

  private countersOf(trunkId: string): TrunkCounters {
    let counters = this.trunks.get(trunkId);
    if (!counters) {
      counters = { active: 0, tokens: Number.POSITIVE_INFINITY, refilledAt: this.clock.now() };
      this.trunks.set(trunkId, counters);
    }
    return counters;
  }

  /** Adds the tokens earned since the last refill; the bucket holds one second's worth (it shrinks at once when the limit is lowered). */
  private refill(counters: TrunkCounters, maxCps: number): void {
    const now = this.clock.now();
    const earned = ((now - counters.refilledAt) * maxCps) / MS_PER_SECOND;
    counters.tokens = Math.min(maxCps, counters.tokens + earned);
    counters.refilledAt = now;
  }
}
