import { describe, expect, it } from 'vitest';
import { createTenant, createTrunk, createTrunkProfile, deleteTrunk, getTrunk, listTrunks, updateTrunk } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import { insertSites, listAudit, verifyAuditChain } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from './support/test-database.js';

/** Trunks through their service: validation, the write-only password, audit rows in the change's transaction. */

const root: Actor = { kind: 'cli', id: 'root' };
const at = (iso: string) => ({ clock: { now: () => Date.parse(iso) } });
const secret = 'trunk-s3cret!';

const telekom = {
  name: 'Telekom',
  mode: 'register',
  host: 'reg.sip-trunk.telekom.example',
  username: '+4922147110',
  authUsername: 'anschluss-4711@t-online.example',
  password: secret,
  profile: 'telekom',
  defaultNumber: '0221 4711 0',
};

async function counts(database: Database): Promise<{ trunks: number; audit: number }> {
  const trunks = Number((await database.db.selectFrom('trunks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { trunks, audit: (await listAudit(database.db, { limit: 1000 })).items.length };
}

async function trunkAudit(database: Database): Promise<readonly { action: string; tenantId: string | null; before: unknown; after: unknown }[]> {
  return (await listAudit(database.db, { entityType: 'trunk', limit: 1000 })).items;
}

describe.each(testDialects())('trunk service on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  async function acme(): Promise<string> {
    return (await createTenant(database(), { slug: 'acme', name: 'Acme' }, root)).id;
  }

  async function koeln(tenantId: string): Promise<string> {
    const id = crypto.randomUUID();
    const stamp = '2026-05-01T00:00:00.000Z';
    await insertSites(database().db, [{ id, tenant_id: tenantId, name: 'Köln', address: 'Domkloster 4, 50667 Köln', area_code: '221', created_at: stamp, updated_at: stamp }]);
    return id;
  }

  it('creates a tenant’s trunk with the defaults filled in, and never shows or audits its password', async () => {
    const tenantId = await acme();
    const trunk = await createTrunk(database(), 'acme', telekom, root, at('2026-05-04T10:00:00Z'));
    expect(trunk).toEqual({
      id: expect.any(String),
      tenantId,
      name: 'Telekom',
      mode: 'register',
      host: 'reg.sip-trunk.telekom.example',
      port: 5060,
      transport: 'udp',
      domain: 'reg.sip-trunk.telekom.example',
      outboundProxy: null,
      username: '+4922147110',
      authUsername: 'anschluss-4711@t-online.example',
      passwordSet: true,
      registerExpires: 600,
      profile: 'telekom',
      inboundAddresses: [],
      defaultNumber: '+4922147110',
      priority: 100,
      maxCalls: null,
      maxCps: null,
      siteId: null,
      enabled: true,
      createdAt: '2026-05-04T10:00:00.000Z',
      updatedAt: '2026-05-04T10:00:00.000Z',
    });
    expect(await getTrunk(database(), 'acme', 'Telekom')).toEqual(trunk);
    expect(await getTrunk(database(), tenantId, trunk.id.toUpperCase())).toEqual(trunk);
    const [created] = await trunkAudit(database());
    expect(created).toMatchObject({ action: 'trunk.create', tenantId, before: null, after: { ...trunk, passwordChanged: true } });
    expect(JSON.stringify(await listAudit(database().db))).not.toContain(secret);
    // stored for the registration client, which needs it
    expect((await database().db.selectFrom('trunks').select('password').executeTakeFirstOrThrow()).password).toBe(secret);
  });

  it('refuses bad input naming every field, storing nothing', async () => {
    await acme();
    const before = await counts(database());
    const refused = createTrunk(database(), 'acme', { ...telekom, host: 'not a host', port: 0, transport: 'sctp', priority: -1, maxCalls: 0, defaultNumber: '0900 1234567' }, root);
    await expect(refused).rejects.toMatchObject({ code: 'validation_failed' });
    const fields = await refused.catch((error: { fields: { field: string }[] }) => error.fields.map((f) => f.field));
    expect(fields).toEqual(['host', 'port', 'transport', 'defaultNumber', 'priority', 'maxCalls']);
    await expect(createTrunk(database(), 'acme', { ...telekom, password: undefined }, root)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'password', message: 'is required for a trunk that registers' }],
    });
    await expect(createTrunk(database(), 'acme', { ...telekom, profile: 'carrier-x' }, root)).rejects.toMatchObject({
      fields: [{ field: 'profile', message: expect.stringContaining('neither a built-in trunk profile (generic, telekom, sipgate, nfon, dts) nor a custom one') }],
    });
    await expect(createTrunk(database(), 'acme', { ...telekom, site: 'Bonn' }, root)).rejects.toMatchObject({ fields: [{ field: 'site', message: 'site "Bonn" does not exist in this tenant' }] });
    await expect(createTrunk(database(), 'nobody', telekom, root)).rejects.toMatchObject({ code: 'not_found' });
    expect(await counts(database())).toEqual(before);
  });

  it('takes an IP-authenticated trunk without an account, and a name once per tenant', async () => {
    await acme();
    await createTenant(database(), { slug: 'globex', name: 'Globex' }, root);
    const peering = await createTrunk(database(), 'acme', { name: 'peering', mode: 'ip', host: '192.0.2.40', transport: 'tls', inboundAddresses: ['192.0.2.41'] }, root);
    expect(peering).toMatchObject({ port: 5061, passwordSet: false, username: null, inboundAddresses: ['192.0.2.41'] });
    await expect(createTrunk(database(), 'acme', { name: 'peering', mode: 'ip', host: '192.0.2.50' }, root)).rejects.toMatchObject({
      code: 'conflict',
      message: 'another trunk of this tenant is already named "peering"',
    });
    await createTrunk(database(), 'globex', { name: 'peering', mode: 'ip', host: '192.0.2.50' }, root);
    await createTrunk(database(), null, { name: 'peering', mode: 'ip', host: '192.0.2.60' }, root);
    expect((await listTrunks(database(), null)).items.map((t) => t.host)).toEqual(['192.0.2.60']);
  });

  it('lets a trunk serve one of its tenant’s sites, a shared trunk none', async () => {
    const tenantId = await acme();
    const siteId = await koeln(tenantId);
    expect(await createTrunk(database(), 'acme', { ...telekom, site: 'Köln' }, root)).toMatchObject({ siteId });
    await expect(createTrunk(database(), null, { ...telekom, site: siteId }, root)).rejects.toMatchObject({
      fields: [{ field: 'site', message: 'a shared trunk serves every tenant and cannot belong to a site' }],
    });
  });

  it('lets trunks name built-in profiles, shared custom ones, and their tenant’s own only', async () => {
    await acme();
    await createTenant(database(), { slug: 'globex', name: 'Globex' }, root);
    const definition = { fromUser: 'npn', fromDisplay: 'name', ppi: 'upn', pai: 'none', format: 'national', userPhone: false, diversion: true };
    await createTrunkProfile(database(), null, { name: 'carrier-x', ...definition }, root);
    await createTrunkProfile(database(), 'globex', { name: 'globex-pbx', ...definition }, root);
    await createTrunkProfile(database(), 'acme', { name: 'acme-pbx', ...definition }, root);
    await createTrunk(database(), 'acme', { ...telekom, name: 'a', profile: 'carrier-x' }, root);
    await createTrunk(database(), 'acme', { ...telekom, name: 'b', profile: 'acme-pbx' }, root);
    await expect(createTrunk(database(), 'acme', { ...telekom, name: 'c', profile: 'globex-pbx' }, root)).rejects.toMatchObject({
      fields: [{ field: 'profile', message: '"globex-pbx" is another tenant’s trunk profile' }],
    });
    await expect(createTrunk(database(), null, { ...telekom, profile: 'acme-pbx' }, root)).rejects.toMatchObject({ fields: [{ field: 'profile' }] });
  });

  describe('changes', () => {
    it('lets a port or domain left at its default follow the transport or host, and keeps one set on purpose', async () => {
      await acme();
      await createTrunk(database(), 'acme', { name: 'a', mode: 'ip', host: '192.0.2.40' }, root);
      expect(await updateTrunk(database(), 'acme', 'a', { transport: 'tls', host: 'sip.carrier.example' }, root)).toMatchObject({
        port: 5061,
        domain: 'sip.carrier.example',
      });
      await createTrunk(database(), 'acme', { name: 'b', mode: 'ip', host: '192.0.2.40', port: 5080, domain: 'carrier.example' }, root);
      expect(await updateTrunk(database(), 'acme', 'b', { transport: 'tcp', host: '192.0.2.41' }, root)).toMatchObject({ port: 5080, domain: 'carrier.example' });
      expect(await updateTrunk(database(), 'acme', 'b', { domain: null }, root)).toMatchObject({ domain: '192.0.2.41' });
    });

    it('clears optional settings with null, refusing a registering trunk without a password', async () => {
      await acme();
      await createTrunk(database(), 'acme', { ...telekom, outboundProxy: 'proxy.telekom.example', maxCalls: 30, maxCps: 5 }, root);
      expect(await getTrunk(database(), 'acme', 'Telekom')).toMatchObject({ outboundProxy: 'proxy.telekom.example:5060', maxCalls: 30, maxCps: 5 });
      const changed = await updateTrunk(database(), 'acme', 'Telekom', { outboundProxy: null, maxCalls: null, authUsername: null }, root);
      expect(changed).toMatchObject({ outboundProxy: null, maxCalls: null, maxCps: 5, authUsername: null, passwordSet: true });
      await expect(updateTrunk(database(), 'acme', 'Telekom', { password: null }, root)).rejects.toMatchObject({ fields: [{ field: 'password' }] });
      expect(await updateTrunk(database(), 'acme', 'Telekom', { password: null, mode: 'ip' }, root)).toMatchObject({ mode: 'ip', passwordSet: false });
    });

    it('audits a change with the trunk before and after, marks a new password without showing it, and writes nothing for no change', async () => {
      await acme();
      const trunk = await createTrunk(database(), 'acme', telekom, root);
      const { audit } = await counts(database());
      expect(await updateTrunk(database(), 'acme', trunk.id, { name: 'Telekom', password: secret, priority: 100 }, root)).toEqual(trunk);
      expect((await counts(database())).audit).toBe(audit);
      await updateTrunk(database(), 'acme', trunk.id, { password: 'another-s3cret' }, root, at('2026-05-05T00:00:00Z'));
      await updateTrunk(database(), 'acme', trunk.id, { enabled: false }, root);
      const [, password, disabled] = await trunkAudit(database());
      expect(password).toMatchObject({ action: 'trunk.update', before: { passwordSet: true }, after: { passwordSet: true, passwordChanged: true } });
      expect(disabled?.after).not.toHaveProperty('passwordChanged');
      expect(disabled).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
      expect(JSON.stringify(await listAudit(database().db))).not.toMatch(/s3cret/);
    });

    it('refuses a taken name and an unknown trunk, changing nothing', async () => {
      await acme();
      await createTrunk(database(), 'acme', telekom, root);
      const other = await createTrunk(database(), 'acme', { name: 'other', mode: 'ip', host: '192.0.2.40' }, root);
      await expect(updateTrunk(database(), 'acme', 'other', { name: 'Telekom', priority: 1 }, root)).rejects.toMatchObject({ code: 'conflict' });
      expect(await getTrunk(database(), 'acme', 'other')).toEqual(other);
      await expect(updateTrunk(database(), 'acme', 'nothing', { priority: 1 }, root)).rejects.toMatchObject({ code: 'not_found', message: 'trunk "nothing" of tenant "acme" not found' });
    });
  });

  it('deletes a trunk, audited; a shared one is audited without a tenant', async () => {
    const tenantId = await acme();
    await createTrunk(database(), 'acme', telekom, root);
    const shared = await createTrunk(database(), null, { name: 'backup', mode: 'ip', host: '192.0.2.60' }, root);
    await deleteTrunk(database(), 'acme', 'Telekom', root);
    await deleteTrunk(database(), null, shared.id, root);
    await expect(getTrunk(database(), 'acme', 'Telekom')).rejects.toMatchObject({ code: 'not_found' });
    const deletions = (await trunkAudit(database())).filter((r) => r.action === 'trunk.delete');
    expect(deletions.map((r) => [r.tenantId, r.after])).toEqual([[tenantId, null], [null, null]]);
    expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true });
  });
});
