import type { Kysely } from 'kysely';
import { directoryUserFromRow, InMemoryDirectory, InMemoryTelephony, telephonyChecks, tenantTelephonyFromRows, trunksFromRows } from '../centrex/index.js';
import { findTenantRow, listUserRows, telephonyTenantRows, telephonyTrunkRows } from '../store/index.js';
import type { DatabaseSchema, UserRow } from '../store/index.js';
import type { GateTelephony } from './gate-snapshot.js';

/** Users read per round trip. */
const userPage = 1000;

/** The tenant's users, as the directory holds them. */
async function tenantDirectory(db: Kysely<DatabaseSchema>, tenantId: string): Promise<InMemoryDirectory> {
  const directory = new InMemoryDirectory();
  const realm = (await findTenantRow(db, { id: tenantId }))?.sip_domain ?? '';
  let after: string | undefined;
  let rows: readonly UserRow[];
  do {
    rows = await listUserRows(db, tenantId, { limit: userPage, ...(after !== undefined && { after }) });
    for (const row of rows) directory.putUser(directoryUserFromRow(row, realm), 0);
    after = rows.at(-1)?.extension;
  } while (rows.length === userPage);
  return directory;
}

/**
 * What the telephony checks find for one tenant as stored (in the caller's transaction: the
 * migration side keeps no live read model): every trunk (its own and the shared ones), its
 * sites, number blocks, employees' numbers, reception and users, read into models of that
 * tenant alone.
 */
export async function loadTelephonyChecks(db: Kysely<DatabaseSchema>, tenantId: string): Promise<GateTelephony> {
  const model = new InMemoryTelephony();
  const { trunks, unusable } = trunksFromRows(await telephonyTrunkRows(db));
  model.putTrunks(trunks, unusable, 0);
  const rows = await telephonyTenantRows(db, [tenantId]);
  for (const tenant of tenantTelephonyFromRows(rows)) model.putTenant(tenant, 0);
  return {
    checks: telephonyChecks(tenantId, model, await tenantDirectory(db, tenantId)),
    siteNames: Object.fromEntries(rows.sites.map((site) => [site.id, site.name])),
  };
}
