import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { DomainError, validateInput, validationFailed } from '../kernel/index.js';
import {
  appendAudit,
  countTenantData,
  deleteTenantRow,
  describeTenantData,
  findTenantRow,
  findUserRow,
  inTransaction,
  insertTenant,
  listTenantRows,
  lockAuditChain,
  updateTenantRow,
  updateUserRow,
  usersWithPassword,
} from '../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, TenantKey, TenantRow, UserRow } from '../store/index.js';
import type { Actor } from './actor.js';
import { changeTime } from './directory/change-options.js';
import type { ChangeOptions } from './directory/change-options.js';
import type { DirectoryTenant } from './directory/directory.js';
import { directoryUserFromRow, userFromRow } from './directory/user.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';
import { dnsNameSchema, looksLikeUuid, tenantCreateSchema, tenantPageSchema, tenantUpdateSchema } from './tenant-schema.js';

/** A customer company: the unit everything else (users, numbers, trunks) belongs to. */
export interface Tenant {
  /** UUID */
  readonly id: string;
  /** DNS label naming the tenant's SIP domain */
  readonly slug: string;
  readonly name: string;
  /** The tenant's SIP domain, also the Digest realm of its users (lowercase DNS name). */
  readonly sipDomain: string;
  /** The extension calls to the tenant's numbers without an employee go to; null: they are refused (404) and logged. */
  readonly receptionExtension: string | null;
  /** ISO-8601 UTC */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TenantPage {
  readonly items: readonly Tenant[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

/** The parent of the SIP domains tenants get by default (`<slug>.belay.localhost`), the default of BELAY_SIP_DOMAIN. */
export const defaultSipDomainParent = 'belay.localhost';

export interface TenantCreateOptions extends ChangeOptions {
  /** A new tenant's SIP domain, unless given, is `<slug>.<sipDomainParent>` (default {@link defaultSipDomainParent}). */
  readonly sipDomainParent?: string;
}

const defaultPageSize = 50;

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    sipDomain: row.sip_domain,
    receptionExtension: row.reception_extension,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function directoryTenant(tenant: Tenant): DirectoryTenant {
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, sipDomain: tenant.sipDomain };
}

function keyOf(idOrSlug: string): TenantKey {
  return looksLikeUuid(idOrSlug) ? { id: idOrSlug.toLowerCase() } : { slug: idOrSlug };
}

/** The tenant with this id or slug; `not_found` otherwise. For other services' transactions. */
export async function findTenant(db: Kysely<DatabaseSchema>, idOrSlug: string): Promise<Tenant> {
  const row = await findTenantRow(db, keyOf(idOrSlug));
  if (!row) throw new DomainError('not_found', `tenant "${idOrSlug}" not found`);
  return toTenant(row);
}

function audit(actor: Actor, verb: string, before: Tenant | null, after: Tenant | null, at: string): AuditEntry {
  const tenant = after ?? before;
  if (!tenant) throw new Error('an audited tenant change needs a before or an after');
  return { tenantId: tenant.id, actor, action: `tenant.${verb}`, entityType: 'tenant', entityId: tenant.id, at, before, after };
}

function defaultSipDomain(slug: string, parent: string): string {
  const result = dnsNameSchema.safeParse(`${slug}.${parent}`);
  if (result.success) return result.data;
  const message = `cannot default to "${slug}.${parent}" (${result.error.issues[0]?.message ?? 'not a DNS name'}); give one`;
  throw validationFailed('tenant', [{ field: 'sipDomain', message }]);
}

/** Creates a tenant; `conflict` if its slug or SIP domain is taken. */
export async function createTenant(database: Database, input: unknown, actor: Actor, options: TenantCreateOptions = {}): Promise<Tenant> {
  const { slug, name, sipDomain } = validateInput(tenantCreateSchema, input, 'tenant');
  const at = changeTime(options);
  const tenant: Tenant = {
    id: randomUUID(),
    slug,
    name,
    sipDomain: sipDomain ?? defaultSipDomain(slug, options.sipDomainParent ?? defaultSipDomainParent),
    receptionExtension: null,
    createdAt: at,
    updatedAt: at,
  };
  const record = await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    await insertTenant(trx, { id: tenant.id, slug, name, sip_domain: tenant.sipDomain, created_at: at, updated_at: at });
    return appendAudit(trx, audit(actor, 'create', null, tenant, at));
  });
  options.directory?.putTenant(directoryTenant(tenant), record.id);
  return tenant;
}

/** Tenants in creation order, a page at a time (default 50, at most 200). */
export async function listTenants(database: Database, page: { limit?: number; after?: string } = {}): Promise<TenantPage> {
  const { limit = defaultPageSize, after } = validateInput(tenantPageSchema, page, 'page');
  const cursor = after === undefined ? undefined : decodeCursor(after, 2);
  const rows = await listTenantRows(database.db, {
    limit: limit + 1,
    ...(cursor && { after: { createdAt: cursor[0] ?? '', id: cursor[1] ?? '' } }),
  });
  const items = rows.slice(0, limit).map(toTenant);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
}

/** The tenant with this id or slug; `not_found` otherwise. */
export async function getTenant(database: Database, idOrSlug: string): Promise<Tenant> {
  return findTenant(database.db, idOrSlug);
}

/**
 * Passwords are stored hashed with the SIP domain as realm, so a new domain invalidates them:
 * refused while users have one, unless `resetPasswords` lets the change clear them (audited
 * per user). Returns the users whose passwords were cleared.
 */
async function clearPasswordsForDomainChange(
  trx: Transaction<DatabaseSchema>,
  tenant: Tenant,
  resetPasswords: boolean,
  actor: Actor,
  at: string,
): Promise<readonly UserRow[]> {
  const affected = await usersWithPassword(trx, tenant.id);
  if (affected.length === 0) return [];
  if (!resetPasswords) {
    const users = affected.length === 1 ? '1 user has a SIP password' : `${affected.length} users have SIP passwords`;
    const message = `would invalidate the SIP passwords of ${affected.length} ${affected.length === 1 ? 'user' : 'users'}; repeat with resetPasswords: true to clear them`;
    throw new DomainError(
      'precondition_failed',
      `tenant "${tenant.slug}": ${users}, stored hashed with the SIP domain as realm, so changing the domain would invalidate them. ` +
        'Repeat the change with resetPasswords: true to clear them; each user then needs a new password before their phones can register again',
      [{ field: 'sipDomain', message }],
    );
  }
  const cleared: UserRow[] = [];
  for (const row of affected) {
    const after = await updateUserRow(trx, row, { ha1_md5: null, ha1_sha256: null, updated_at: at });
    await appendAudit(trx, {
      tenantId: tenant.id,
      actor,
      action: 'user.update',
      entityType: 'user',
      entityId: row.id,
      at,
      before: userFromRow(row),
      after: { ...userFromRow(after), passwordChanged: true },
    });
    cleared.push(after);
  }
  return cleared;
}

/** The reception must be an extension of one of the tenant's users. */
async function checkReception(db: Kysely<DatabaseSchema>, tenant: Tenant, extension: string): Promise<void> {
  if (await findUserRow(db, tenant.id, { extension })) return;
  throw validationFailed('tenant update', [{ field: 'receptionExtension', message: `extension ${extension} does not exist in this tenant` }]);
}

/** Changes slug, name, SIP domain and/or reception extension; a patch that changes nothing writes nothing. */
export async function updateTenant(
  database: Database,
  idOrSlug: string,
  patch: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<Tenant> {
  const { slug, name, sipDomain, receptionExtension, resetPasswords = false } = validateInput(tenantUpdateSchema, patch, 'tenant update');
  const outcome = await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const before = await findTenant(trx, idOrSlug);
    const changes = {
      ...(slug !== undefined && slug !== before.slug ? { slug } : {}),
      ...(name !== undefined && name !== before.name ? { name } : {}),
      ...(sipDomain !== undefined && sipDomain !== before.sipDomain ? { sip_domain: sipDomain } : {}),
      ...(receptionExtension !== undefined && receptionExtension !== before.receptionExtension ? { reception_extension: receptionExtension } : {}),
    };
    if (changes.reception_extension) await checkReception(trx, before, changes.reception_extension);
    if (Object.keys(changes).length === 0) return { tenant: before, version: undefined, cleared: [] };
    const at = changeTime(options);
    const cleared = changes.sip_domain === undefined ? [] : await clearPasswordsForDomainChange(trx, before, resetPasswords, actor, at);
    const after = toTenant(await updateTenantRow(trx, before.id, { ...changes, updated_at: at }));
    const record = await appendAudit(trx, audit(actor, 'update', before, after, at));
    return { tenant: after, version: record.id, cleared };
  });
  const { tenant, version, cleared } = outcome;
  if (version !== undefined && options.directory) {
    options.directory.putTenant(directoryTenant(tenant), version);
    for (const row of cleared) options.directory.putUser(directoryUserFromRow(row, tenant.sipDomain), version);
  }
  return tenant;
}

/** Deletes a tenant that owns no data; `precondition_failed` naming what remains otherwise. */
export async function deleteTenant(database: Database, idOrSlug: string, actor: Actor, options: ChangeOptions = {}): Promise<void> {
  const { tenant, version } = await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, idOrSlug);
    const remaining = await countTenantData(trx, tenant.id);
    if (remaining.length > 0) {
      throw new DomainError(
        'precondition_failed',
        `tenant "${tenant.slug}" still has ${describeTenantData(remaining)}; delete them first`,
      );
    }
    await deleteTenantRow(trx, tenant.id);
    const record = await appendAudit(trx, audit(actor, 'delete', tenant, null, changeTime(options)));
    return { tenant, version: record.id };
  });
  options.directory?.removeTenant(tenant.id, version);
}
