import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { DomainError } from '../kernel/index.js';
import { uniqueViolationColumns } from './driver-errors.js';
import type { DatabaseSchema, TenantsTable } from './schema.js';

export type TenantRow = Selectable<TenantsTable>;

/** A tenant is addressed by its id or by its slug. */
export type TenantKey = { readonly id: string } | { readonly slug: string };

/** Position after the last row of a page, in the list's order (creation time, then id). */
export interface TenantRowCursor {
  readonly createdAt: string;
  readonly id: string;
}

function slugTaken(slug: string): DomainError {
  return new DomainError('conflict', `a tenant with slug "${slug}" already exists`, [{ field: 'slug', message: `"${slug}" is already taken` }]);
}

/** Duplicate slugs and SIP domains are expected input, not faults: they become `conflict` errors. */
function translateConflict(error: unknown, changes: { readonly slug?: string; readonly sip_domain?: string }): unknown {
  const columns = uniqueViolationColumns(error);
  if (changes.slug !== undefined && columns?.includes('slug')) return slugTaken(changes.slug);
  if (changes.sip_domain !== undefined && columns?.includes('sip_domain')) {
    return new DomainError('conflict', `another tenant already has the SIP domain "${changes.sip_domain}"`, [
      { field: 'sipDomain', message: `"${changes.sip_domain}" is already taken` },
    ]);
  }
  return error;
}

/**
 * A taken slug is reported as such even when the SIP domain derived from it is taken too
 * (the database names only one of the violated constraints, and not always the same one).
 */
async function checkSlugFree(db: Kysely<DatabaseSchema>, slug: string | undefined): Promise<void> {
  if (slug !== undefined && (await db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst())) throw slugTaken(slug);
}

export async function insertTenant(db: Kysely<DatabaseSchema>, row: Insertable<TenantsTable>): Promise<void> {
  await checkSlugFree(db, row.slug);
  try {
    await db.insertInto('tenants').values(row).execute();
  } catch (error) {
    throw translateConflict(error, row);
  }
}

export async function findTenantRow(db: Kysely<DatabaseSchema>, key: TenantKey): Promise<TenantRow | undefined> {
  const query = db.selectFrom('tenants').selectAll();
  return ('id' in key ? query.where('id', '=', key.id) : query.where('slug', '=', key.slug)).executeTakeFirst();
}

/** Up to `limit` tenants in creation order (ties broken by id), after `after` if given. */
export async function listTenantRows(
  db: Kysely<DatabaseSchema>,
  page: { readonly limit: number; readonly after?: TenantRowCursor },
): Promise<readonly TenantRow[]> {
  const { after } = page;
  return db
    .selectFrom('tenants')
    .selectAll()
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after?.createdAt ?? '', after?.id ?? ''))),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(page.limit)
    .execute();
}

export async function updateTenantRow(
  db: Kysely<DatabaseSchema>,
  id: string,
  changes: Omit<Updateable<TenantsTable>, 'id' | 'created_at'>,
): Promise<TenantRow> {
  await checkSlugFree(db, changes.slug);
  try {
    return await db.updateTable('tenants').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    throw translateConflict(error, changes);
  }
}

export async function deleteTenantRow(db: Kysely<DatabaseSchema>, id: string): Promise<void> {
  await db.deleteFrom('tenants').where('id', '=', id).execute();
}

/** Every tenant (for loading the directory). */
export async function allTenantRows(db: Kysely<DatabaseSchema>): Promise<readonly TenantRow[]> {
  return db.selectFrom('tenants').selectAll().execute();
}

/** The tenants among `ids` that exist. */
export async function tenantRowsByIds(db: Kysely<DatabaseSchema>, ids: readonly string[]): Promise<readonly TenantRow[]> {
  return ids.length === 0 ? [] : db.selectFrom('tenants').selectAll().where('id', 'in', ids).execute();
}
