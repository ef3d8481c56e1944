import type { Kysely } from 'kysely';
import { DomainError } from '../../kernel/index.js';
import { findUserRow } from '../../store/index.js';
import type { DatabaseSchema, UserKey, UserRow } from '../../store/index.js';
import { looksLikeUuid } from '../tenant-schema.js';
import type { Tenant } from '../tenant-service.js';

/** A user is addressed by id or, within its tenant, by extension. */
function userKeyOf(idOrExtension: string): UserKey {
  return looksLikeUuid(idOrExtension) ? { id: idOrExtension.toLowerCase() } : { extension: idOrExtension };
}

/** The tenant's user with this id or extension; `not_found` otherwise. */
export async function findUser(db: Kysely<DatabaseSchema>, tenant: Tenant, idOrExtension: string): Promise<UserRow> {
  const row = await findUserRow(db, tenant.id, userKeyOf(idOrExtension));
  if (!row) throw new DomainError('not_found', `user "${idOrExtension}" not found in tenant "${tenant.slug}"`);
  return row;
}
