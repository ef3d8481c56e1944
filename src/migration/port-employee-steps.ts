import type { NumberState } from './employee-machines.js';
import type { PortOrderState } from './port-order-machine.js';

/**
 * The number states an employee whose legacy number is in a port order passes through when
 * the order reaches `orderState`: in an order on its way (`porting`), back to a verified
 * forwarding when it is rejected or withdrawn, and to `ported` when it completes. An employee
 * whose forwarding is not yet verified stays where they are (the gates name them).
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
      return employeeState === 'porting' ? ['ported'] : [];
    case 'draft':
      return [];
  }
}
