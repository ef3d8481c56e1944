import { describe, expect, it } from 'vitest';
import {
  BUILTIN_PROFILES,
  createTenant,
  createTrunk,
  createTrunkProfile,
  deleteTrunk,
  deleteTrunkProfile,
  getTrunkProfile,
  listTrunkProfiles,
  updateTrunkProfile,
} from '../../src/centrex/index.js';
import type { Actor } from '../../src/centrex/index.js';
import { listAudit } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from './support/test-database.js';

/** Custom trunk profiles through their service, next to the built-in ones. */

const root: Actor = { kind: 'cli', id: 'root' };
const house = { name: 'house-carrier', fromUser: 'npn', fromDisplay: 'name', ppi: 'upn', pai: 'none', format: 'national', userPhone: false, diversion: true };

describe.each(testDialects())('trunk profile service on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  it('creates shared and tenant profiles, lists them after the built-in ones, and shows either kind', async () => {
    const acme = await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
    await createTenant(database(), { slug: 'globex', name: 'Globex' }, root);
    const shared = await createTrunkProfile(database(), null, house, root);
    expect(shared).toEqual({ ...house, builtin: false, id: expect.any(String), tenantId: null, createdAt: expect.any(String), updatedAt: shared.createdAt });
    const own = await createTrunkProfile(database(), 'acme', { ...house, name: 'acme-pbx' }, root);
    await createTrunkProfile(database(), 'globex', { ...house, name: 'globex-pbx' }, root);

    const builtin = ['generic', 'telekom', 'sipgate', 'nfon', 'dts'];
    expect((await listTrunkProfiles(database())).items.map((p) => p.name)).toEqual([...builtin, 'acme-pbx', 'globex-pbx', 'house-carrier']);
    expect((await listTrunkProfiles(database(), 'acme')).items.map((p) => p.name)).toEqual([...builtin, 'acme-pbx', 'house-carrier']);
    expect(own.tenantId).toBe(acme.id);
    expect(await getTrunkProfile(database(), 'telekom')).toEqual({ ...BUILTIN_PROFILES.telekom, builtin: true, id: null, tenantId: null, createdAt: null, updatedAt: null });
    expect(await getTrunkProfile(database(), own.id ?? '')).toEqual(own);
    const [created] = (await listAudit(database().db, { entityType: 'trunk_profile' })).items;
    expect(created).toMatchObject({ action: 'trunk_profile.create', tenantId: null, after: shared });
  });

  it('refuses a built-in name, a taken name and a profile that would send no network number, naming the field', async () => {
    await createTrunkProfile(database(), null, house, root);
    await expect(createTrunkProfile(database(), null, { ...house, name: 'telekom' }, root)).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'name' }] });
    await expect(createTrunkProfile(database(), null, house, root)).rejects.toMatchObject({ code: 'conflict', fields: [{ field: 'name' }] });
    await expect(createTrunkProfile(database(), null, { ...house, name: 'silent', fromUser: 'upn', ppi: 'none' }, root)).rejects.toMatchObject({
      fields: [{ field: 'fromUser', message: expect.stringContaining('the network number must travel somewhere') }],
    });
    await expect(createTrunkProfile(database(), null, { ...house, name: 'x', format: 'e.164' }, root)).rejects.toMatchObject({ fields: [{ field: 'format' }] });
  });

  it('changes some fields of a custom profile, keeping the rest and the name, and writes nothing for no change', async () => {
    const created = await createTrunkProfile(database(), null, house, root);
    const changed = await updateTrunkProfile(database(), 'house-carrier', { format: 'e164', userPhone: true }, root);
    expect(changed).toEqual({ ...created, format: 'e164', userPhone: true, updatedAt: expect.any(String) });
    expect(await updateTrunkProfile(database(), created.id ?? '', { format: 'e164' }, root)).toEqual(changed);
    expect((await listAudit(database().db, { entityType: 'trunk_profile' })).items.map((r) => r.action)).toEqual(['trunk_profile.create', 'trunk_profile.update']);
    await expect(updateTrunkProfile(database(), 'house-carrier', { name: 'renamed' }, root)).rejects.toMatchObject({ fields: [{ field: 'name', message: 'is not a known field' }] });
    await expect(updateTrunkProfile(database(), 'house-carrier', { fromUser: 'upn' }, root)).rejects.toMatchObject({ fields: [{ field: 'fromUser' }] });
    await expect(updateTrunkProfile(database(), 'telekom', { format: 'national' }, root)).rejects.toMatchObject({ code: 'precondition_failed' });
    await expect(updateTrunkProfile(database(), 'nothing', { format: 'national' }, root)).rejects.toMatchObject({ code: 'not_found' });
    expect(await getTrunkProfile(database(), 'house-carrier')).toEqual(changed);
  });

  it('refuses to delete a profile trunks name, naming them, and deletes it once none does', async () => {
    await createTenant(database(), { slug: 'acme', name: 'Acme' }, root);
    await createTrunkProfile(database(), null, house, root);
    await createTrunk(database(), 'acme', { name: 'main', mode: 'ip', host: '192.0.2.40', profile: 'house-carrier' }, root);
    await expect(deleteTrunkProfile(database(), 'house-carrier', root)).rejects.toMatchObject({
      code: 'precondition_failed',
      message: 'trunk profile "house-carrier" is used by the trunk "main"; give them another profile first',
    });
    await deleteTrunk(database(), 'acme', 'main', root);
    await deleteTrunkProfile(database(), 'house-carrier', root);
    await expect(getTrunkProfile(database(), 'house-carrier')).rejects.toMatchObject({ code: 'not_found' });
    await expect(deleteTrunkProfile(database(), 'generic', root)).rejects.toMatchObject({ code: 'precondition_failed' });
  });
});
