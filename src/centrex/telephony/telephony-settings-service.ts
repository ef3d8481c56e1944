import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DomainError, validateInput, validationFailed } from '../../kernel/index.js';
import { appendAudit, findSiteRow, findTenantRow, findUserRow, inTransaction, listSiteRows, lockAuditChain, updateSiteRow, updateTenantRow } from '../../store/index.js';
import type { Database, DatabaseSchema, SiteRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { changeTime } from '../directory/change-options.js';
import type { ChangeOptions } from '../directory/change-options.js';
import { looksLikeUuid } from '../tenant-schema.js';
import { findTenant } from '../tenant-service.js';
import type { Tenant } from '../tenant-service.js';
import { requiredString } from '../text-fields.js';
import { germanNumberSchema } from './telephony-fields.js';

/** A tenant's reception and its sites' emergency numbers: the telephony settings outside trunks and users. */

/** Where calls to the tenant's numbers that belong to no employee go. */
export interface TenantReception {
  readonly tenantId: string;
  /** An extension of the tenant; null: such calls are refused (404) and logged. */
  readonly receptionExtension: string | null;
}

/** A site with the number its emergency calls present when the caller has none there. */
export interface TelephonySite {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** The local area code without its 0, e.g. `221`. */
  readonly areaCode: string;
  /** E.164, in the site's area code. */
  readonly emergencyNumber: string | null;
  readonly updatedAt: string;
}

export const receptionSchema = z.strictObject({
  receptionExtension: requiredString.trim().nullable().describe('An extension of the tenant; null removes it'),
});

export const siteEmergencyNumberSchema = z.strictObject({
  emergencyNumber: germanNumberSchema
    .nullable()
    .describe('A number of the new trunk registered at this site, in its area code (e.g. +49 221 4711 0); null removes it'),
});

async function receptionOf(db: Kysely<DatabaseSchema>, tenant: Tenant): Promise<TenantReception> {
  const row = await findTenantRow(db, { id: tenant.id });
  if (!row) throw new DomainError('not_found', `tenant "${tenant.slug}" not found`);
  return { tenantId: row.id, receptionExtension: row.reception_extension };
}

export async function getReception(database: Database, tenantIdOrSlug: string): Promise<TenantReception> {
  return receptionOf(database.db, await findTenant(database.db, tenantIdOrSlug));
}

/** Sets (or with null removes) the tenant's reception extension, which must be a user's. */
export async function setReception(database: Database, tenantIdOrSlug: string, input: unknown, actor: Actor, options: ChangeOptions = {}): Promise<TenantReception> {
  const { receptionExtension } = validateInput(receptionSchema, input, 'reception');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const before = await receptionOf(trx, tenant);
    if (receptionExtension !== null && !(await findUserRow(trx, tenant.id, { extension: receptionExtension }))) {
      throw validationFailed('reception', [{ field: 'receptionExtension', message: `extension ${receptionExtension} does not exist in this tenant` }]);
    }
    if (receptionExtension === before.receptionExtension) return before;
    const at = changeTime(options);
    await updateTenantRow(trx, tenant.id, { reception_extension: receptionExtension, updated_at: at });
    const after: TenantReception = { tenantId: tenant.id, receptionExtension };
    await appendAudit(trx, { tenantId: tenant.id, actor, action: 'tenant.set-reception', entityType: 'tenant', entityId: tenant.id, at, before, after });
    return after;
  });
}

function siteFromRow(row: SiteRow): TelephonySite {
  return { id: row.id, tenantId: row.tenant_id, name: row.name, areaCode: row.area_code, emergencyNumber: row.emergency_number, updatedAt: row.updated_at };
}

async function findSite(db: Kysely<DatabaseSchema>, tenant: Tenant, idOrName: string): Promise<SiteRow> {
  const row = await findSiteRow(db, tenant.id, looksLikeUuid(idOrName) ? { id: idOrName.toLowerCase() } : { name: idOrName });
  if (!row) throw new DomainError('not_found', `site "${idOrName}" not found in tenant "${tenant.slug}"`);
  return row;
}

/** The tenant's sites by name, with their emergency numbers. */
export async function listTelephonySites(database: Database, tenantIdOrSlug: string): Promise<{ readonly items: readonly TelephonySite[] }> {
  const tenant = await findTenant(database.db, tenantIdOrSlug);
  return { items: (await listSiteRows(database.db, tenant.id)).map(siteFromRow) };
}

export async function getTelephonySite(database: Database, tenantIdOrSlug: string, siteIdOrName: string): Promise<TelephonySite> {
  const tenant = await findTenant(database.db, tenantIdOrSlug);
  return siteFromRow(await findSite(database.db, tenant, siteIdOrName));
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
): Promise<TelephonySite> {
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
