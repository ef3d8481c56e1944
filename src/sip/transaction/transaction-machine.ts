/**
 * Runs one transaction table on an injected clock: keeps the state, turns timer effects into
 * clock timers whose firing is fed back as the timer's input, and hands every other effect to
 * its owner in order. Inputs that arrive while effects are being performed (a TU answering
 * from inside a callback) are queued and handled after the current step: run to completion.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { TransactionTimer } from './timer-config.js';
import type { MessageEffect } from './transaction-effects.js';
import { TERMINATED, startTransaction, timerInput, transition } from './transition-table.js';
import type { MachineState, TableContext, TransactionTable, Transition } from './transition-table.js';

export interface MachineOptions<P> {
  readonly clock: Clock;
  readonly context: TableContext;
  /** Performs a message or TU effect; `payload` is the message that came with the input, if any. */
  readonly perform: (effect: MessageEffect, payload: P | undefined) => void;
  /** Called once, when the machine reaches Terminated (all its timers are cancelled by then). */
  readonly onTerminated?: () => void;
}

export class TransactionMachine<S extends string, I extends string, P = never> {
  private current: MachineState<S> | undefined;
  private readonly timers = new Map<TransactionTimer, TimerHandle>();
  /** Inputs that arrived while effects were being performed, made when the first one does. */
  private queue: { readonly input: I; readonly payload: P | undefined }[] | undefined;
  private busy = false;
  private halted = false;

  constructor(
    private readonly table: TransactionTable<S, I>,
    private readonly options: MachineOptions<P>,
  ) {}

  get state(): S {
    if (!this.current) throw new Error(`${this.table.name} transaction has not been started`);
    return this.current.name;
  }

  get terminated(): boolean {
    return this.current?.name === TERMINATED;
  }

  /** Creates the transaction: performs the table's start row with `payload` (the request). */
  start(payload?: P): void {
    if (this.current) throw new Error(`${this.table.name} transaction started twice`);
    this.run(startTransaction(this.table, this.options.context), payload);
    this.drain();
  }

  /** Feeds one input; ignored once the machine has terminated or halted. */
  dispatch(input: I, payload?: P): void {
    if (!this.current) throw new Error(`${this.table.name} transaction has not been started`);
    if (this.halted) return;
    if (this.busy) {
      (this.queue ??= []).push({ input, payload });
      return;
    }
    this.step(input, payload);
    this.drain();
  }

  /**
   * Stops the machine in its current state: its timers are cancelled, the rest of the current
   * step's effects and every further input are ignored, because its owner carries on without
   * it (a completed non-INVITE server transaction handing over to its compact form, which
   * starts Timer J itself). Nothing is reported.
   */
  halt(): void {
    this.halted = true;
    this.queue = undefined;
    for (const handle of this.timers.values()) handle.cancel();
    this.timers.clear();
  }

  private drain(): void {
    for (let next = this.queue?.shift(); next; next = this.queue?.shift()) this.step(next.input, next.payload);
  }

  private step(input: I, payload: P | undefined): void {
    if (!this.current || this.terminated) {
      this.queue = undefined;
      return;
    }
    this.run(transition(this.table, this.current, input, this.options.context), payload);
  }

  private run(step: Transition<S>, payload: P | undefined): void {
    this.current = step.state;
    this.busy = true;
    try {
      for (const effect of step.effects) {
        if (this.halted) return;
        if (effect.kind === 'startTimer') this.startTimer(effect.timer, effect.ms);
        else if (effect.kind === 'stopTimer') this.stopTimer(effect.timer);
        else this.options.perform(effect, payload);
      }
    } finally {
      this.busy = false;
    }
    if (step.state.name === TERMINATED && !step.ignored) {
      for (const handle of this.timers.values()) handle.cancel();
      this.timers.clear();
      this.options.onTerminated?.();
    }
  }

  private startTimer(timer: TransactionTimer, ms: number): void {
    const input = timerInput(timer);
    if (!(this.table.inputs as readonly string[]).includes(input)) throw new Error(`${this.table.name} table starts timer ${timer} it has no input for`);
    this.stopTimer(timer);
    this.timers.set(
      timer,
      this.options.clock.setTimer(ms, () => {
        this.timers.delete(timer);
        this.dispatch(input as I);
      }),
    );
  }

  private stopTimer(timer: TransactionTimer): void {
    this.timers.get(timer)?.cancel();
    this.timers.delete(timer);
  }
}
