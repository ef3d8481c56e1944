/**
 * Evidence: the record of one check behind a gate — what was checked, about which subject,
 * when, by whom or by what, and whether it passed. Recorded by a person through the API
 * (`manual`) or by belay's own test calls (`automatic`).
 */

export const EVIDENCE_KINDS = [
  /** A call to the legacy number arrived at the employee through the old provider's forwarding. */
  'forwarding_test_call',
  /** A call to the ported number arrived on the new trunk directly. */
  'ported_inbound_test_call',
  /** A call from the employee presented the ported number. */
  'ported_outbound_test_call',
  /** A call from and to the employee's new device. */
  'device_test_call',
  /** Any other scenario of the parallel operation (busy, voicemail, emergency routing, …). */
  'scenario',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_SUBJECT_TYPES = ['project', 'employee', 'number', 'port_order', 'forwarding_order'] as const;
export type EvidenceSubjectType = (typeof EVIDENCE_SUBJECT_TYPES)[number];

export const EVIDENCE_RESULTS = ['pass', 'fail'] as const;
export type EvidenceResult = (typeof EVIDENCE_RESULTS)[number];

export const EVIDENCE_SOURCES = ['manual', 'automatic'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** What a check was about: the project (tenant id), an employee (migration employee id), a number (E.164), an order (id). */
export interface EvidenceSubject {
  readonly type: EvidenceSubjectType;
  readonly id: string;
}

export interface Evidence {
  readonly id: string;
  readonly tenantId: string;
  readonly subject: EvidenceSubject;
  readonly kind: EvidenceKind;
  readonly result: EvidenceResult;
  readonly source: EvidenceSource;
  /** Who or what checked: a person's name for `manual`, the checking component for `automatic`. */
  readonly checkedBy: string;
  /** When the check happened (ISO-8601 UTC). */
  readonly checkedAt: string;
  /** When it was recorded (ISO-8601 UTC). */
  readonly recordedAt: string;
  /** Free details: call ids, what the far end saw, a note. */
  readonly details: Readonly<Record<string, unknown>>;
}
