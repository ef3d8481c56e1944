import type { PortOrderState } from './port-order-machine.js';
import type { PortOrderDataField, PortRejectionCodeName } from './port-rejection-codes.js';
import type { PortOrderWarning } from './port-order-warnings.js';

export interface PortOrderRejection {
  readonly code: PortRejectionCodeName;
  readonly text: string | null;
  /** ISO-8601 UTC */
  readonly at: string;
  readonly meaning: string;
  readonly remedy: string;
}

/** The porting window of the Wechseltermin, German local time `HH:MM`. */
export interface PortingWindow {
  readonly start: string;
  readonly end: string;
}

/**
 * What the losing provider needs to identify the line and its holder (telephony-de §3.3).
 * The holder's name and address and the customer number are kept exactly as typed: the
 * provider compares them character for character with its records.
 */
export interface PortOrderData {
  readonly holderName: string | null;
  readonly holderStreet: string | null;
  readonly holderPostalCode: string | null;
  readonly holderCity: string | null;
  /** The customer number at the losing provider. */
  readonly customerNumber: string | null;
  /** The person authorised to sign for the holder, and their role (e.g. Geschäftsführerin). */
  readonly signatoryName: string | null;
  readonly signatoryRole: string | null;
  /** The date asked for (`YYYY-MM-DD`); null when the port is asked for at the contract end. */
  readonly requestedDate: string | null;
  readonly atContractEnd: boolean;
  /** When the old contract ends, if known (`YYYY-MM-DD`). */
  readonly contractEndDate: string | null;
}

/** A port order as recorded (and audited): one line at one old provider, all of its numbers, on their way to the new network. */
export interface PortOrderRecord extends PortOrderData {
  readonly id: string;
  readonly tenantId: string;
  readonly oldProvider: string;
  readonly lineId: string;
  readonly state: PortOrderState;
  /** Every number of the line, E.164, sorted. */
  readonly numbers: readonly string[];
  /** The Wechseltermin (`YYYY-MM-DD`), once confirmed. */
  readonly confirmedDate: string | null;
  readonly portingWindow: PortingWindow | null;
  /** The last rejection, kept after a resubmission. */
  readonly rejection: PortOrderRejection | null;
  /** The data fields corrected since the last rejection. */
  readonly correctedFields: readonly PortOrderDataField[];
  /** How many times the order went to the losing provider. */
  readonly submissions: number;
  /** Days the provisional numbers stay reachable after the port before they are retired. */
  readonly provisionalGraceDays: number;
  /** When the provisional numbers of the line's employees are retired (ISO-8601 UTC); set on completion. */
  readonly provisionalsRetireAt: string | null;
  readonly cancelReason: string | null;
  readonly submittedAt: string | null;
  readonly confirmedAt: string | null;
  readonly completedAt: string | null;
  readonly cancelledAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A port order as shown: the record and what the administrator should know before it goes out or the port happens. */
export interface PortOrder extends PortOrderRecord {
  readonly warnings: readonly PortOrderWarning[];
}
