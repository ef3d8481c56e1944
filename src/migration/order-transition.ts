import { DomainError } from '../kernel/index.js';

/** One row of an order's state chart: `event` moves an order in any `from` state to `to`. */
export interface OrderTransition<State extends string, Event extends string> {
  readonly event: Event;
  readonly from: readonly State[];
  readonly to: State;
  /** What the step means in the world outside belay (shown in refusals and the README). */
  readonly means: string;
}

/**
 * The row of `table` that `event` takes from `state`; `precondition_failed` naming the
 * states it is possible from otherwise, e.g. `port order 1a2b… is completed: confirm is
 * possible only when submitted or rescheduled`.
 */
export function orderTransition<State extends string, Event extends string>(
  table: readonly OrderTransition<State, Event>[],
  subject: string,
  state: State,
  event: Event,
): OrderTransition<State, Event> {
  const row = table.find((t) => t.event === event);
  if (!row) throw new Error(`no transition for the event ${event}`);
  if (row.from.includes(state)) return row;
  throw new DomainError('precondition_failed', `${subject} is ${state}: ${event} is possible only when ${row.from.join(' or ')}`);
}
