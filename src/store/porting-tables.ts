/** The orders at the old provider: number ports and forwardings of legacy numbers. */

/** Where a port order is (see the port order state chart in `src/migration`). */
export type PortOrderStateValue = 'draft' | 'submitted' | 'rejected' | 'confirmed' | 'rescheduled' | 'completed' | 'cancelled';

/** The losing provider's reason for refusing a port (the Vorabstimmung's rejection codes). */
export type PortRejectionCodeValue = 'RNG' | 'ADF' | 'AIF' | 'WAI' | 'KNI' | 'VAE' | 'SON';

/** Where a forwarding order at the old provider is. */
export type ForwardingOrderStateValue = 'requested' | 'active' | 'verified' | 'removal_requested' | 'removed';

/**
 * A port order: one line (Anlagenanschluss) at one old provider, moved as a whole (tenant-owned).
 * The holder's name and address and the customer number are stored exactly as typed.
 */
export interface PortOrdersTable {
  id: string;
  tenant_id: string;
  old_provider: string;
  line_id: string;
  state: PortOrderStateValue;
  holder_name: string | null;
  holder_street: string | null;
  holder_postal_code: string | null;
  holder_city: string | null;
  customer_number: string | null;
  signatory_name: string | null;
  signatory_role: string | null;
  /** `YYYY-MM-DD`; null when asked for at the contract end. */
  requested_date: string | null;
  /** 0 or 1 */
  at_contract_end: number;
  contract_end_date: string | null;
  /** The Wechseltermin `YYYY-MM-DD` and its porting window (`HH:MM`, German local time). */
  confirmed_date: string | null;
  window_start: string | null;
  window_end: string | null;
  /** The last rejection, kept after a resubmission. */
  rejection_code: PortRejectionCodeValue | null;
  rejection_text: string | null;
  rejected_at: string | null;
  /** JSON array of the data fields corrected since the last rejection. */
  corrected_fields: string;
  submissions: number;
  provisional_grace_days: number;
  /** Set on completion: when the line's provisional numbers are retired. */
  provisionals_retire_at: string | null;
  /** Set once every employee of the line has had their provisional number retired. */
  provisionals_retired_at: string | null;
  cancel_reason: string | null;
  submitted_at: string | null;
  confirmed_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The numbers of a port order (E.164): every number of its line. */
export interface PortOrderNumbersTable {
  port_order_id: string;
  tenant_id: string;
  number: string;
}

/** A forwarding legacy → provisional number ordered at the old provider (tenant-owned). */
export interface ForwardingOrdersTable {
  id: string;
  tenant_id: string;
  /** The migration employee; no foreign key: the order outlives the record. */
  employee_id: string;
  legacy_number: string;
  provisional_number: string;
  state: ForwardingOrderStateValue;
  /** The evidence of the last passing test call; set exactly when `verified_at` is. */
  evidence_id: string | null;
  requested_at: string;
  activated_at: string | null;
  verified_at: string | null;
  removal_requested_at: string | null;
  removed_at: string | null;
  created_at: string;
  updated_at: string;
}
