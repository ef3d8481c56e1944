import type { MigrationEmployeeRow } from '../store/index.js';

/** Who a new migration record is of, and when it is made. */
export interface NewEmployee {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly siteId: string;
  /** ISO-8601 UTC */
  readonly at: string;
}

/** An employee's migration record as it starts: no numbers yet, the old phone recorded, training pending. */
export function newEmployeeRow({ id, tenantId, userId, siteId, at }: NewEmployee): MigrationEmployeeRow {
  return {
    id,
    tenant_id: tenantId,
    user_id: userId,
    site_id: siteId,
    legacy_number: null,
    legacy_block_id: null,
    provisional_number: null,
    provisional_block_id: null,
    ported_number: null,
    number_state: 'planned',
    device_state: 'old_recorded',
    training_state: 'pending',
    training_note: null,
    old_device_vendor: null,
    old_device_model: null,
    old_device_mac: null,
    language: null,
    role: null,
    created_at: at,
    updated_at: at,
  };
}
