import { sql } from 'kysely';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { DomainError } from '../kernel/index.js';
import { uniqueViolationColumns } from './driver-errors.js';
import type { DatabaseSchema, UsersTable } from './schema.js';

export type UserRow = Selectable<UsersTable>;

/** A user of one tenant is addressed by its id or by its extension. */
export type UserKey = { readonly id: string } | { readonly extension: string };

export type UserRowChanges = Omit<Updateable<UsersTable>, 'id' | 'tenant_id' | 'created_at'>;

/** The unique columns of a user, each with the API field it is reported under. */
const uniqueFields = [
  ['extension', 'extension'],
  ['sip_username', 'sipUsername'],
  ['email', 'email'],
] as const;

function taken(field: (typeof uniqueFields)[number][1], value: string, fieldPrefix: string): DomainError {
  const what = field === 'sipUsername' ? 'SIP username' : field === 'email' ? 'e-mail address' : field;
  return new DomainError('conflict', `another user of this tenant already has the ${what} "${value}"`, [
    { field: `${fieldPrefix}${field}`, message: `"${value}" is already taken` },
  ]);
}

/**
 * Duplicate extensions, SIP usernames and e-mail addresses within a tenant are expected input,
 * not faults: they become `conflict` errors naming the field (prefixed by `fieldPrefix`, e.g.
 * `users.3.` in a bulk creation).
 */
function translateConflict(error: unknown, changes: UserRowChanges, fieldPrefix: string): unknown {
  const columns = uniqueViolationColumns(error);
  if (!columns) return error;
  for (const [column, field] of uniqueFields) {
    const value = changes[column];
    if (columns.includes(column) && typeof value === 'string') return taken(field, value, fieldPrefix);
  }
  return error;
}

/**
 * A taken extension is reported as such even when the SIP username defaulted from it is taken
 * too (the database names only one of the violated constraints, and not always the same one).
 */
async function checkExtensionFree(db: Kysely<DatabaseSchema>, user: { readonly id: string; readonly tenant_id: string; readonly extension: string }, fieldPrefix: string): Promise<void> {
  const holder = await db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', user.tenant_id)
    .where('extension', '=', user.extension)
    .where('id', '!=', user.id)
    .executeTakeFirst();
  if (holder) throw taken('extension', user.extension, fieldPrefix);
}

export async function insertUser(db: Kysely<DatabaseSchema>, row: UserRow, fieldPrefix = ''): Promise<void> {
  await checkExtensionFree(db, row, fieldPrefix);
  try {
    await db.insertInto('users').values(row).execute();
  } catch (error) {
    throw translateConflict(error, row, fieldPrefix);
  }
}

export async function findUserRow(db: Kysely<DatabaseSchema>, tenantId: string, key: UserKey): Promise<UserRow | undefined> {
  const query = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
  return ('id' in key ? query.where('id', '=', key.id) : query.where('extension', '=', key.extension)).executeTakeFirst();
}

/**
 * Up to `limit` users of the tenant in extension order (shorter extensions first, then by
 * digits: 99, 100, 201, 1000), after the extension `after` if given; only `extension` if given.
 */
export async function listUserRows(
  db: Kysely<DatabaseSchema>,
  tenantId: string,
  page: { readonly limit: number; readonly after?: string; readonly extension?: string },
): Promise<readonly UserRow[]> {
  const { after, extension } = page;
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(extension !== undefined, (q) => q.where('extension', '=', extension ?? ''))
    .$if(after !== undefined, (q) =>
      q.where(sql<boolean>`(length(extension), extension) > (${after?.length ?? 0}, ${after ?? ''})`),
    )
    .orderBy(sql`length(extension)`)
    .orderBy('extension')
    .limit(page.limit)
    .execute();
}

export async function updateUserRow(db: Kysely<DatabaseSchema>, user: { readonly id: string; readonly tenant_id: string }, changes: UserRowChanges): Promise<UserRow> {
  if (changes.extension !== undefined) await checkExtensionFree(db, { ...user, extension: changes.extension }, '');
  try {
    return await db.updateTable('users').set(changes).where('id', '=', user.id).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    throw translateConflict(error, changes, '');
  }
}

export async function deleteUserRow(db: Kysely<DatabaseSchema>, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** The tenant's users with any call forwarding to `target` (an extension or an E.164 number), in extension order. */
export async function usersForwardingTo(db: Kysely<DatabaseSchema>, tenantId: string, target: string): Promise<readonly UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('forward_always', '=', target),
        eb('forward_busy', '=', target),
        eb('forward_no_answer', '=', target),
        eb('forward_unregistered', '=', target),
      ]),
    )
    .orderBy(sql`length(extension)`)
    .orderBy('extension')
    .execute();
}

/** The tenant's users that have a password (whose HA1 hashes depend on the tenant's SIP domain). */
export async function usersWithPassword(db: Kysely<DatabaseSchema>, tenantId: string): Promise<readonly UserRow[]> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('ha1_md5', 'is not', null), eb('ha1_sha256', 'is not', null)]))
    .orderBy('id')
    .execute();
}

/** A user with the SIP domain of their tenant: the realm their HA1 hashes were made with. */
export type UserRowWithRealm = UserRow & { readonly realm: string };

/**
 * Users with their tenant's SIP domain, read in one statement so the two always agree:
 * every user of every tenant, or only those among `ids` (for loading the directory).
 */
export async function userRowsWithRealm(db: Kysely<DatabaseSchema>, ids?: readonly string[]): Promise<readonly UserRowWithRealm[]> {
  if (ids?.length === 0) return [];
  return db
    .selectFrom('users')
    .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
    .selectAll('users')
    .select('tenants.sip_domain as realm')
    .$if(ids !== undefined, (q) => q.where('users.id', 'in', ids ?? []))
    .execute();
}
