import type { TelephonyCheck } from '../centrex/index.js';
import type { DeviceState, NumberState, TrainingState } from './employee-machines.js';
import type { Evidence, EvidenceKind, EvidenceResult, EvidenceSource, EvidenceSubjectType } from './evidence.js';
import type { GateName } from './project-phases.js';

/**
 * What the gates look at: plain, already validated data read in one transaction. Gates are
 * pure functions of a snapshot, so they can be tested without a database.
 */

/** One employee being migrated, as the gates see them. */
export interface GateEmployee {
  readonly id: string;
  /** The user they are in the directory. */
  readonly userId: string;
  /** How people recognise them, e.g. `201 Erika Muster`. */
  readonly label: string;
  /** E.164; null for someone who had no number of their own at the old system. */
  readonly legacyNumber: string | null;
  readonly provisionalNumber: string | null;
  readonly numberState: NumberState;
  readonly deviceState: DeviceState;
  readonly trainingState: TrainingState;
}

/** A port order and the numbers it moves (every number of its line, E.164). */
export interface GatePortOrder {
  readonly id: string;
  /** e.g. `Telekom line 0221-4711000` */
  readonly label: string;
  readonly state: string;
  /** The agreed port date (Wechseltermin), once confirmed. */
  readonly confirmedDate: string | null;
  readonly numbers: readonly string[];
}

export interface GatePolicy {
  /** How recent a forwarding test call must be (default 24 h). */
  readonly forwardingTestMaxAgeMs: number;
  /** Days without any failed check before decommissioning (default 7). */
  readonly quietDays: number;
}

/** What the telephony checks find for the tenant before go-live (empty `checks`: nothing wrong), and its sites' names by id. */
export interface GateTelephony {
  readonly checks: readonly TelephonyCheck[];
  readonly siteNames: Readonly<Record<string, string>>;
}

export interface GateSnapshot {
  /** Milliseconds since the epoch. */
  readonly now: number;
  readonly tenant: { readonly id: string; readonly name: string };
  readonly employees: readonly GateEmployee[];
  readonly evidence: readonly Evidence[];
  readonly portOrders: readonly GatePortOrder[];
  readonly policy: GatePolicy;
  readonly telephony: GateTelephony;
  /** The tenant's name as an administrator typed it to confirm decommissioning. */
  readonly typedTenantName?: string;
}

/** What a gate found lacking, or relied on: the project, an employee, a number or an order. */
export interface GateSubject {
  readonly type: EvidenceSubjectType;
  readonly id: string;
  readonly label: string;
}

/** One evidence record as a gate cites it, saying whether a person or belay recorded it. */
export interface EvidenceRef {
  readonly id: string;
  readonly kind: EvidenceKind;
  readonly result: EvidenceResult;
  readonly source: EvidenceSource;
  readonly checkedBy: string;
  readonly checkedAt: string;
}

export interface GateMissing {
  readonly subject: GateSubject;
  readonly reason: string;
  /** The kind of evidence that would settle it, where evidence is what is lacking. */
  readonly needs?: EvidenceKind;
  /** The latest evidence of that kind, when it exists but failed or is too old. */
  readonly latest?: EvidenceRef;
}

export interface GateResult {
  readonly gate: GateName;
  readonly description: string;
  readonly passed: boolean;
  /** Everything lacking, per subject, in employee order; empty when passed. */
  readonly missing: readonly GateMissing[];
  /** The evidence records the gate relied on. */
  readonly evidence: readonly EvidenceRef[];
  /** How many of those were recorded by a person, and how many by belay's own checks. */
  readonly sources: { readonly manual: number; readonly automatic: number };
}
