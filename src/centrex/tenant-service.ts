import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { DomainError } from '../kernel/index.js';
import type { FieldError } from '../kernel/index.js';
import { SystemClock } from '../sip/index.js';
import type { Clock } from '../sip/index.js';
import {
  appendAudit,
  countTenantData,
  deleteTenantRow,
  describeTenantData,
  findTenantRow,
  inTransaction,
  insertTenant,
  listTenantRows,
  lockAuditChain,
  updateTenantRow,
} from '../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, TenantKey, TenantRow, TenantRowCursor } from '../store/index.js';
import type { Actor } from './actor.js';
import { looksLikeUuid, tenantCreateSchema, tenantPageSchema, tenantUpdateSchema } from './tenant-schema.js';

/** A customer company: the unit everything else (users, numbers, trunks) belongs to. */
export interface Tenant {
  /** UUID */
  readonly id: string;
  /** DNS label naming the tenant's SIP domain */
  readonly slug: string;
  readonly name: string;
  /** ISO-8601 UTC */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TenantPage {
  readonly items: readonly Tenant[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

/** The time source of a change; the system clock unless a test supplies its own. */
export type TenantClock = Pick<Clock, 'now'>;

const systemClock: TenantClock = new SystemClock();
const defaultPageSize = 50;

function validate<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: key, message: 'is not a known field' }))
      : [{ field: issue.path.map(String).join('.'), message: issue.message }],
  );
  const summary = fields.map((f) => (f.field ? `${f.field} ${f.message}` : f.message)).join('; ');
  throw new DomainError('validation_failed', `invalid ${what}: ${summary}`, fields);
}

function toTenant(row: TenantRow): Tenant {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
}

function keyOf(idOrSlug: string): TenantKey {
  return looksLikeUuid(idOrSlug) ? { id: idOrSlug.toLowerCase() } : { slug: idOrSlug };
}

async function findTenant(db: Kysely<DatabaseSchema>, idOrSlug: string): Promise<Tenant> {
  const row = await findTenantRow(db, keyOf(idOrSlug));
  if (!row) throw new DomainError('not_found', `tenant "${idOrSlug}" not found`);
  return toTenant(row);
}

function isoNow(clock: TenantClock): string {
  return new Date(clock.now()).toISOString();
}

function audit(actor: Actor, verb: string, before: Tenant | null, after: Tenant | null, at: string): AuditEntry {
  const tenant = after ?? before;
  if (!tenant) throw new Error('an audited tenant change needs a before or an after');
  return { tenantId: tenant.id, actor, action: `tenant.${verb}`, entityType: 'tenant', entityId: tenant.id, at, before, after };
}

function encodeCursor(tenant: Tenant): string {
  return Buffer.from(JSON.stringify([tenant.createdAt, tenant.id])).toString('base64url');
}

function decodeCursor(cursor: string): TenantRowCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
    return { createdAt: value[0], id: value[1] };
  }
  const message = 'is not a cursor returned by this list';
  throw new DomainError('validation_failed', `invalid page: after ${message}`, [{ field: 'after', message }]);
}

/** Creates a tenant; `conflict` if its slug is taken. */
export async function createTenant(database: Database, input: unknown, actor: Actor, clock = systemClock): Promise<Tenant> {
  const { slug, name } = validate(tenantCreateSchema, input, 'tenant');
  const at = isoNow(clock);
  const tenant: Tenant = { id: randomUUID(), slug, name, createdAt: at, updatedAt: at };
  await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    await insertTenant(trx, { id: tenant.id, slug, name, created_at: at, updated_at: at });
    await appendAudit(trx, audit(actor, 'create', null, tenant, at));
  });
  return tenant;
}

/** Tenants in creation order, a page at a time (default 50, at most 200). */
export async function listTenants(database: Database, page: { limit?: number; after?: string } = {}): Promise<TenantPage> {
  const { limit = defaultPageSize, after } = validate(tenantPageSchema, page, 'page');
  const rows = await listTenantRows(database.db, {
    limit: limit + 1,
    ...(after === undefined ? {} : { after: decodeCursor(after) }),
  });
  const items = rows.slice(0, limit).map(toTenant);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor(last) : null };
}

/** The tenant with this id or slug; `not_found` otherwise. */
export async function getTenant(database: Database, idOrSlug: string): Promise<Tenant> {
  return findTenant(database.db, idOrSlug);
}

/** Changes slug and/or name; a patch that changes nothing writes nothing. */
export async function updateTenant(
  database: Database,
  idOrSlug: string,
  patch: unknown,
  actor: Actor,
  clock = systemClock,
): Promise<Tenant> {
  const { slug, name } = validate(tenantUpdateSchema, patch, 'tenant update');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const before = await findTenant(trx, idOrSlug);
    const changes = {
      ...(slug !== undefined && slug !== before.slug ? { slug } : {}),
      ...(name !== undefined && name !== before.name ? { name } : {}),
    };
    if (Object.keys(changes).length === 0) return before;
    const at = isoNow(clock);
    const after = toTenant(await updateTenantRow(trx, before.id, { ...changes, updated_at: at }));
    await appendAudit(trx, audit(actor, 'update', before, after, at));
    return after;
  });
}

/** Deletes a tenant that owns no data; `precondition_failed` naming what remains otherwise. */
export async function deleteTenant(database: Database, idOrSlug: string, actor: Actor, clock = systemClock): Promise<void> {
  await inTransaction(database, async (trx) => {
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
    await appendAudit(trx, audit(actor, 'delete', tenant, null, isoNow(clock)));
  });
}
