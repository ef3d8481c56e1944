/**
 * Which numbers an employee presents (UPN) and is known to the network by (NPN), by where their
 * numbers are in the move ("Identity by phase"):
 *
 * | number state | phase | UPN | NPN |
 * |---|---|---|---|
 * | planned | before (still on the old system) | fallback | fallback |
 * | provisional_active … porting | parallel | legacy | provisional |
 * | ported, ported_verified, provisional_retired | ported | ported | ported |
 *
 * The fallback is the trunk's number (its default number), for employees who have no number of
 * their own on the new trunk yet.
 */
import type { EmployeeNumberState } from '../../store/index.js';

/** The number state of an employee (the migration's number state machine, as stored). */
export type NumberState = EmployeeNumberState;

/** An employee's numbers as the migration records them; numbers in E.164. */
export interface EmployeeNumbers {
  readonly userId: string;
  readonly tenantId: string;
  readonly siteId: string | null;
  /** The number at the old provider. */
  readonly legacy: string | null;
  /** The number on the new trunk used until the port. */
  readonly provisional: string | null;
  /** The legacy number once it has been ported to the new trunk. */
  readonly ported: string | null;
  readonly state: NumberState;
}

export type IdentityPhase = 'before' | 'parallel' | 'ported';

export interface Identity {
  /** The presented number (user-provided number). */
  readonly upn: string | null;
  /** The network number (network-provided number). */
  readonly npn: string | null;
  readonly phase: IdentityPhase;
  /** Still served by the old system: calls to this employee go to `legacy` over a trunk. */
  readonly onOldSystem: boolean;
  /** One sentence for logs and the identity API. */
  readonly why: string;
}

/** The phase each number state belongs to. */
export const PHASE_OF_STATE: Readonly<Record<NumberState, IdentityPhase>> = {
  planned: 'before',
  provisional_active: 'parallel',
  forwarding_requested: 'parallel',
  forwarding_active: 'parallel',
  forwarding_verified: 'parallel',
  porting: 'parallel',
  ported: 'ported',
  ported_verified: 'ported',
  provisional_retired: 'ported',
};

const shown = (e164: string | null): string => e164 ?? 'none';

/**
 * The identity of an employee. `numbers` undefined means the user has no migration record: a user
 * who was never on the old system, who presents and is known by `fallbackNpn` (phase `ported`:
 * their identity is final).
 */
export function identityFor(numbers: EmployeeNumbers | undefined, fallbackNpn: string | null): Identity {
  if (numbers === undefined) {
    return {
      upn: fallbackNpn,
      npn: fallbackNpn,
      phase: 'ported',
      onOldSystem: false,
      why: `no migration record: presents the trunk's number ${shown(fallbackNpn)}`,
    };
  }
  const state = numbers.state;
  switch (PHASE_OF_STATE[state]) {
    case 'before':
      return {
        upn: fallbackNpn,
        npn: fallbackNpn,
        phase: 'before',
        onOldSystem: true,
        why: `number state ${state}: still on the old system at ${shown(numbers.legacy)}; calls placed through belay present the trunk's number ${shown(fallbackNpn)}`,
      };
    case 'parallel': {
      const npn = numbers.provisional ?? fallbackNpn;
      const upn = numbers.legacy ?? npn;
      const network = numbers.provisional === null ? `the trunk's number ${shown(npn)} (no provisional number recorded)` : `the provisional number ${npn}`;
      const presented = numbers.legacy === null ? 'no legacy number recorded, so it presents the network number' : `presents the legacy number ${upn}`;
      return { upn, npn, phase: 'parallel', onOldSystem: false, why: `number state ${state}: parallel operation; ${presented}; the network number is ${network}` };
    }
    case 'ported': {
      const number = numbers.ported ?? numbers.legacy ?? fallbackNpn;
      const which = numbers.ported !== null ? 'ported number' : numbers.legacy !== null ? 'legacy number (no ported number recorded)' : "trunk's number (no ported or legacy number recorded)";
      return { upn: number, npn: number, phase: 'ported', onOldSystem: false, why: `number state ${state}: ported; presents and is known by the ${which} ${shown(number)}` };
    }
  }
}
