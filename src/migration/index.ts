export { DEVICE_STATES, EMPLOYEE_MACHINES, NUMBER_STATES, TRAINING_STATES, employeeMachines, employeeNextStates, employeeTransition, isAtLeast, isEmployeeState } from './employee-machines.js';
export type { DeviceState, EmployeeMachine, EmployeeMachineChart, EmployeeMachineStates, EmployeeTransition, NumberState, TrainingState } from './employee-machines.js';
export { EVIDENCE_KINDS, EVIDENCE_RESULTS, EVIDENCE_SOURCES, EVIDENCE_SUBJECT_TYPES } from './evidence.js';
export type { Evidence, EvidenceKind, EvidenceResult, EvidenceSource, EvidenceSubject, EvidenceSubjectType } from './evidence.js';
export { GATE_NAMES, PROJECT_PHASES, finalPhase, isProjectPhase, nextPhase, phaseChart, rollbackPhase } from './project-phases.js';
export type { GateName, PhaseTransition, ProjectPhase } from './project-phases.js';
export { CONFIRMED_PORT_ORDER_STATES, evaluateGate, evaluateTransition, evidenceRef } from './evaluate-gate.js';
export type { EvidenceRef, GateEmployee, GateMissing, GatePolicy, GatePortOrder, GateResult, GateSnapshot, GateSubject } from './gate-snapshot.js';
