/**
 * A tenant's migration project as a state chart held as data: the phases, and for each
 * allowed move the named gates that must pass. `advance` moves one phase on; `rollback`
 * goes back before the point of no return. Decisions over the chart are pure functions.
 */

export const PROJECT_PHASES = ['inventory', 'planning', 'implementation', 'parallel', 'porting', 'decommissioned'] as const;
export type ProjectPhase = (typeof PROJECT_PHASES)[number];

export const GATE_NAMES = [
  'employees_recorded',
  'provisional_numbers_assigned',
  'devices_registered',
  'training_complete',
  'telephony_ready',
  'forwarding_verified',
  'port_orders_confirmed',
  'numbers_ported_verified',
  'no_recent_failures',
  'tenant_name_confirmed',
  'nothing_ported',
  'no_port_in_progress',
] as const;
export type GateName = (typeof GATE_NAMES)[number];

export interface PhaseTransition {
  readonly from: ProjectPhase;
  readonly to: ProjectPhase;
  readonly kind: 'advance' | 'rollback';
  /** Every one must pass, in this order of reporting. */
  readonly gates: readonly GateName[];
}

export const phaseChart: readonly PhaseTransition[] = [
  { from: 'inventory', to: 'planning', kind: 'advance', gates: ['employees_recorded'] },
  { from: 'planning', to: 'implementation', kind: 'advance', gates: ['provisional_numbers_assigned'] },
  { from: 'implementation', to: 'parallel', kind: 'advance', gates: ['devices_registered', 'training_complete', 'telephony_ready'] },
  { from: 'parallel', to: 'porting', kind: 'advance', gates: ['forwarding_verified', 'port_orders_confirmed'] },
  { from: 'porting', to: 'decommissioned', kind: 'advance', gates: ['numbers_ported_verified', 'no_recent_failures', 'tenant_name_confirmed'] },
  { from: 'parallel', to: 'implementation', kind: 'rollback', gates: ['nothing_ported', 'no_port_in_progress'] },
];

/** The phase whose entry is the point of no return: the old system is released. */
export const finalPhase: ProjectPhase = 'decommissioned';

function transitionOf(from: ProjectPhase, kind: PhaseTransition['kind']): PhaseTransition | undefined {
  return phaseChart.find((t) => t.from === from && t.kind === kind);
}

/** The move forward from `phase`, or undefined once decommissioned. */
export function nextPhase(phase: ProjectPhase): PhaseTransition | undefined {
  return transitionOf(phase, 'advance');
}

/** The way back from `phase`, or undefined where there is none. */
export function rollbackPhase(phase: ProjectPhase): PhaseTransition | undefined {
  return transitionOf(phase, 'rollback');
}

export function isProjectPhase(value: string): value is ProjectPhase {
  return (PROJECT_PHASES as readonly string[]).includes(value);
}
