import { describe, expect, it } from 'vitest';
import { employeeNumberStateFor, forwardingOrderEvents, forwardingOrderTransitions, openForwardingOrderStates } from './forwarding-order-machine.js';
import type { ForwardingOrderEvent, ForwardingOrderState } from './forwarding-order-machine.js';
import { orderTransition } from './order-transition.js';

const walk = (start: ForwardingOrderState, events: readonly ForwardingOrderEvent[]): ForwardingOrderState =>
  events.reduce((state, event) => orderTransition(forwardingOrderTransitions, 'the forwarding', state, event).to, start);

describe('the forwarding order state chart', () => {
  it('goes requested → active → verified → removal_requested → removed, verifying again as often as tested', () => {
    expect(walk('requested', ['activate', 'verify', 'verify', 'request_removal', 'confirm_removal'])).toBe('removed');
  });

  it('is not verified before it is active, and a removed forwarding stays removed', () => {
    expect(() => walk('requested', ['verify'])).toThrow('the forwarding is requested: verify is possible only when active or verified');
    for (const event of forwardingOrderEvents) expect(() => walk('removed', [event])).toThrow(expect.objectContaining({ code: 'precondition_failed' }));
  });

  it('asks for removal from every state before it, as a port or a rollback does', () => {
    for (const state of openForwardingOrderStates.filter((s) => s !== 'removal_requested')) expect(walk(state, ['request_removal'])).toBe('removal_requested');
  });

  it('moves the employee along forwarding_requested, forwarding_active, forwarding_verified', () => {
    expect(employeeNumberStateFor).toEqual({ requested: 'forwarding_requested', active: 'forwarding_active', verified: 'forwarding_verified' });
  });
});
