import type { PortOrderWithNumbersRow } from '../store/index.js';
import type { PortOrderRecord } from './port-order.js';
import type { PortOrderDataField } from './port-rejection-codes.js';
import { portRejectionCodes } from './port-rejection-codes.js';

/** The order as recorded, from its stored row. */
export function portOrderFromRow(row: PortOrderWithNumbersRow): PortOrderRecord {
  const { rejection_code: code, rejected_at: rejectedAt } = row;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    oldProvider: row.old_provider,
    lineId: row.line_id,
    state: row.state,
    numbers: row.numbers,
    holderName: row.holder_name,
    holderStreet: row.holder_street,
    holderPostalCode: row.holder_postal_code,
    holderCity: row.holder_city,
    customerNumber: row.customer_number,
    signatoryName: row.signatory_name,
    signatoryRole: row.signatory_role,
    requestedDate: row.requested_date,
    atContractEnd: row.at_contract_end === 1,
    contractEndDate: row.contract_end_date,
    confirmedDate: row.confirmed_date,
    portingWindow: row.window_start === null || row.window_end === null ? null : { start: row.window_start, end: row.window_end },
    rejection:
      code === null || rejectedAt === null
        ? null
        : { code, text: row.rejection_text, at: rejectedAt, meaning: portRejectionCodes[code].meaning, remedy: portRejectionCodes[code].remedy },
    correctedFields: JSON.parse(row.corrected_fields) as PortOrderDataField[],
    submissions: row.submissions,
    provisionalGraceDays: row.provisional_grace_days,
    provisionalsRetireAt: row.provisionals_retire_at,
    cancelReason: row.cancel_reason,
    submittedAt: row.submitted_at,
    confirmedAt: row.confirmed_at,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
