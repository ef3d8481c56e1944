import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { insertInChunks } from './insert-in-chunks.js';
import type { DatabaseSchema, SitesTable } from './schema.js';

export type SiteRow = Selectable<SitesTable>;

export type SiteRowChanges = Omit<Updateable<SitesTable>, 'id' | 'tenant_id' | 'created_at'>;

/** The tenant's sites in name order. */
export async function listSiteRows(db: Kysely<DatabaseSchema>, tenantId: string): Promise<readonly SiteRow[]> {
  return db.selectFrom('sites').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute();
}

/** A site of one tenant is addressed by its id or by its name. */
export type SiteKey = { readonly id: string } | { readonly name: string };

export async function findSiteRow(db: Kysely<DatabaseSchema>, tenantId: string, key: SiteKey): Promise<SiteRow | undefined> {
  const query = db.selectFrom('sites').selectAll().where('tenant_id', '=', tenantId);
  return ('id' in key ? query.where('id', '=', key.id) : query.where('name', '=', key.name)).executeTakeFirst();
}

export async function insertSites(db: Kysely<DatabaseSchema>, rows: readonly Insertable<SitesTable>[]): Promise<void> {
  await insertInChunks(rows, (chunk) => db.insertInto('sites').values(chunk).execute());
}

export async function updateSiteRow(db: Kysely<DatabaseSchema>, id: string, changes: SiteRowChanges): Promise<SiteRow> {
  return db.updateTable('sites').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
