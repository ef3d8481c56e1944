import { describe, expect, it } from 'vitest';
import { GATE_NAMES, PROJECT_PHASES, isProjectPhase, nextPhase, phaseChart, rollbackPhase } from './project-phases.js';

describe('the project phase chart', () => {
  it('advances through every phase in order, one gate set each, and ends at decommissioned', () => {
    const walked: string[] = ['inventory'];
    for (let t = nextPhase('inventory'); t; t = nextPhase(t.to)) walked.push(t.to);
    expect(walked).toEqual([...PROJECT_PHASES]);
    expect(nextPhase('decommissioned')).toBeUndefined();
  });

  it('names the gates of every move', () => {
    expect(phaseChart.map((t) => `${t.kind} ${t.from}→${t.to}: ${t.gates.join(', ')}`)).toEqual([
      'advance inventory→planning: employees_recorded',
      'advance planning→implementation: provisional_numbers_assigned',
      'advance implementation→parallel: devices_registered, training_complete, telephony_ready',
      'advance parallel→porting: forwarding_verified, port_orders_confirmed',
      'advance porting→decommissioned: numbers_ported_verified, no_recent_failures, tenant_name_confirmed',
      'rollback parallel→implementation: nothing_ported, no_port_in_progress',
    ]);
    expect(new Set(phaseChart.flatMap((t) => t.gates))).toEqual(new Set(GATE_NAMES));
  });

  it('rolls back only from parallel operation, to implementation', () => {
    for (const phase of PROJECT_PHASES) {
      expect(rollbackPhase(phase)?.to).toBe(phase === 'parallel' ? 'implementation' : undefined);
    }
  });

  it('knows its phases', () => {
    expect(PROJECT_PHASES.every(isProjectPhase)).toBe(true);
    expect(isProjectPhase('done')).toBe(false);
  });
});
