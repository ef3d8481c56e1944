/**
 * The three state machines of one employee's migration, held as data: the number (legacy →
 * provisional → forwarded → ported), the device exchange and the training. Each row is one
 * allowed transition and why it exists; anything not listed is refused.
 */

export const NUMBER_STATES = [
  'planned',
  'provisional_active',
  'forwarding_requested',
  'forwarding_active',
  'forwarding_verified',
  'porting',
  'ported',
  'ported_verified',
  'provisional_retired',
] as const;
export type NumberState = (typeof NUMBER_STATES)[number];

export const DEVICE_STATES = ['old_recorded', 'new_assigned', 'provisioned', 'registered', 'tested'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const TRAINING_STATES = ['pending', 'scheduled', 'attended', 'waived'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];

export const EMPLOYEE_MACHINES = ['number', 'device', 'training'] as const;
export type EmployeeMachine = (typeof EMPLOYEE_MACHINES)[number];

/** The state type of each machine. */
export interface EmployeeMachineStates {
  readonly number: NumberState;
  readonly device: DeviceState;
  readonly training: TrainingState;
}

export interface EmployeeTransition<S extends string = string> {
  readonly from: S;
  readonly to: S;
  /** `step` moves the migration on; `back` undoes a step that no longer holds. */
  readonly kind: 'step' | 'back';
  readonly why: string;
}

export interface EmployeeMachineChart<S extends string = string> {
  /** In order of progress: a later state is further along. */
  readonly states: readonly S[];
  readonly initial: S;
  readonly transitions: readonly EmployeeTransition<S>[];
}

const numberChart: EmployeeMachineChart<NumberState> = {
  states: NUMBER_STATES,
  initial: 'planned',
  transitions: [
    { from: 'planned', to: 'provisional_active', kind: 'step', why: 'the provisional number is live on the new trunk' },
    { from: 'provisional_active', to: 'forwarding_requested', kind: 'step', why: 'forwarding legacy → provisional ordered at the old provider' },
    { from: 'forwarding_requested', to: 'forwarding_active', kind: 'step', why: 'the old provider reports the forwarding in place' },
    { from: 'forwarding_active', to: 'forwarding_verified', kind: 'step', why: 'a test call to the legacy number reached the employee' },
    { from: 'forwarding_verified', to: 'porting', kind: 'step', why: 'the number is in a port order' },
    { from: 'porting', to: 'ported', kind: 'step', why: 'the port completed: the legacy number arrives on the new trunk' },
    // the whole line moves on the port date, also numbers whose forwarding was never verified:
    // they must follow it, or the employee would be stranded before `ported` for good
    { from: 'provisional_active', to: 'ported', kind: 'step', why: 'the port of the line completed before any forwarding was ordered' },
    { from: 'forwarding_requested', to: 'ported', kind: 'step', why: 'the port of the line completed before the forwarding was in place' },
    { from: 'forwarding_active', to: 'ported', kind: 'step', why: 'the port of the line completed before the forwarding was verified' },
    { from: 'ported', to: 'ported_verified', kind: 'step', why: 'test calls to and from the ported number succeeded' },
    { from: 'ported_verified', to: 'provisional_retired', kind: 'step', why: 'the grace period ended; the provisional number is released' },
    { from: 'forwarding_verified', to: 'forwarding_active', kind: 'back', why: 'a later test call through the forwarding failed' },
    { from: 'porting', to: 'forwarding_verified', kind: 'back', why: 'the port order was cancelled or rejected' },
    { from: 'forwarding_requested', to: 'provisional_active', kind: 'back', why: 'rollback: the forwarding is withdrawn' },
    { from: 'forwarding_active', to: 'provisional_active', kind: 'back', why: 'rollback: the forwarding is withdrawn' },
    { from: 'forwarding_verified', to: 'provisional_active', kind: 'back', why: 'rollback: the forwarding is withdrawn' },
  ],
};

const deviceChart: EmployeeMachineChart<DeviceState> = {
  states: DEVICE_STATES,
  initial: 'old_recorded',
  transitions: [
    { from: 'old_recorded', to: 'new_assigned', kind: 'step', why: 'a new device is assigned to the employee' },
    { from: 'new_assigned', to: 'provisioned', kind: 'step', why: 'the device fetched its configuration' },
    { from: 'provisioned', to: 'registered', kind: 'step', why: 'the device registered with belay' },
    { from: 'registered', to: 'tested', kind: 'step', why: 'a test call from and to the device succeeded' },
    { from: 'new_assigned', to: 'old_recorded', kind: 'back', why: 'the assignment was withdrawn' },
    { from: 'provisioned', to: 'new_assigned', kind: 'back', why: 'the device was replaced before it registered' },
    { from: 'registered', to: 'provisioned', kind: 'back', why: 'the device lost its registration' },
    { from: 'tested', to: 'registered', kind: 'back', why: 'a later test call failed' },
  ],
};

const trainingChart: EmployeeMachineChart<TrainingState> = {
  states: TRAINING_STATES,
  initial: 'pending',
  transitions: [
    { from: 'pending', to: 'scheduled', kind: 'step', why: 'a training session is booked' },
    { from: 'scheduled', to: 'attended', kind: 'step', why: 'the employee attended' },
    { from: 'pending', to: 'waived', kind: 'step', why: 'training waived, with a reason' },
    { from: 'scheduled', to: 'waived', kind: 'step', why: 'training waived, with a reason' },
    { from: 'scheduled', to: 'pending', kind: 'back', why: 'the session was cancelled' },
  ],
};

export const employeeMachines: { readonly [M in EmployeeMachine]: EmployeeMachineChart<EmployeeMachineStates[M]> } = {
  number: numberChart,
  device: deviceChart,
  training: trainingChart,
};

/** Whether `state` is one of the machine's states. */
export function isEmployeeState<M extends EmployeeMachine>(machine: M, state: string): state is EmployeeMachineStates[M] {
  return (employeeMachines[machine].states as readonly string[]).includes(state);
}

/** The row of the table allowing `from → to`, if any. */
export function employeeTransition(machine: EmployeeMachine, from: string, to: string): EmployeeTransition | undefined {
  const transitions: readonly EmployeeTransition[] = employeeMachines[machine].transitions;
  return transitions.find((t) => t.from === from && t.to === to);
}

/** The states `from` may move to, in table order. */
export function employeeNextStates(machine: EmployeeMachine, from: string): readonly string[] {
  const transitions: readonly EmployeeTransition[] = employeeMachines[machine].transitions;
  return transitions.filter((t) => t.from === from).map((t) => t.to);
}

/** Whether `state` is `threshold` or further along the machine's order. */
export function isAtLeast<M extends EmployeeMachine>(machine: M, state: string, threshold: EmployeeMachineStates[M]): boolean {
  const states: readonly string[] = employeeMachines[machine].states;
  const at = states.indexOf(state);
  return at >= 0 && at >= states.indexOf(threshold);
}
