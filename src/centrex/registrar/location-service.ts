import type { Binding } from './binding.js';

/** Where a user can be reached: what call routing reads on the hot path (synchronous, from memory). */
export interface LocationService {
  /**
   * The user's bindings that can be rung: unexpired, and not unreachable for longer than the
   * qualify give-up time; highest q first, then the most recently refreshed.
   */
  bindingsFor(userId: string): readonly Binding[];
}
