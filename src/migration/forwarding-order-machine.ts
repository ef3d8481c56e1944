import type { OrderTransition } from './order-transition.js';

/**
 * A forwarding order at the old provider: one legacy number forwarded to its provisional
 * number for the parallel phase (telephony-de §4), set up, proven by a test call, and removed
 * again when the number is ported or the migration rolls back.
 */
export const forwardingOrderStates = ['requested', 'active', 'verified', 'removal_requested', 'removed'] as const;
export type ForwardingOrderState = (typeof forwardingOrderStates)[number];

export const forwardingOrderEvents = ['activate', 'verify', 'request_removal', 'confirm_removal'] as const;
export type ForwardingOrderEvent = (typeof forwardingOrderEvents)[number];

export const forwardingOrderTransitions: readonly OrderTransition<ForwardingOrderState, ForwardingOrderEvent>[] = [
  { event: 'activate', from: ['requested'], to: 'active', means: 'the old provider or the old PBX’s administrator has set the forwarding up' },
  { event: 'verify', from: ['active', 'verified'], to: 'verified', means: 'a test call to the legacy number reached the employee (an evidence record)' },
  { event: 'request_removal', from: ['requested', 'active', 'verified'], to: 'removal_requested', means: 'the forwarding is to be taken down at the old provider' },
  { event: 'confirm_removal', from: ['removal_requested'], to: 'removed', means: 'the old provider has taken the forwarding down' },
];

/** The states of an order that still stands for its legacy number: a second one is refused. */
export const openForwardingOrderStates: readonly ForwardingOrderState[] = ['requested', 'active', 'verified', 'removal_requested'];

/**
 * The employee's `number_state` each forwarding state stands for, where it moves one: a new
 * order is `forwarding_requested`, and so on. Removal leaves the employee where porting or
 * the rollback puts them.
 */
export const employeeNumberStateFor: Partial<Record<ForwardingOrderState, string>> = {
  requested: 'forwarding_requested',
  active: 'forwarding_active',
  verified: 'forwarding_verified',
};
