import { describe, expect, it } from 'vitest';
import { createTenant, createUser, deleteUser, getTenant, getUser, setSiteEmergencyNumber, updateTenant, updateUser } from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import { insertSites, listAudit } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from './support/test-database.js';

/** The telephony settings of a tenant, its sites and its users, through their services. */

const root: Actor = { kind: 'cli', id: 'root' };

describe.each(testDialects())('telephony settings on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  async function acmeInKoeln(): Promise<{ tenantId: string; siteId: string }> {
    const tenantId = (await createTenant(database(), { slug: 'acme', name: 'Acme' }, root)).id;
    const siteId = crypto.randomUUID();
    const stamp = '2026-05-01T00:00:00.000Z';
    await insertSites(database().db, [{ id: siteId, tenant_id: tenantId, name: 'Köln', address: 'Domkloster 4, 50667 Köln', area_code: '221', created_at: stamp, updated_at: stamp }]);
    return { tenantId, siteId };
  }

  describe('a site’s emergency number', () => {
    it('sets a number in the site’s area code by site name or id, audited, and removes it with null', async () => {
      const { tenantId, siteId } = await acmeInKoeln();
      const site = await setSiteEmergencyNumber(database(), 'acme', 'Köln', { emergencyNumber: '0221 4711 0' }, root);
      expect(site).toMatchObject({ id: siteId, tenantId, name: 'Köln', areaCode: '221', emergencyNumber: '+4922147110' });
      expect(await setSiteEmergencyNumber(database(), 'acme', siteId, { emergencyNumber: '+49 221 47110' }, root)).toEqual(site);
      expect(await setSiteEmergencyNumber(database(), 'acme', siteId, { emergencyNumber: null }, root)).toMatchObject({ emergencyNumber: null });
      const records = (await listAudit(database().db, { entityType: 'site' })).items;
      expect(records.map((r) => [r.action, r.tenantId, r.entityId])).toEqual([
        ['site.set-emergency-number', tenantId, siteId],
        ['site.set-emergency-number', tenantId, siteId],
      ]);
      expect(records[0]).toMatchObject({ before: { emergencyNumber: null }, after: { emergencyNumber: '+4922147110' } });
    });

    it('refuses a number outside the site’s area code, one that may not be presented, and an unknown site', async () => {
      await acmeInKoeln();
      await expect(setSiteEmergencyNumber(database(), 'acme', 'Köln', { emergencyNumber: '030 1234567' }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'emergencyNumber', message: '+49301234567 is not in the area code 0221 of site "Köln": emergency calls are located by this number' }],
      });
      await expect(setSiteEmergencyNumber(database(), 'acme', 'Köln', { emergencyNumber: '0171 2345678' }, root)).rejects.toMatchObject({ fields: [{ field: 'emergencyNumber' }] });
      await expect(setSiteEmergencyNumber(database(), 'acme', 'Köln', { emergencyNumber: '112' }, root)).rejects.toMatchObject({ fields: [{ field: 'emergencyNumber' }] });
      await expect(setSiteEmergencyNumber(database(), 'acme', 'Köln', {}, root)).rejects.toMatchObject({ fields: [{ field: 'emergencyNumber', message: 'is required' }] });
      await expect(setSiteEmergencyNumber(database(), 'acme', 'Bonn', { emergencyNumber: null }, root)).rejects.toMatchObject({ code: 'not_found' });
      expect((await listAudit(database().db, { entityType: 'site' })).items).toEqual([]);
    });
  });

  describe('the tenant’s reception', () => {
    it('is an extension of the tenant’s users, set and removed through the tenant, audited', async () => {
      await acmeInKoeln();
      await createUser(database(), 'acme', { extension: '200', name: 'Zentrale' }, root);
      await expect(updateTenant(database(), 'acme', { receptionExtension: '201' }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'receptionExtension', message: 'extension 201 does not exist in this tenant' }],
      });
      const tenant = await updateTenant(database(), 'acme', { receptionExtension: '200' }, root);
      expect(tenant.receptionExtension).toBe('200');
      expect(await getTenant(database(), 'acme')).toEqual(tenant);
      const [update] = (await listAudit(database().db, { action: 'tenant.update' })).items;
      expect(update).toMatchObject({ before: { receptionExtension: null }, after: { receptionExtension: '200' } });
      expect((await updateTenant(database(), 'acme', { receptionExtension: null }, root)).receptionExtension).toBeNull();
    });

    it('keeps its user from being deleted or renumbered while it is the reception', async () => {
      await acmeInKoeln();
      await createUser(database(), 'acme', { extension: '200', name: 'Zentrale' }, root);
      await updateTenant(database(), 'acme', { receptionExtension: '200' }, root);
      const reason = "while extension 200 is the tenant's reception, where calls to numbers without an employee go; set another reception first";
      await expect(deleteUser(database(), 'acme', '200', root)).rejects.toMatchObject({ code: 'precondition_failed', message: `user 200 (Zentrale) cannot be deleted ${reason}` });
      await expect(updateUser(database(), 'acme', '200', { extension: '210' }, root)).rejects.toMatchObject({ code: 'precondition_failed' });
      await updateTenant(database(), 'acme', { receptionExtension: null }, root);
      await deleteUser(database(), 'acme', '200', root);
    });
  });

  describe('a user’s telephony features', () => {
    it('default to international, no CLIR, nothing rung in parallel, and change with the user', async () => {
      await acmeInKoeln();
      const user = await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      expect(user).toMatchObject({ classOfService: 'international', clir: false, ringExternal: null });
      const changed = await updateUser(database(), 'acme', '201', { classOfService: 'national', clir: true, ringExternal: '0171 2345678' }, root);
      expect(changed).toMatchObject({ classOfService: 'national', clir: true, ringExternal: '+491712345678' });
      expect(await getUser(database(), 'acme', '201')).toEqual(changed);
      expect((await updateUser(database(), 'acme', '201', { ringExternal: null }, root)).ringExternal).toBeNull();
      const created = await createUser(database(), 'acme', { extension: '202', name: 'Max', classOfService: 'internal', clir: true, ringExternal: '+49 221 9876543' }, root);
      expect(created).toMatchObject({ classOfService: 'internal', clir: true, ringExternal: '+492219876543' });
      const [update] = (await listAudit(database().db, { action: 'user.update' })).items;
      expect(update).toMatchObject({ before: { classOfService: 'international', clir: false }, after: { classOfService: 'national', clir: true } });
    });

    it('refuses an unknown class of service and an extension or premium number to ring in parallel', async () => {
      await acmeInKoeln();
      await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      await createUser(database(), 'acme', { extension: '202', name: 'Max' }, root);
      await expect(updateUser(database(), 'acme', '201', { classOfService: 'everything' }, root)).rejects.toMatchObject({
        fields: [{ field: 'classOfService', message: 'must be one of internal, local, national, mobile, international, premium' }],
      });
      await expect(updateUser(database(), 'acme', '201', { ringExternal: '202' }, root)).rejects.toMatchObject({
        fields: [{ field: 'ringExternal', message: 'must be an external number (the user’s devices ring for their extension anyway)' }],
      });
      await expect(updateUser(database(), 'acme', '201', { ringExternal: '0900 1234567' }, root)).rejects.toMatchObject({ fields: [{ field: 'ringExternal' }] });
      await expect(createUser(database(), 'acme', { extension: '203', name: 'X', clir: 'yes' }, root)).rejects.toMatchObject({ fields: [{ field: 'clir' }] });
      expect(await getUser(database(), 'acme', '201')).toMatchObject({ classOfService: 'international', ringExternal: null });
    });
  });
});
