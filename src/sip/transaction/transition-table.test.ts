import { describe, expect, it } from 'vitest';
import { inviteClientTable } from './invite-client-table.js';
import { inviteServerTable } from './invite-server-table.js';
import { nonInviteClientTable } from './non-invite-client-table.js';
import { nonInviteServerTable } from './non-invite-server-table.js';
import { defaultTimerConfig, isRetransmitTimer } from './timer-config.js';
import type { TransactionTimer } from './timer-config.js';
import { isTuEffect } from './transaction-effects.js';
import type { TransactionEffect } from './transaction-effects.js';
import { TERMINATED, startTransaction, timerInput, transition } from './transition-table.js';
import type { MachineState, TableContext, TransactionTable } from './transition-table.js';

const tables: readonly TransactionTable<string, string>[] = [inviteClientTable, nonInviteClientTable, inviteServerTable, nonInviteServerTable];
const contexts: readonly TableContext[] = [
  { timers: defaultTimerConfig, reliable: false },
  { timers: defaultTimerConfig, reliable: true },
];

/** A reachable configuration, abstracted from the retransmit interval: the state and the running timers. */
interface Config {
  readonly state: MachineState<string>;
  readonly running: ReadonlySet<TransactionTimer>;
}

const key = (c: Config) => `${c.state.name}|${[...c.running].sort().join(',')}`;

function step(table: TransactionTable<string, string>, from: Config, input: string, ctx: TableContext) {
  const t = transition(table, from.state, input, ctx);
  const running = new Set(from.running);
  if (input.startsWith('timer')) running.delete(input.slice('timer'.length) as TransactionTimer);
  for (const e of t.effects) {
    if (e.kind === 'startTimer') running.add(e.timer);
    if (e.kind === 'stopTimer') running.delete(e.timer);
  }
  if (t.state.name === TERMINATED) running.clear();
  return { transition: t, config: { state: t.state, running } };
}

/**
 * Every configuration a transaction can reach: messages and TU sends may arrive at any time,
 * a timer input only while that timer runs.
 */
function explore(table: TransactionTable<string, string>, ctx: TableContext) {
  const start = startTransaction(table, ctx);
  const first: Config = {
    state: start.state,
    running: new Set(start.effects.flatMap((e) => (e.kind === 'startTimer' ? [e.timer] : []))),
  };
  const seen = new Map<string, Config>([[key(first), first]]);
  const rowsTaken = new Set<string>();
  const steps: (readonly TransactionEffect[])[] = [start.effects];
  const todo = [first];
  for (let c = todo.pop(); c; c = todo.pop()) {
    for (const input of table.inputs) {
      const timer = input.startsWith('timer') ? (input.slice('timer'.length) as TransactionTimer) : undefined;
      if (timer && !c.running.has(timer)) continue;
      const next = step(table, c, input, ctx);
      if (!next.transition.ignored) rowsTaken.add(`${c.state.name}/${input}`);
      steps.push(next.transition.effects);
      if (!seen.has(key(next.config))) {
        seen.set(key(next.config), next.config);
        todo.push(next.config);
      }
    }
  }
  return { configs: [...seen.values()], rowsTaken, steps };
}

describe.each(tables)('the $name transaction table', (table) => {
  it('is total: every (state, input) pair is a row or an explicit ignore, each citing the RFC', () => {
    for (const state of table.states) {
      for (const input of table.inputs) {
        const entry = table.rows[state]?.[input];
        expect(entry, `${state}/${input}`).toBeDefined();
        expect(entry?.rule, `${state}/${input}`).toMatch(/^RFC (3261|6026) (§\d|Figure \d)/);
      }
    }
    expect(table.start.rule).toMatch(/^RFC 3261 §17/);
  });

  it('ignores everything once terminated', () => {
    for (const input of table.inputs) expect(table.rows[TERMINATED]?.[input]?.kind).toBe('ignored');
  });

  it.each(contexts)('hands messages to the TU only after its own bookkeeping (reliable: $reliable)', (ctx) => {
    const rows = [table.start, ...table.states.flatMap((s) => table.inputs.map((i) => table.rows[s]?.[i]))];
    for (const entry of rows) {
      if (entry?.kind !== 'row') continue;
      const effects = entry.effects({ ...ctx, interval: ctx.timers.t1 });
      const firstTu = effects.findIndex(isTuEffect);
      if (firstTu >= 0) expect(effects.slice(firstTu).every(isTuEffect), entry.rule).toBe(true);
    }
  });

  it.each(contexts)('follows the transport rules for timers in every reachable step (reliable: $reliable)', (ctx) => {
    const { steps } = explore(table, ctx);
    for (const effects of steps) {
      for (const e of effects) {
        if (e.kind !== 'startTimer') continue;
        expect(table.inputs, `${table.name} has an input for timer ${e.timer}`).toContain(timerInput(e.timer));
        // §17.1.1.2, §17.1.2.2, §17.2.1: no retransmission over a reliable transport
        if (ctx.reliable) expect(isRetransmitTimer(e.timer), `${e.timer} on a reliable transport`).toBe(false);
        // Table 4: D, I, J and K are zero on reliable transports, and never zero otherwise
        if (['D', 'I', 'J', 'K'].includes(e.timer)) expect(e.ms === 0, `${e.timer} = ${e.ms}`).toBe(ctx.reliable);
      }
    }
  });

  it('never lets a running timer fall on an ignore, and takes every row in some reachable configuration', () => {
    const taken = new Set<string>();
    for (const ctx of contexts) {
      const { configs, rowsTaken } = explore(table, ctx);
      for (const r of rowsTaken) taken.add(r);
      for (const c of configs) {
        for (const t of c.running) {
          expect(table.rows[c.state.name]?.[timerInput(t)]?.kind, `timer ${t} runs in ${c.state.name}`).toBe('row');
        }
      }
      expect(configs.some((c) => c.state.name === TERMINATED)).toBe(true);
    }
    const rows = table.states.flatMap((s) => table.inputs.filter((i) => table.rows[s]?.[i]?.kind === 'row').map((i) => `${s}/${i}`));
    expect(rows.filter((r) => !taken.has(r))).toEqual([]);
  });
});
