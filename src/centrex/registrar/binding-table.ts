/**
 * The bindings of every user, in memory: the location service the registrar writes and call
 * routing reads. Expiry is enforced on every read and swept on a timer of the injected clock;
 * each change is reported (`onChange`) so it can be written behind to the database.
 */
import type { Clock, TimerHandle } from '../../sip/index.js';
import type { Binding, Reachability } from './binding.js';
import type { LocationService } from './location-service.js';

export type BindingChange =
  | { readonly kind: 'saved'; readonly binding: Binding }
  | { readonly kind: 'removed'; readonly binding: Binding };

export interface BindingTableOptions {
  readonly clock: Clock;
  /** A binding unreachable for this long is no longer rung (it is still listed). */
  readonly giveUpMs: number;
  /** How often expired bindings are removed. Default 5 s. */
  readonly sweepIntervalMs?: number;
  /** Whether a binding's user still exists; the sweep removes those whose user is gone. All are kept by default. */
  readonly owned?: (binding: Binding) => boolean;
  readonly onChange?: (change: BindingChange) => void;
}

const DEFAULT_SWEEP_INTERVAL_MS = 5000;

/** Highest q first, then the most recently refreshed (the latest expiry). */
const byPreference = (a: Binding, b: Binding): number => b.q - a.q || b.expiresAt - a.expiresAt;

export class BindingTable implements LocationService {
  /** userId → binding id → binding */
  private readonly users = new Map<string, Map<string, Binding>>();
  private readonly byId = new Map<string, Binding>();
  private sweeper: TimerHandle | undefined;

  constructor(private readonly options: BindingTableOptions) {}

  /** Bindings held, expired ones not yet swept included. */
  get size(): number {
    return this.byId.size;
  }

  bindingsFor(userId: string): readonly Binding[] {
    const now = this.options.clock.now();
    const cutoff = now - this.options.giveUpMs;
    return this.current(userId, now).filter((b) => b.unreachableSince === undefined || b.unreachableSince > cutoff);
  }

  /** Every unexpired binding of the user (what a 200 to REGISTER lists), in preference order. */
  registered(userId: string): readonly Binding[] {
    return this.current(userId, this.options.clock.now());
  }

  /** Every unexpired binding of the tenant, by user, then preference. */
  ofTenant(tenantId: string): readonly Binding[] {
    const now = this.options.clock.now();
    const out: Binding[] = [];
    for (const [userId, bindings] of this.users) {
      const first = bindings.values().next().value;
      if (first?.tenantId === tenantId) out.push(...this.current(userId, now));
    }
    return out;
  }

  /** Every unexpired binding. */
  *all(): IterableIterator<Binding> {
    const now = this.options.clock.now();
    for (const binding of this.byId.values()) if (binding.expiresAt > now) yield binding;
  }

  get(id: string): Binding | undefined {
    const binding = this.byId.get(id);
    return binding && binding.expiresAt > this.options.clock.now() ? binding : undefined;
  }

  /**
   * Makes `next` the user's bindings: those left out are removed, the others saved. Every
   * binding must belong to `userId`.
   */
  replace(userId: string, next: readonly Binding[]): void {
    const before = this.users.get(userId);
    const kept = new Set(next.map((b) => b.id));
    for (const old of before?.values() ?? []) if (!kept.has(old.id)) this.delete(old);
    for (const binding of next) {
      if (binding.userId !== userId) throw new Error(`binding ${binding.id} belongs to ${binding.userId}, not ${userId}`);
      if (before?.get(binding.id) !== binding) this.put(binding);
    }
  }

  /** Removes one binding (the phone has to register again); false if there was none. */
  remove(id: string): boolean {
    const binding = this.byId.get(id);
    if (!binding) return false;
    this.delete(binding);
    return true;
  }

  /** Records what qualify found; not a change to persist (a loaded binding starts `unknown`). */
  setReachability(id: string, reachable: Reachability): void {
    const binding = this.byId.get(id);
    if (!binding || binding.reachable === reachable) return;
    const { unreachableSince: _, ...rest } = binding;
    const updated: Binding =
      reachable === 'unreachable' ? { ...rest, reachable, unreachableSince: this.options.clock.now() } : { ...rest, reachable };
    this.store(updated);
  }

  /** Puts bindings loaded at start back, without reporting them as changes; expired ones and those of users now gone are skipped. */
  restore(bindings: Iterable<Binding>): void {
    const now = this.options.clock.now();
    const owned = this.options.owned ?? (() => true);
    for (const binding of bindings) if (binding.expiresAt > now && owned(binding)) this.store(binding);
  }

  /** Removes every expired binding, and those of users that are gone; returns how many. */
  sweep(): number {
    const now = this.options.clock.now();
    const owned = this.options.owned ?? (() => true);
    let removed = 0;
    for (const binding of [...this.byId.values()]) {
      if (binding.expiresAt <= now || !owned(binding)) {
        this.delete(binding);
        removed++;
      }
    }
    return removed;
  }

  /** Sweeps on a timer until {@link stop}. */
  start(): void {
    if (this.sweeper) return;
    const interval = this.options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    const tick = (): void => {
      this.sweep();
      this.sweeper = this.options.clock.setTimer(interval, tick);
    };
    this.sweeper = this.options.clock.setTimer(interval, tick);
  }

  stop(): void {
    this.sweeper?.cancel();
    this.sweeper = undefined;
  }

  private current(userId: string, now: number): Binding[] {
    const bindings = this.users.get(userId);
    if (!bindings) return [];
    const out: Binding[] = [];
    for (const binding of bindings.values()) if (binding.expiresAt > now) out.push(binding);
    return out.sort(byPreference);
  }

  private put(binding: Binding): void {
    this.store(binding);
    this.options.onChange?.({ kind: 'saved', binding });
  }

  private store(binding: Binding): void {
    let bindings = this.users.get(binding.userId);
    if (!bindings) {
      bindings = new Map();
      this.users.set(binding.userId, bindings);
    }
    bindings.set(binding.id, binding);
    this.byId.set(binding.id, binding);
  }

  private delete(binding: Binding): void {
    const bindings = this.users.get(binding.userId);
    bindings?.delete(binding.id);
    if (bindings?.size === 0) this.users.delete(binding.userId);
    this.byId.delete(binding.id);
    this.options.onChange?.({ kind: 'removed', binding });
  }
}
