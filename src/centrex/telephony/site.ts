import type { SiteRow } from '../../store/index.js';

/** A site of the tenant as the API shows it. */
export interface Site {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** Postal address (where emergency calls from the site are located). */
  readonly address: string;
  /** The local area code without its 0, e.g. `221`. */
  readonly areaCode: string;
  /** E.164 in the site's area code: what emergency calls from the site present when the caller has no number registered there. */
  readonly emergencyNumber: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function siteFromRow(row: SiteRow): Site {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    address: row.address,
    areaCode: row.area_code,
    emergencyNumber: row.emergency_number,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
