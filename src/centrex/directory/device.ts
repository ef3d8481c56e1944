import type { DeviceRow } from '../../store/index.js';

/** A phone in a tenant's inventory. */
export interface Device {
  /** UUID */
  readonly id: string;
  readonly tenantId: string;
  readonly label: string;
  readonly vendor: string | null;
  readonly model: string | null;
  /** 12 lowercase hex digits */
  readonly mac: string;
  /** The user it is assigned to, or null. */
  readonly userId: string | null;
  /** ISO-8601 UTC */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function deviceFromRow(row: DeviceRow): Device {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    label: row.label,
    vendor: row.vendor,
    model: row.model,
    mac: row.mac,
    userId: row.user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
