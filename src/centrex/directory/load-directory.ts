import { allTenantRows, auditPosition, listAudit, tenantRowsByIds, userRowsWithRealm } from '../../store/index.js';
import type { Database, TenantRow } from '../../store/index.js';
import type { DirectoryTenant } from './directory.js';
import { InMemoryDirectory } from './in-memory-directory.js';
import { directoryUserFromRow } from './user.js';

const directoryTenantFromRow = (row: TenantRow): DirectoryTenant => ({ id: row.id, slug: row.slug, name: row.name, sipDomain: row.sip_domain });

/**
 * Reads every tenant and user into a new in-memory directory. Notes the audit position
 * first, so whatever commits while it reads is picked up by the next {@link refreshDirectory}.
 */
export async function loadDirectory(database: Database): Promise<InMemoryDirectory> {
  const position = await auditPosition(database.db);
  const directory = new InMemoryDirectory(position);
  for (const row of await allTenantRows(database.db)) directory.putTenant(directoryTenantFromRow(row), position);
  for (const row of await userRowsWithRealm(database.db)) directory.putUser(directoryUserFromRow(row, row.realm), position);
  return directory;
}

/** Audit records read per round trip while catching up. */
const auditPage = 1000;

/**
 * Brings the directory up to date with changes made outside this process (the `belay`
 * command, other nodes on the same PostgreSQL): reads the audit records after the
 * directory's position and reloads every tenant and user they name. Changes made in this
 * process through the services are in the directory already; reloading them is harmless,
 * and so is a refresh overlapping another (entries only ever move to newer versions).
 * Resolves to the number of audit records read.
 */
export async function refreshDirectory(directory: InMemoryDirectory, database: Database): Promise<number> {
  let read = 0;
  for (;;) {
    const { items } = await listAudit(database.db, { afterId: directory.auditPosition, limit: auditPage });
    const last = items.at(-1);
    if (!last) return read;
    read += items.length;
    // the newest record per entity: the state read below is at least that new
    const tenants = new Map<string, number>();
    const users = new Map<string, number>();
    for (const record of items) {
      if (record.entityType === 'tenant') tenants.set(record.entityId, record.id);
      if (record.entityType === 'user') users.set(record.entityId, record.id);
    }
    const tenantRows = await tenantRowsByIds(database.db, [...tenants.keys()]);
    const userRows = await userRowsWithRealm(database.db, [...users.keys()]);
    for (const row of tenantRows) directory.putTenant(directoryTenantFromRow(row), tenants.get(row.id) ?? last.id);
    for (const row of userRows) directory.putUser(directoryUserFromRow(row, row.realm), users.get(row.id) ?? last.id);
    const found = new Set([...tenantRows, ...userRows].map((row) => row.id));
    for (const [id, version] of users) if (!found.has(id)) directory.removeUser(id, version);
    for (const [id, version] of tenants) if (!found.has(id)) directory.removeTenant(id, version);
    directory.caughtUpTo(last.id);
  }
}
