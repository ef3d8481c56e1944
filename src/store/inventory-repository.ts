import type { Kysely } from 'kysely';
import type { DeviceRow } from './device-repository.js';
import { insertInChunks } from './insert-in-chunks.js';
import type { DatabaseSchema } from './schema.js';
import type { UserRow } from './user-repository.js';

/**
 * Many new users at once, a statement per few hundred, for an import that has checked them
 * against the tenant's users already (unique extensions, SIP usernames and e-mail addresses):
 * a violation left is a fault and throws as the driver reports it.
 */
export async function insertImportedUsers(db: Kysely<DatabaseSchema>, rows: readonly UserRow[]): Promise<void> {
  await insertInChunks(rows, (chunk) => db.insertInto('users').values(chunk).execute());
}

/** Many new devices at once, checked by the import like {@link insertImportedUsers}. */
export async function insertImportedDevices(db: Kysely<DatabaseSchema>, rows: readonly DeviceRow[]): Promise<void> {
  await insertInChunks(rows, (chunk) => db.insertInto('devices').values(chunk).execute());
}
