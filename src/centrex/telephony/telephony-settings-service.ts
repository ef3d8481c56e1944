import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DomainError, validateInput, validationFailed } from '../../kernel/index.js';
import { appendAudit, findSiteRow, inTransaction, lockAuditChain, updateSiteRow } from '../../store/index.js';
import type { Database, DatabaseSchema, SiteRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { changeTime } from '../directory/change-options.js';
import type { ChangeOptions } from '../directory/change-options.js';
import { looksLikeUuid } from '../tenant-schema.js';
import { findTenant } from '../tenant-service.js';
import type { Tenant } from '../tenant-service.js';
import { siteFromRow } from './site.js';
import type { Site } from './site.js';
import { germanNumberSchema } from './telephony-fields.js';

/**
 * Telephony settings outside trunks and users: a site's emergency number. (The tenant's
 * reception extension is a field of the tenant, see `updateTenant`.)
 */

export const siteEmergencyNumberSchema = z.strictObject({
  emergencyNumber: germanNumberSchema
    .nullable()
    .describe('A number of the new trunk registered at this site, in its area code (e.g. +49 221 4711 0); null removes it'),
});

async function findSite(db: Kysely<DatabaseSchema>, tenant: Tenant, idOrName: string): Promise<SiteRow> {
  const row = await findSiteRow(db, tenant.id, looksLikeUuid(idOrName) ? { id: idOrName.toLowerCase() } : { name: idOrName });
  if (!row) throw new DomainError('not_found', `site "${idOrName}" not found in tenant "${tenant.slug}"`);
  return row;
}

/**
 * Sets (or with null removes) a site's emergency number. Carriers locate an emergency call by
 * the number it presents, so the number must be in the site's area code.
 */
export async function setSiteEmergencyNumber(
  database: Database,
  tenantIdOrSlug: string,
  siteIdOrName: string,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<Site> {
  const { emergencyNumber } = validateInput(siteEmergencyNumberSchema, input, 'site');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const before = await findSite(trx, tenant, siteIdOrName);
    if (emergencyNumber !== null && !emergencyNumber.startsWith(`+49${before.area_code}`)) {
      const message = `${emergencyNumber} is not in the area code 0${before.area_code} of site "${before.name}": emergency calls are located by this number`;
      throw validationFailed('site', [{ field: 'emergencyNumber', message }]);
    }
    if (emergencyNumber === before.emergency_number) return siteFromRow(before);
    const at = changeTime(options);
    const after = await updateSiteRow(trx, before.id, { emergency_number: emergencyNumber, updated_at: at });
    await appendAudit(trx, {
      tenantId: tenant.id,
      actor,
      action: 'site.set-emergency-number',
      entityType: 'site',
      entityId: before.id,
      at,
      before: siteFromRow(before),
      after: siteFromRow(after),
    });
    return siteFromRow(after);
  });
}
