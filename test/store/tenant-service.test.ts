import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from '../../src/centrex/index.js';
import type { Actor, Tenant } from '../../src/centrex/index.js';
import { countTenantData, describeTenantData, inTransaction, listAudit, verifyAuditChain } from '../../src/store/index.js';
import type { Database, TenantOwnedTable } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from './support/test-database.js';

const root: Actor = { kind: 'cli', id: 'root' };
const api: Actor = { kind: 'api', id: 'admin@example.com' };
const at = (iso: string) => ({ clock: { now: () => Date.parse(iso) } });
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function auditCount(database: Database): Promise<number> {
  return (await listAudit(database.db, { limit: 1000 })).items.length;
}

describe.each(testDialects())('tenant service on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  describe('create, read, update, delete', () => {
    it('creates a tenant with a UUID and the clock’s time', async () => {
      const tenant = await createTenant(database(), { slug: 'acme', name: ' Acme GmbH ' }, root, at('2026-03-01T08:00:00Z'));
      expect(tenant).toEqual({
        id: expect.stringMatching(uuid),
        slug: 'acme',
        name: 'Acme GmbH',
        sipDomain: 'acme.belay.localhost',
        receptionExtension: null,
        createdAt: '2026-03-01T08:00:00.000Z',
        updatedAt: '2026-03-01T08:00:00.000Z',
      });
      expect(await getTenant(database(), tenant.id)).toEqual(tenant);
      expect(await getTenant(database(), tenant.id.toUpperCase())).toEqual(tenant);
      expect(await getTenant(database(), 'acme')).toEqual(tenant);
    });

    it('updates name and slug, keeping the creation time', async () => {
      const created = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root, at('2026-03-01T08:00:00Z'));
      const updated = await updateTenant(database(), 'acme', { slug: 'acme-koeln', name: 'Acme Köln' }, api, at('2026-03-02T09:30:00Z'));
      expect(updated).toEqual({ ...created, slug: 'acme-koeln', name: 'Acme Köln', updatedAt: '2026-03-02T09:30:00.000Z' });
      expect(await getTenant(database(), 'acme-koeln')).toEqual(updated);
      await expect(getTenant(database(), 'acme')).rejects.toMatchObject({ code: 'not_found', message: 'tenant "acme" not found' });
    });

    it('deletes a tenant, after which it is not found', async () => {
      const tenant = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
      await deleteTenant(database(), tenant.id, root);
      await expect(getTenant(database(), tenant.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(deleteTenant(database(), tenant.id, root)).rejects.toMatchObject({ code: 'not_found' });
      await expect(updateTenant(database(), 'acme', { name: 'x' }, root)).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('validation', () => {
    it('refuses a bad slug and a missing name, naming each field', async () => {
      await expect(createTenant(database(), { slug: 'Acme-' }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [
          { field: 'slug', message: 'may contain only lowercase letters, digits and hyphens' },
          { field: 'slug', message: 'must not end with a hyphen' },
          { field: 'name', message: 'is required' },
        ],
      });
    });

    it('refuses unknown fields and input that is not an object', async () => {
      await expect(createTenant(database(), { slug: 'acme', name: 'Acme', nmae: 'x' }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'nmae', message: 'is not a known field' }],
      });
      await expect(createTenant(database(), 'acme', root)).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(updateTenant(database(), 'acme', { slug: '9lives' }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'slug', message: 'must start with a letter' }],
      });
    });

    it('writes nothing for refused input', async () => {
      await expect(createTenant(database(), { slug: 'x', name: 'X' }, root)).rejects.toMatchObject({ code: 'validation_failed' });
      expect((await listTenants(database())).items).toEqual([]);
      expect(await auditCount(database())).toBe(0);
    });
  });

  describe('duplicate slugs', () => {
    it('are a conflict on create, naming the slug', async () => {
      await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
      await expect(createTenant(database(), { slug: 'acme', name: 'Other' }, root)).rejects.toMatchObject({
        code: 'conflict',
        message: 'a tenant with slug "acme" already exists',
        fields: [{ field: 'slug', message: '"acme" is already taken' }],
      });
      expect((await listTenants(database())).items).toHaveLength(1);
      expect(await auditCount(database())).toBe(1);
    });

    it('are a conflict on update, leaving both tenants as they were', async () => {
      await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
      const beta = await createTenant(database(), { slug: 'beta', name: 'Beta' }, root);
      await expect(updateTenant(database(), 'beta', { slug: 'acme', name: 'Renamed' }, root)).rejects.toMatchObject({ code: 'conflict' });
      expect(await getTenant(database(), beta.id)).toEqual(beta);
      expect(await auditCount(database())).toBe(2);
    });

    it('let exactly one of 20 concurrent creations win', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => createTenant(database(), { slug: 'acme', name: `Acme ${i}` }, root)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code?: string }] : []));
      expect(failures.map((f) => f.code)).toEqual(Array.from({ length: 19 }, () => 'conflict'));
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true, rows: 1 });
    });
  });

  describe('audit', () => {
    it('records every change with actor, time, before and after', async () => {
      const created = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root, at('2026-03-01T08:00:00Z'));
      const updated = await updateTenant(database(), created.id, { name: 'Acme GmbH' }, api, at('2026-03-02T08:00:00Z'));
      await deleteTenant(database(), 'acme', root, at('2026-03-03T08:00:00Z'));
      const { items } = await listAudit(database().db, { tenantId: created.id });
      const common = { tenantId: created.id, entityType: 'tenant', entityId: created.id };
      expect(items).toMatchObject([
        { ...common, action: 'tenant.create', actorKind: 'cli', actorId: 'root', at: created.createdAt, before: null, after: created },
        { ...common, action: 'tenant.update', actorKind: 'api', actorId: 'admin@example.com', at: updated.updatedAt, before: created, after: updated },
        { ...common, action: 'tenant.delete', actorKind: 'cli', actorId: 'root', at: '2026-03-03T08:00:00.000Z', before: updated, after: null },
      ]);
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true, rows: 3 });
    });

    it('records nothing for an update that changes nothing', async () => {
      const tenant = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
      expect(await updateTenant(database(), 'acme', { slug: 'acme', name: 'Acme' }, root)).toEqual(tenant);
      expect(await updateTenant(database(), 'acme', {}, root)).toEqual(tenant);
      expect(await auditCount(database())).toBe(1);
    });

    it('rolls the change back when its audit record cannot be written', async () => {
      const refuse = dialect === 'postgres'
        ? [
            sql`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit store refused'; end $$`,
            sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`,
          ]
        : [sql`create trigger refuse_audit before insert on audit_log begin select raise(abort, 'audit store refused'); end`];
      const tenant = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
      for (const statement of refuse) await statement.execute(database().db);

      await expect(createTenant(database(), { slug: 'beta', name: 'Beta' }, root)).rejects.toThrow(/audit store refused/);
      await expect(updateTenant(database(), 'acme', { name: 'Renamed' }, root)).rejects.toThrow(/audit store refused/);
      await expect(deleteTenant(database(), 'acme', root)).rejects.toThrow(/audit store refused/);

      expect((await listTenants(database())).items).toEqual([tenant]);
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true, rows: 1 });
    });

    it('keeps the chain linear under 50 concurrent tenant creations', async () => {
      const tenants = await Promise.all(
        Array.from({ length: 50 }, (_, i) => createTenant(database(), { slug: `t-${i}`, name: `Tenant ${i}` }, root)),
      );
      const { items } = await listAudit(database().db, { limit: 100 });
      expect(items.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(items.map((r) => r.entityId))).toEqual(new Set(tenants.map((t) => t.id)));
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true, rows: 50 });
    });
  });

  describe('listing', () => {
    async function createMany(count: number, iso: string): Promise<Tenant[]> {
      const out: Tenant[] = [];
      for (let i = 0; i < count; i++) out.push(await createTenant(database(), { slug: `t-${iso.slice(8, 10)}-${i}`, name: `T${i}` }, root, at(iso)));
      return out;
    }

    it('pages in creation order, ties in id order, with a next cursor until the end', async () => {
      const early = await createMany(4, '2026-03-01T00:00:00Z');
      const late = await createMany(3, '2026-03-02T00:00:00Z'); // same instant: order by id
      const expected = [...early.sort((a, b) => (a.id < b.id ? -1 : 1)), ...late.sort((a, b) => (a.id < b.id ? -1 : 1))];
      const seen: Tenant[] = [];
      let after: string | undefined;
      let pages = 0;
      do {
        const page = await listTenants(database(), { limit: 3, ...(after === undefined ? {} : { after }) });
        seen.push(...page.items);
        after = page.next ?? undefined;
        pages++;
      } while (after !== undefined);
      expect(pages).toBe(3);
      expect(seen).toEqual(expected);
    });

    it('keeps a cursor valid while tenants are added and removed', async () => {
      const [a, b, c] = await createMany(3, '2026-03-01T00:00:00Z').then((ts) => ts.sort((x, y) => (x.id < y.id ? -1 : 1)));
      const first = await listTenants(database(), { limit: 1 });
      expect(first.items).toEqual([a]);
      await deleteTenant(database(), a?.id ?? '', root);
      const added = await createTenant(database(), { slug: 'added', name: 'Added' }, root, at('2026-03-05T00:00:00Z'));
      const rest = await listTenants(database(), { after: first.next ?? '' });
      expect(rest).toEqual({ items: [b, c, added], next: null });
    });

    it('defaults to 50 per page and accepts the limit as query text', async () => {
      await createMany(52, '2026-03-01T00:00:00Z');
      expect((await listTenants(database())).items).toHaveLength(50);
      expect((await listTenants(database(), { limit: '2' as unknown as number })).items).toHaveLength(2);
    });

    it('refuses a bad limit or cursor', async () => {
      await expect(listTenants(database(), { limit: 0 })).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'limit' }] });
      await expect(listTenants(database(), { limit: 201 })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(listTenants(database(), { after: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'after', message: 'is not a cursor returned by this list' }],
      });
    });
  });

  describe('deleting a tenant that still has data', () => {
    it('does not count the audit log as data', async () => {
      const tenant = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
      await updateTenant(database(), 'acme', { name: 'Acme GmbH' }, root);
      expect(await countTenantData(database().db, tenant.id)).toEqual([]);
      await deleteTenant(database(), 'acme', root);
      expect(await auditCount(database())).toBe(3);
    });

    it('counts rows in each registered tenant-owned table and names what remains', async () => {
      // Two tenant-owned tables made for this test, registered the way real ones are.
      for (const table of ['phones', 'pagers']) {
        await sql`create table ${sql.table(table)} (id text primary key, owner text not null references tenants (id))`.execute(database().db);
      }
      const registry: TenantOwnedTable[] = [
        { table: 'phones', tenantColumn: 'owner', singular: 'phone', plural: 'phones' },
        { table: 'pagers', tenantColumn: 'owner', singular: 'pager', plural: 'pagers' },
      ];
      const acme = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
      const beta = await createTenant(database(), { slug: 'beta', name: 'Beta' }, root);
      const rows: [string, string, string][] = [['phones', 'p1', acme.id], ['phones', 'p2', acme.id], ['phones', 'p3', acme.id], ['pagers', 'k1', acme.id], ['phones', 'p4', beta.id]];
      for (const [table, id, owner] of rows) await sql`insert into ${sql.table(table)} (id, owner) values (${id}, ${owner})`.execute(database().db);

      const counts = await inTransaction(database(), (trx) => countTenantData(trx, acme.id, registry));
      expect(counts.map((c) => [c.table.table, c.count])).toEqual([['phones', 3], ['pagers', 1]]);
      expect(describeTenantData(counts)).toBe('3 phones, 1 pager');
      expect(describeTenantData(await countTenantData(database().db, beta.id, registry))).toBe('1 phone');
    });
  });
});
