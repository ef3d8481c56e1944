import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTenant } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import {
  countTenantData,
  deleteTrunkProfileRow,
  deleteTrunkRow,
  findTrunkProfileRow,
  findTrunkRow,
  insertSites,
  insertTrunk,
  insertTrunkProfile,
  listTrunkProfileRows,
  listTrunkRows,
  trunksWithProfile,
  updateTrunkProfileRow,
  updateTrunkRow,
} from '../../src/store/index.js';
import type { Database, TrunkProfileRow, TrunkRow } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from './support/test-database.js';

/** The trunk and trunk profile repositories, and what migration 0008 guarantees of their rows, on each dialect. */

const root: Actor = { kind: 'cli', id: 'root' };
const at = '2026-05-04T10:00:00.000Z';

function trunkRow(tenantId: string | null, name: string, overrides: Partial<TrunkRow> = {}): TrunkRow {
  return {
    id: crypto.randomUUID(),
    tenant_id: tenantId,
    name,
    mode: 'register',
    host: 'sip.carrier.example',
    port: 5060,
    transport: 'udp',
    domain: 'sip.carrier.example',
    outbound_proxy: null,
    username: '4922198765430',
    auth_username: null,
    password: 'trunk-secret',
    register_expires: 600,
    profile: 'generic',
    inbound_addresses: '[]',
    default_number: null,
    priority: 100,
    max_calls: null,
    max_cps: null,
    site_id: null,
    enabled: 1,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}

const profileRow = (tenantId: string | null, name: string): TrunkProfileRow => ({
  id: crypto.randomUUID(),
  tenant_id: tenantId,
  name,
  definition: '{"fromUser":"upn","fromDisplay":"name","ppi":"none","pai":"npn","format":"e164","userPhone":true,"diversion":true}',
  created_at: at,
  updated_at: at,
});

describe.each(testDialects())('trunk repositories on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  async function tenants(db: Database): Promise<{ acme: string; globex: string }> {
    const acme = await createTenant(db, { slug: 'acme', name: 'Acme' }, root);
    const globex = await createTenant(db, { slug: 'globex', name: 'Globex' }, root);
    return { acme: acme.id, globex: globex.id };
  }

  it('keeps a tenant’s trunks apart from other tenants’ and the shared ones, in the order they are tried', async () => {
    const db = database().db;
    const { acme, globex } = await tenants(database());
    const backup = trunkRow(acme, 'backup', { priority: 200 });
    const main = trunkRow(acme, 'main', { priority: 10 });
    const second = trunkRow(acme, 'b-second', { priority: 10 });
    const shared = trunkRow(null, 'main');
    for (const row of [backup, main, second, shared, trunkRow(globex, 'main')]) await insertTrunk(db, row);

    expect((await listTrunkRows(db, acme)).map((t) => t.name)).toEqual(['b-second', 'main', 'backup']);
    expect((await listTrunkRows(db, null)).map((t) => t.id)).toEqual([shared.id]);
    expect(await findTrunkRow(db, acme, { name: 'main' })).toEqual(main);
    expect(await findTrunkRow(db, acme, { id: main.id })).toEqual(main);
    expect(await findTrunkRow(db, null, { name: 'main' })).toEqual(shared);
    expect(await findTrunkRow(db, globex, { id: main.id })).toBeUndefined();
    expect(await findTrunkRow(db, null, { id: main.id })).toBeUndefined();
  });

  it('refuses a name taken among the owner’s trunks as a conflict naming the field, on insert and update', async () => {
    const db = database().db;
    const { acme } = await tenants(database());
    await insertTrunk(db, trunkRow(acme, 'main'));
    await insertTrunk(db, trunkRow(null, 'shared'));
    await expect(insertTrunk(db, trunkRow(acme, 'main'))).rejects.toMatchObject({ code: 'conflict', fields: [{ field: 'name' }] });
    await expect(insertTrunk(db, trunkRow(null, 'shared'))).rejects.toMatchObject({
      code: 'conflict',
      message: 'another shared trunk is already named "shared"',
    });
    const other = trunkRow(acme, 'other');
    await insertTrunk(db, other);
    await expect(updateTrunkRow(db, other, { name: 'main' })).rejects.toMatchObject({ code: 'conflict', fields: [{ field: 'name' }] });
    expect(await updateTrunkRow(db, other, { name: 'backup', priority: 2 })).toMatchObject({ name: 'backup', priority: 2 });
  });

  it('holds the schema’s checks: mode, transport, port, limits, a site only for a tenant’s trunk', async () => {
    const db = database().db;
    const { acme } = await tenants(database());
    const site = { id: crypto.randomUUID(), tenant_id: acme, name: 'Köln', address: 'Domkloster 4, 50667 Köln', area_code: '221', created_at: at, updated_at: at };
    await insertSites(db, [site]);
    const bad: Partial<TrunkRow>[] = [
      { mode: 'peer' as TrunkRow['mode'] },
      { transport: 'sctp' as TrunkRow['transport'] },
      { port: 0 },
      { priority: 0 },
      { max_calls: 0 },
      { enabled: 2 },
    ];
    for (const overrides of bad) await expect(insertTrunk(db, trunkRow(acme, 'x', overrides)), JSON.stringify(overrides)).rejects.toThrow();
    await expect(insertTrunk(db, trunkRow(null, 'shared', { site_id: site.id }))).rejects.toThrow();
    await insertTrunk(db, trunkRow(acme, 'koeln', { site_id: site.id }));
    expect((await findTrunkRow(db, acme, { name: 'koeln' }))?.site_id).toBe(site.id);
  });

  it('deletes trunks and finds those naming a profile', async () => {
    const db = database().db;
    const { acme } = await tenants(database());
    const a = trunkRow(acme, 'a', { profile: 'house' });
    const b = trunkRow(null, 'b', { profile: 'house' });
    for (const row of [a, b, trunkRow(acme, 'c')]) await insertTrunk(db, row);
    expect((await trunksWithProfile(db, 'house')).map((t) => t.name)).toEqual(['a', 'b']);
    await deleteTrunkRow(db, a.id);
    expect((await trunksWithProfile(db, 'house')).map((t) => t.name)).toEqual(['b']);
  });

  it('names custom profiles uniquely across tenants, never like a built-in one, and lists those a tenant may use', async () => {
    const db = database().db;
    const { acme, globex } = await tenants(database());
    const own = profileRow(acme, 'acme-pbx');
    for (const row of [own, profileRow(null, 'carrier-x'), profileRow(globex, 'globex-pbx')]) await insertTrunkProfile(db, row);
    await expect(insertTrunkProfile(db, profileRow(globex, 'acme-pbx'))).rejects.toMatchObject({ code: 'conflict', fields: [{ field: 'name' }] });
    await expect(insertTrunkProfile(db, profileRow(null, 'telekom'))).rejects.toThrow();

    expect((await listTrunkProfileRows(db)).map((p) => p.name)).toEqual(['acme-pbx', 'carrier-x', 'globex-pbx']);
    expect((await listTrunkProfileRows(db, acme)).map((p) => p.name)).toEqual(['acme-pbx', 'carrier-x']);
    expect((await listTrunkProfileRows(db, null)).map((p) => p.name)).toEqual(['carrier-x']);
    expect(await findTrunkProfileRow(db, { name: 'acme-pbx' })).toEqual(own);

    const changed = await updateTrunkProfileRow(db, own.id, { definition: '{}', updated_at: '2026-05-05T00:00:00.000Z' });
    expect(changed).toMatchObject({ name: 'acme-pbx', definition: '{}', created_at: at });
    await deleteTrunkProfileRow(db, own.id);
    expect(await findTrunkProfileRow(db, { id: own.id })).toBeUndefined();
  });

  it('counts trunks and custom profiles as data that keeps a tenant from being deleted', async () => {
    const db = database().db;
    const { acme } = await tenants(database());
    await insertTrunk(db, trunkRow(acme, 'main'));
    await insertTrunk(db, trunkRow(null, 'shared'));
    await insertTrunkProfile(db, profileRow(acme, 'acme-pbx'));
    expect((await countTenantData(db, acme)).map((c) => [c.table.table, c.count])).toEqual([['trunks', 1], ['trunk_profiles', 1]]);
  });

  it('gives existing rows the defaults of the new columns: international, no CLIR, a direction of internal', async () => {
    const db = database().db;
    const { acme } = await tenants(database());
    await sql`insert into users (id, tenant_id, extension, display_name, sip_username, dnd, created_at, updated_at)
      values (${crypto.randomUUID()}, ${acme}, '201', 'Erika', '201', 0, ${at}, ${at})`.execute(db);
    expect(await db.selectFrom('users').select(['class_of_service', 'clir', 'ring_external']).executeTakeFirst()).toEqual({
      class_of_service: 'international',
      clir: 0,
      ring_external: null,
    });
    await sql`insert into call_records (id, tenant_id, started_at, ended_at, caller_uri, dialled, forwarding, disposition, sip_status, duration_ms)
      values (${crypto.randomUUID()}, ${acme}, ${at}, ${at}, 'sip:201@acme', '202', '[]', 'answered', 200, 0)`.execute(db);
    expect(await db.selectFrom('call_records').select(['direction', 'emergency', 'trunk_id', 'block_reason']).executeTakeFirst()).toEqual({
      direction: 'internal',
      emergency: 0,
      trunk_id: null,
      block_reason: null,
    });
    await expect(sql`update users set class_of_service = 'everything'`.execute(db)).rejects.toThrow();
    expect((await db.selectFrom('tenants').select('reception_extension').executeTakeFirst())?.reception_extension).toBeNull();
  });
});
