/**
 * What the compact transactions of one kind share in a layer (a completed non-INVITE server
 * transaction, an accepted INVITE client one): each sits in one state until one timer, so the
 * table's steps from that state are worked out once (`stepsFrom`), and the transactions wait in
 * one expiry queue for that timer.
 */
import type { Clock } from '../clock.js';
import { ExpiryQueue } from './expiry-queue.js';
import type { Expiring } from './expiry-queue.js';
import { timerDuration } from './timer-config.js';
import type { RetransmitTimer, TransactionTimer } from './timer-config.js';
import type { TransactionEffect } from './transaction-effects.js';
import { TERMINATED, stepsFrom, timerInput } from './transition-table.js';
import type { TableContext, TransactionTable, Transition } from './transition-table.js';

/** What a kind of compact transaction takes from its table: the same for every layer of a configuration. */
export interface CompactTable<S extends string, I extends string> {
  /** The state they are held in. */
  readonly held: S;
  /** The timer input that ends it. */
  readonly timer: I;
  /** How long that timer runs in this configuration. */
  readonly duration: number;
  /** What errors call them. */
  readonly description: string;
  /** The table's step from that state for each input. */
  readonly steps: Readonly<Record<I, Transition<S>>>;
}

/**
 * What a layer's context of compact transactions held in `held` until `timer` takes from `table`,
 * for a configuration: the timer's input and duration, and the table's steps from that state,
 * worked out once.
 */
export function compactTable<S extends string, I extends string>(
  table: TransactionTable<S, I>,
  held: S,
  timer: Exclude<TransactionTimer, RetransmitTimer>,
  description: string,
): (ctx: TableContext) => CompactTable<S, I> {
  const input = timerInput(timer);
  if (!(table.inputs as readonly string[]).includes(input)) throw new Error(`${table.name} table has no input for timer ${timer}`);
  const state = { name: held, interval: 0 };
  return (ctx) => ({
    held,
    timer: input as I,
    duration: timerDuration(timer, ctx.timers, ctx.reliable),
    description,
    steps: stepsFrom(table, state, ctx),
  });
}

export interface CompactContext<S extends string, I extends string, T extends Expiring> extends CompactTable<S, I> {
  /** Where they wait for their timer. */
  readonly queue: ExpiryQueue<T>;
  readonly onTerminated: (transaction: T) => void;
}

/** A layer's context for one kind of compact transaction: its table's part, and a queue for its timer on `clock`. */
export function compactContext<S extends string, I extends string, T extends Expiring>(
  table: CompactTable<S, I>,
  clock: Clock,
  onTerminated: (transaction: T) => void,
): CompactContext<S, I, T> {
  return { ...table, queue: new ExpiryQueue<T>(clock, table.duration), onTerminated };
}

/**
 * A transaction held in one state of its table until one timer: it queues itself for that
 * timer, runs the table's steps from that state, and ends once a step leaves it. What an
 * effect does is the kind's own ({@link perform}); the state, the timer and the name in errors
 * are the context's, not kept per transaction.
 */
export abstract class CompactTransaction<
  S extends string,
  I extends string,
  D extends { readonly onTerminated?: () => void },
  Self extends CompactTransaction<S, I, D, Self, X>,
  X = never,
> implements Expiring {
  readonly dueAt: number;
  private terminated = false;

  protected constructor(
    readonly key: string,
    protected readonly delegate: D,
    protected readonly context: CompactContext<S, I, Self>,
  ) {
    this.dueAt = context.queue.dueAt();
    // the subclass is Self: the queue and the layer hold it as such
    context.queue.add(this as unknown as Self);
  }

  /** Carries out one effect of a step; `detail` is what came with the input. */
  protected abstract perform(effect: TransactionEffect, detail: X | undefined): void;

  get state(): S | typeof TERMINATED {
    return this.terminated ? TERMINATED : this.context.held;
  }

  get pending(): boolean {
    return !this.terminated;
  }

  /** Its timer fired. */
  expire(): void {
    this.dispatch(this.context.timer);
  }

  protected dispatch(input: I, detail?: X): void {
    if (this.terminated) return;
    const step = this.context.steps[input];
    for (const effect of step.effects) this.perform(effect, detail);
    if (step.state.name === this.context.held) return;
    if (step.state.name !== TERMINATED) throw new Error(`${this.context.description} cannot move to ${step.state.name}`);
    this.terminated = true;
    if (input !== this.context.timer) this.context.queue.released();
    this.context.onTerminated(this as unknown as Self);
    this.delegate.onTerminated?.();
  }
}
