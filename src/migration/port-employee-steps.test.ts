import { describe, expect, it } from 'vitest';
import { employeeMachines, employeeTransition } from './employee-machines.js';
import { portOrderStates } from './port-order-machine.js';
import { employeeStepsForOrder } from './port-employee-steps.js';

describe('employeeStepsForOrder', () => {
  it('moves a verified employee into porting while the order is on its way, and back when it is rejected or cancelled', () => {
    expect(employeeStepsForOrder('submitted', 'forwarding_verified')).toEqual(['porting']);
    expect(employeeStepsForOrder('confirmed', 'porting')).toEqual([]);
    expect(employeeStepsForOrder('rejected', 'porting')).toEqual(['forwarding_verified']);
    expect(employeeStepsForOrder('cancelled', 'porting')).toEqual(['forwarding_verified']);
  });

  it('brings every employee whose provisional number is live to ported on completion, whatever became of the forwarding', () => {
    expect(employeeStepsForOrder('completed', 'forwarding_verified')).toEqual(['porting', 'ported']);
    expect(employeeStepsForOrder('completed', 'porting')).toEqual(['ported']);
    expect(employeeStepsForOrder('completed', 'forwarding_active')).toEqual(['ported']);
    expect(employeeStepsForOrder('completed', 'forwarding_requested')).toEqual(['ported']);
    expect(employeeStepsForOrder('completed', 'provisional_active')).toEqual(['ported']);
    expect(employeeStepsForOrder('completed', 'planned')).toEqual([]);
    expect(employeeStepsForOrder('completed', 'ported_verified')).toEqual([]);
  });

  it('only ever takes steps the employee’s number machine allows', () => {
    for (const orderState of portOrderStates) {
      for (const start of employeeMachines.number.states) {
        let state: string = start;
        for (const next of employeeStepsForOrder(orderState, start)) {
          expect(employeeTransition('number', state, next), `${orderState}: ${state} → ${next}`).toBeDefined();
          state = next;
        }
      }
    }
  });
});
