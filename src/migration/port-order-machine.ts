import type { OrderTransition } from './order-transition.js';

/**
 * A port order's life (telephony-de §3.1, the AKNN Vorabstimmung): drawn up as a draft,
 * submitted to the losing provider, answered with a Wechseltermin or a rejection, and done
 * when the numbers have moved. `rescheduled` is a new date asked for (TVS-VA) and not yet
 * confirmed; until it is, the order has no date to rely on.
 */
export const portOrderStates = ['draft', 'submitted', 'rejected', 'confirmed', 'rescheduled', 'completed', 'cancelled'] as const;
export type PortOrderState = (typeof portOrderStates)[number];

export const portOrderEvents = ['submit', 'reject', 'resubmit', 'confirm', 'reschedule', 'complete', 'cancel'] as const;
export type PortOrderEvent = (typeof portOrderEvents)[number];

export const portOrderTransitions: readonly OrderTransition<PortOrderState, PortOrderEvent>[] = [
  { event: 'submit', from: ['draft'], to: 'submitted', means: 'the signed order goes to the losing provider (Vorabstimmungsanfrage)' },
  { event: 'reject', from: ['submitted'], to: 'rejected', means: 'the losing provider refuses it with a reason code (negative Vorabstimmungsantwort)' },
  { event: 'resubmit', from: ['rejected'], to: 'submitted', means: 'the corrected order goes to the losing provider again' },
  { event: 'confirm', from: ['submitted', 'rescheduled'], to: 'confirmed', means: 'the losing provider names the Wechseltermin: date and porting window' },
  { event: 'reschedule', from: ['confirmed'], to: 'rescheduled', means: 'a new date is asked for (TVS-VA); the losing provider confirms it again' },
  { event: 'complete', from: ['confirmed', 'rescheduled'], to: 'completed', means: 'the numbers have moved to the new network' },
  { event: 'cancel', from: ['draft', 'submitted', 'rejected', 'confirmed', 'rescheduled'], to: 'cancelled', means: 'the order is withdrawn (STR-AUF)' },
];

/** The states in which the order's data may still be corrected. */
export const editablePortOrderStates: readonly PortOrderState[] = ['draft', 'rejected'];

/** The states of an order that still claims its line: another order for the same line is refused. */
export const openPortOrderStates: readonly PortOrderState[] = ['draft', 'submitted', 'rejected', 'confirmed', 'rescheduled'];
