import { describe, expect, it } from 'vitest';
import {
  EMPLOYEE_MACHINES,
  employeeMachines,
  employeeNextStates,
  employeeTransition,
  isAtLeast,
  isEmployeeState,
} from './employee-machines.js';
import type { EmployeeMachine } from './employee-machines.js';

const allowed: { readonly [M in EmployeeMachine]: readonly string[] } = {
  number: [
    'planned→provisional_active',
    'provisional_active→forwarding_requested',
    'forwarding_requested→forwarding_active',
    'forwarding_active→forwarding_verified',
    'forwarding_verified→porting',
    'porting→ported',
    'provisional_active→ported',
    'forwarding_requested→ported',
    'forwarding_active→ported',
    'ported→ported_verified',
    'ported_verified→provisional_retired',
    'forwarding_verified→forwarding_active',
    'porting→forwarding_verified',
    'forwarding_requested→provisional_active',
    'forwarding_active→provisional_active',
    'forwarding_verified→provisional_active',
  ],
  device: [
    'old_recorded→new_assigned',
    'new_assigned→provisioned',
    'provisioned→registered',
    'registered→tested',
    'new_assigned→old_recorded',
    'provisioned→new_assigned',
    'registered→provisioned',
    'tested→registered',
  ],
  training: ['pending→scheduled', 'scheduled→attended', 'pending→waived', 'scheduled→waived', 'scheduled→pending'],
};

describe.each(EMPLOYEE_MACHINES)('the %s machine', (machine) => {
  const chart = employeeMachines[machine];

  it('allows exactly the listed transitions, for every pair of states', () => {
    for (const from of chart.states) {
      for (const to of chart.states) {
        expect(employeeTransition(machine, from, to) !== undefined, `${from}→${to}`).toBe(allowed[machine].includes(`${from}→${to}`));
      }
    }
  });

  it('starts at its first state and reaches every state by steps alone', () => {
    expect(chart.initial).toBe(chart.states[0]);
    const reached = new Set<string>([chart.initial]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of chart.transitions) {
        if (t.kind === 'step' && reached.has(t.from) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...chart.states].sort());
  });

  it('steps go forward and backs go back in the order of progress', () => {
    const rank = (s: string) => chart.states.indexOf(s as never);
    for (const t of chart.transitions) {
      expect(t.kind === 'step' ? rank(t.to) > rank(t.from) : rank(t.to) < rank(t.from), `${t.from}→${t.to}`).toBe(true);
      expect(t.why.length).toBeGreaterThan(0);
    }
  });

  it('knows its states and nothing else', () => {
    for (const s of chart.states) expect(isEmployeeState(machine, s)).toBe(true);
    expect(isEmployeeState(machine, 'flying')).toBe(false);
    expect(employeeTransition(machine, 'flying', chart.initial)).toBeUndefined();
  });
});

describe('employee machine helpers', () => {
  it('lists the next states in table order', () => {
    expect(employeeNextStates('number', 'forwarding_verified')).toEqual(['porting', 'forwarding_active', 'provisional_active']);
    expect(employeeNextStates('number', 'provisional_retired')).toEqual([]);
    expect(employeeNextStates('training', 'pending')).toEqual(['scheduled', 'waived']);
  });

  it('compares progress', () => {
    expect(isAtLeast('device', 'tested', 'registered')).toBe(true);
    expect(isAtLeast('device', 'registered', 'registered')).toBe(true);
    expect(isAtLeast('device', 'provisioned', 'registered')).toBe(false);
    expect(isAtLeast('number', 'porting', 'ported')).toBe(false);
    expect(isAtLeast('number', 'provisional_retired', 'ported')).toBe(true);
    expect(isAtLeast('number', 'unknown', 'planned')).toBe(false);
  });
});
