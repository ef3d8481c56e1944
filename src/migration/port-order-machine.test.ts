import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ForwardingOrderStateValue, PortOrderStateValue, PortRejectionCodeValue } from '../store/index.js';
import type { ForwardingOrderState } from './forwarding-order-machine.js';
import { orderTransition } from './order-transition.js';
import { editablePortOrderStates, openPortOrderStates, portOrderEvents, portOrderStates, portOrderTransitions } from './port-order-machine.js';
import type { PortOrderEvent, PortOrderState } from './port-order-machine.js';
import type { PortRejectionCodeName } from './port-rejection-codes.js';

const walk = (start: PortOrderState, events: readonly PortOrderEvent[]): PortOrderState =>
  events.reduce((state, event) => orderTransition(portOrderTransitions, 'the order', state, event).to, start);

describe('the port order state chart', () => {
  it('takes a rejected order back to submitted on resubmission, and a confirmed one through a new date to completion', () => {
    expect(walk('draft', ['submit', 'reject', 'resubmit', 'confirm', 'reschedule', 'confirm', 'complete'])).toBe('completed');
    expect(walk('draft', ['submit', 'reject', 'resubmit', 'reject', 'resubmit'])).toBe('submitted');
  });

  it('completes a rescheduled order (the port came on the old date) but never one without a Wechseltermin', () => {
    expect(walk('rescheduled', ['complete'])).toBe('completed');
    for (const state of ['draft', 'submitted', 'rejected'] as const) {
      expect(() => walk(state, ['complete'])).toThrow(expect.objectContaining({ code: 'precondition_failed' }));
    }
  });

  it('cancels any open order and moves a completed or cancelled one no further', () => {
    for (const state of openPortOrderStates) expect(walk(state, ['cancel'])).toBe('cancelled');
    for (const state of ['completed', 'cancelled'] as const) {
      for (const event of portOrderEvents) expect(() => walk(state, [event])).toThrow(/is possible only when/);
    }
  });

  it('names the states an event is possible from when it refuses one', () => {
    expect(() => orderTransition(portOrderTransitions, 'port order 7', 'draft', 'confirm')).toThrow(
      expect.objectContaining({ code: 'precondition_failed', message: 'port order 7 is draft: confirm is possible only when submitted or rescheduled' }),
    );
  });

  it('has one row per event, every state reachable from draft, and edits only before submission or after a rejection', () => {
    expect(portOrderTransitions.map((t) => t.event).sort()).toEqual([...portOrderEvents].sort());
    const reached = new Set<PortOrderState>(['draft']);
    for (let grown = true; grown; ) {
      grown = false;
      for (const t of portOrderTransitions) {
        if (t.from.some((s) => reached.has(s)) && !reached.has(t.to)) grown = reached.add(t.to).size > 0;
      }
    }
    expect([...reached].sort()).toEqual([...portOrderStates].sort());
    expect(editablePortOrderStates).toEqual(['draft', 'rejected']);
  });
});

describe('the stored states', () => {
  it('are the chart’s states and codes, no more and no fewer', () => {
    expectTypeOf<PortOrderState>().toEqualTypeOf<PortOrderStateValue>();
    expectTypeOf<ForwardingOrderState>().toEqualTypeOf<ForwardingOrderStateValue>();
    expectTypeOf<PortRejectionCodeName>().toEqualTypeOf<PortRejectionCodeValue>();
  });
});
