import type { Kysely, Selectable, Updateable } from 'kysely';
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

/** Duplicate slugs are expected input, not faults: they become `conflict` errors. */
function translateConflict(error: unknown, slug: string | undefined): unknown {
  if (slug !== undefined && uniqueViolationColumns(error)?.includes('slug')) {
    return new DomainError('conflict', `a tenant with slug "${slug}" already exists`, [
      { field: 'slug', message: `"${slug}" is already taken` },
    ]);
  }
  return error;
}

export async function insertTenant(db: Kysely<DatabaseSchema>, row: TenantRow): Promise<void> {
  try {
    await db.insertInto('tenants').values(row).execute();
  } catch (error) {
    throw translateConflict(error, row.slug);
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
  try {
    return await db.updateTable('tenants').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    throw translateConflict(error, changes.slug);
  }
}

export async function deleteTenantRow(db: Kysely<DatabaseSchema>, id: string): Promise<void> {
  await db.deleteFrom('tenants').where('id', '=', id).execute();
}
