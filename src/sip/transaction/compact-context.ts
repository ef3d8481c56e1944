/**
 * What the compact transactions of one kind share in a layer (a completed non-INVITE server
 * transaction, an accepted INVITE client one): each sits in one state until one timer, so the
 * table's steps from that state are worked out once (`stepsFrom`), and the transactions wait in
 * one expiry queue for that timer.
 */
import type { ExpiryQueue, Expiring } from './expiry-queue.js';
import type { Transition } from './transition-table.js';

export interface CompactContext<S extends string, I extends string, T extends Expiring> {
  /** The table's step from the transactions' state for each input. */
  readonly steps: Readonly<Record<I, Transition<S>>>;
  /** Where they wait for their timer. */
  readonly queue: ExpiryQueue<T>;
  readonly onTerminated: (transaction: T) => void;
}
