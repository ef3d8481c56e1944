import type { NumberState } from './employee-machines.js';
import type { PortOrderState } from './port-order-machine.js';

/**
 * The number states an employee whose legacy number is in a port order passes through when
 * the order reaches `orderState`: in an order on its way (`porting`), back to a verified
 * forwarding when it is rejected or withdrawn, and to `ported` when it completes — whatever
 * became of their forwarding, since the whole line moves on the port date. Only an employee
 * still `planned` (no provisional number live) stays behind, and the gates name them.
 */
export function employeeStepsForOrder(orderState: PortOrderState, employeeState: NumberState): readonly NumberState[] {
  switch (orderState) {
    case 'submitted':
    case 'confirmed':
    case 'rescheduled':
      return employeeState === 'forwarding_verified' ? ['porting'] : [];
    case 'rejected':
    case 'cancelled':
      return employeeState === 'porting' ? ['forwarding_verified'] : [];
    case 'completed':
      if (employeeState === 'forwarding_verified') return ['porting', 'ported'];
      // the line moved as a whole: a number whose forwarding was not (yet) verified moved with it
      return ['porting', 'provisional_active', 'forwarding_requested', 'forwarding_active'].includes(employeeState) ? ['ported'] : [];
    case 'draft':
      return [];
  }
}
