/**
 * The shape shared by the four transaction state machines (RFC 3261 §17, RFC 6026): a table
 * that maps every (state, input) pair to a row — the next state and the effects, with the rule
 * it implements — or to an explicit "ignored" entry. {@link transition} is a pure function over
 * it; time, messages and the transport stay outside.
 */
import { isRetransmitTimer, timerDuration } from './timer-config.js';
import type { RetransmitTimer, TimerConfig, TransactionTimer } from './timer-config.js';
import { startTimer } from './transaction-effects.js';
import type { TransactionEffect } from './transaction-effects.js';

/** Every machine ends here; a terminated transaction is destroyed at once (§17.1.1.2, §17.2.1). */
export const TERMINATED = 'terminated';

/** A timer firing is an input named after the timer. */
export type TimerInput = `timer${TransactionTimer}`;
export const timerInput = <T extends TransactionTimer>(timer: T): `timer${T}` => `timer${timer}`;

export interface TableContext {
  readonly timers: TimerConfig;
  /** Whether the transport under the transaction is reliable (§17.1.1.2, §18). */
  readonly reliable: boolean;
}

export interface RowContext extends TableContext {
  /** The value the running retransmit timer (A, E or G) was last started with. */
  readonly interval: number;
}

export interface Row<S extends string> {
  readonly kind: 'row';
  /** The RFC section the row implements and what it says. */
  readonly rule: string;
  readonly next: S;
  readonly effects: (ctx: RowContext) => readonly TransactionEffect[];
}

/** An input the state absorbs without any effect (a retransmission, a timer that is not running). */
export interface Ignored {
  readonly kind: 'ignored';
  readonly rule: string;
}

export type Entry<S extends string> = Row<S> | Ignored;

export interface TransactionTable<S extends string, I extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly inputs: readonly I[];
  /** The transition that creates the transaction (the TU's request, or the request received). */
  readonly start: Row<S>;
  readonly rows: { readonly [state in S]: { readonly [input in I]: Entry<S> } };
}

/** A machine's state plus the one number its rows need: the current retransmit interval. */
export interface MachineState<S extends string> {
  readonly name: S;
  readonly interval: number;
}

export interface Transition<S extends string> {
  readonly state: MachineState<S>;
  readonly effects: readonly TransactionEffect[];
  readonly rule: string;
  readonly ignored: boolean;
}

export const row = <S extends string>(rule: string, next: S, effects: (ctx: RowContext) => readonly TransactionEffect[]): Row<S> => ({
  kind: 'row',
  rule,
  next,
  effects,
});

export const ignored = (rule: string): Ignored => ({ kind: 'ignored', rule });

/** The same ignored entry for every input: the Terminated state of each machine. */
export function ignoreAll<I extends string>(inputs: readonly I[], rule: string): { readonly [input in I]: Ignored } {
  const entry = ignored(rule);
  return Object.fromEntries(inputs.map((input) => [input, entry])) as { readonly [input in I]: Ignored };
}

/** Starts a timer with its RFC value (Table 4). */
export const timer = (name: Exclude<TransactionTimer, RetransmitTimer>, ctx: TableContext): TransactionEffect =>
  startTimer(name, timerDuration(name, ctx.timers, ctx.reliable));

/** Starts a retransmit timer at T1, on unreliable transports only (§17.1.1.2, §17.1.2.2, §17.2.1). */
export const firstRetransmit = (name: RetransmitTimer, ctx: TableContext): readonly TransactionEffect[] =>
  ctx.reliable ? [] : [startTimer(name, ctx.timers.t1)];

/** Restarts a retransmit timer at twice its last value, capped at T2 when `capped` (§17.1.2.2, §17.2.1). */
export const doubledRetransmit = (name: RetransmitTimer, ctx: RowContext, capped: boolean): TransactionEffect =>
  startTimer(name, capped ? Math.min(2 * ctx.interval, ctx.timers.t2) : 2 * ctx.interval);

function apply<S extends string>(entry: Row<S>, from: MachineState<S> | undefined, ctx: TableContext): Transition<S> {
  const effects = entry.effects({ ...ctx, interval: from?.interval ?? 0 });
  let interval = from?.interval ?? 0;
  for (const effect of effects) {
    if (effect.kind === 'startTimer' && isRetransmitTimer(effect.timer)) interval = effect.ms;
  }
  return { state: { name: entry.next, interval }, effects, rule: entry.rule, ignored: false };
}

/** The transition that creates a transaction. */
export function startTransaction<S extends string, I extends string>(table: TransactionTable<S, I>, ctx: TableContext): Transition<S> {
  return apply(table.start, undefined, ctx);
}

/** One step: the row for (state, input), or no change for an ignored input. */
export function transition<S extends string, I extends string>(
  table: TransactionTable<S, I>,
  state: MachineState<S>,
  input: I,
  ctx: TableContext,
): Transition<S> {
  const entry = table.rows[state.name][input];
  if (entry.kind === 'ignored') return { state, effects: [], rule: entry.rule, ignored: true };
  return apply(entry, state, ctx);
}

/**
 * The steps from `state` for every input of the table, worked out once: a table is pure, so a
 * compact transaction that only ever sits in one state looks its steps up instead of running the
 * table on each input.
 */
export function stepsFrom<S extends string, I extends string>(
  table: TransactionTable<S, I>,
  state: MachineState<S>,
  ctx: TableContext,
): Readonly<Record<I, Transition<S>>> {
  return Object.fromEntries(table.inputs.map((input) => [input, transition(table, state, input, ctx)])) as Record<I, Transition<S>>;
}
