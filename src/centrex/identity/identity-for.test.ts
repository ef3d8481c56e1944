import { describe, expect, it } from 'vitest';
import { identityFor, PHASE_OF_STATE } from './identity-for.js';
import type { EmployeeNumbers, Identity, NumberState } from './identity-for.js';

const LEGACY = '+49221471123';
const PROVISIONAL = '+492219876523';
const TRUNK = '+49221987650';

const erika = (state: NumberState, ported: string | null = null): EmployeeNumbers => ({
  userId: 'u-erika',
  tenantId: 't-1',
  siteId: 's-koeln',
  legacy: LEGACY,
  provisional: PROVISIONAL,
  ported,
  state,
});

type Expected = Omit<Identity, 'why'>;
const before: Expected = { upn: TRUNK, npn: TRUNK, phase: 'before', onOldSystem: true };
const parallel: Expected = { upn: LEGACY, npn: PROVISIONAL, phase: 'parallel', onOldSystem: false };
const ported: Expected = { upn: LEGACY, npn: LEGACY, phase: 'ported', onOldSystem: false };

/** Every number state with what Erika presents and is known by (the ported number is her legacy number). */
const table: Readonly<Record<NumberState, Expected>> = {
  planned: before,
  provisional_active: parallel,
  forwarding_requested: parallel,
  forwarding_active: parallel,
  forwarding_verified: parallel,
  porting: parallel,
  ported,
  ported_verified: ported,
  provisional_retired: ported,
};

describe('identityFor', () => {
  it('covers every number state the store knows', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(PHASE_OF_STATE).sort());
  });

  for (const [state, expected] of Object.entries(table) as [NumberState, Expected][]) {
    it(`${state} → ${expected.phase}`, () => {
      const portedNumber = expected.phase === 'ported' ? LEGACY : null;
      const identity = identityFor(erika(state, portedNumber), TRUNK);
      expect({ upn: identity.upn, npn: identity.npn, phase: identity.phase, onOldSystem: identity.onOldSystem }).toEqual(expected);
      expect(identity.why).toContain(state);
    });
  }

  it('explains the parallel phase with both numbers', () => {
    expect(identityFor(erika('forwarding_active'), TRUNK).why).toBe(
      `number state forwarding_active: parallel operation; presents the legacy number ${LEGACY}; the network number is the provisional number ${PROVISIONAL}`,
    );
  });

  it('a user without a migration record presents and is known by the trunk number', () => {
    const identity = identityFor(undefined, TRUNK);
    expect(identity).toMatchObject({ upn: TRUNK, npn: TRUNK, phase: 'ported', onOldSystem: false });
    expect(identityFor(undefined, null)).toMatchObject({ upn: null, npn: null });
  });

  it('falls back where a record lacks a number', () => {
    const noProvisional = { ...erika('porting'), provisional: null };
    expect(identityFor(noProvisional, TRUNK)).toMatchObject({ upn: LEGACY, npn: TRUNK, phase: 'parallel' });
    const noLegacy = { ...erika('provisional_active'), legacy: null };
    expect(identityFor(noLegacy, TRUNK)).toMatchObject({ upn: PROVISIONAL, npn: PROVISIONAL });
    const portedWithoutRecord = erika('ported');
    expect(identityFor(portedWithoutRecord, TRUNK)).toMatchObject({ upn: LEGACY, npn: LEGACY });
    expect(identityFor({ ...portedWithoutRecord, legacy: null }, TRUNK)).toMatchObject({ upn: TRUNK, npn: TRUNK });
    expect(identityFor({ ...erika('planned'), provisional: null }, null)).toMatchObject({ upn: null, npn: null, onOldSystem: true });
  });

  it('a ported number that differs from the legacy one wins after the port', () => {
    const identity = identityFor(erika('ported_verified', '+49221471199'), TRUNK);
    expect(identity).toMatchObject({ upn: '+49221471199', npn: '+49221471199' });
  });
});
