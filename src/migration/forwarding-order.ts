import type { ForwardingOrderListRow } from '../store/index.js';
import type { ForwardingOrderState } from './forwarding-order-machine.js';

/** A forwarding legacy → provisional number at the old provider, for one employee. */
export interface ForwardingOrder {
  readonly id: string;
  readonly tenantId: string;
  /** The migration employee it was placed for. */
  readonly employeeId: string;
  /** How people know the employee; null once their record is gone. */
  readonly extension: string | null;
  readonly name: string | null;
  readonly legacyNumber: string;
  readonly provisionalNumber: string;
  readonly state: ForwardingOrderState;
  /** The evidence of the last passing test call through the forwarding. */
  readonly evidenceId: string | null;
  readonly requestedAt: string;
  readonly activatedAt: string | null;
  readonly verifiedAt: string | null;
  readonly removalRequestedAt: string | null;
  readonly removedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function forwardingOrderFromRow(row: ForwardingOrderListRow): ForwardingOrder {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    employeeId: row.employee_id,
    extension: row.extension,
    name: row.display_name,
    legacyNumber: row.legacy_number,
    provisionalNumber: row.provisional_number,
    state: row.state,
    evidenceId: row.evidence_id,
    requestedAt: row.requested_at,
    activatedAt: row.activated_at,
    verifiedAt: row.verified_at,
    removalRequestedAt: row.removal_requested_at,
    removedAt: row.removed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
