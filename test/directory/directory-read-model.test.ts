import { describe, expect, it } from 'vitest';
import {
  createTenant,
  createUser,
  createUsers,
  deleteTenant,
  deleteUser,
  loadDirectory,
  refreshDirectory,
  setUserPassword,
  updateTenant,
  updateUser,
} from '../../src/centrex/index.js';
import type { Actor, Directory, InMemoryDirectory } from '../../src/centrex/index.js';
import { ha1 } from '../../src/sip/index.js';
import type { Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';

const root: Actor = { kind: 'cli', id: 'root' };
const password = 'Correct-Horse-7';

/** What the SIP side can see of the given tenants and users, through every lookup. */
function view(directory: Directory, tenants: readonly { id: string; sipDomain: string }[], users: readonly { id: string; tenantId: string; extension: string; sipUsername: string }[]) {
  return {
    tenants: tenants.map((t) => [directory.tenantById(t.id), directory.tenantByDomain(t.sipDomain.toUpperCase())]),
    users: users.map((u) => [
      directory.userById(u.id),
      directory.userByExtension(u.tenantId, u.extension),
      directory.userBySipUsername(u.tenantId, u.sipUsername),
    ]),
  };
}

describe.each(testDialects())('the directory read model on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  /** The directory must always equal what loading it afresh from the database gives. */
  async function expectCurrent(directory: InMemoryDirectory, db: Database, keys: Parameters<typeof view>[1], users: Parameters<typeof view>[2]): Promise<void> {
    expect(view(directory, keys, users)).toEqual(view(await loadDirectory(db), keys, users));
    expect([directory.tenantCount, directory.userCount]).toEqual(await loadDirectory(db).then((d) => [d.tenantCount, d.userCount]));
  }

  it('loads tenants and users with credentials whose realm is the tenant’s domain', async () => {
    const tenant = await createTenant(database(), { slug: 'acme', name: 'ACME', sipDomain: 'acme.example' }, root);
    const erika = await createUser(
      database(),
      'acme',
      { extension: '201', name: 'Erika', sipUsername: 'erika', password, dnd: true, forwarding: { busy: '+49 221 471123' }, classOfService: 'national', clir: true, ringExternal: '0171 2345678' },
      root,
    );
    await createUser(database(), 'acme', { extension: '202', name: 'Max' }, root);

    const directory = await loadDirectory(database());
    expect(directory.tenantByDomain('ACME.example')).toEqual({ id: tenant.id, slug: 'acme', name: 'ACME', sipDomain: 'acme.example' });
    expect(directory.userBySipUsername(tenant.id, 'erika')).toEqual({
      id: erika.id,
      tenantId: tenant.id,
      extension: '201',
      displayName: 'Erika',
      sipUsername: 'erika',
      credentials: {
        username: 'erika',
        realm: 'acme.example',
        ha1: { MD5: ha1('erika', 'acme.example', password, 'MD5'), 'SHA-256': ha1('erika', 'acme.example', password, 'SHA-256') },
      },
      dnd: true,
      forwarding: { busy: { kind: 'external', number: '+49221471123' } },
      classOfService: 'national',
      clir: true,
      ringExternal: '+491712345678',
    });
    expect(directory.userByExtension(tenant.id, '202')).toMatchObject({ sipUsername: '202', credentials: null });
    expect(directory.userByExtension(tenant.id, '203')).toBeUndefined();
    expect(directory.tenantByDomain('globex.example')).toBeUndefined();
  });

  it('reflects every change made through the services at once, and nothing of a refused one', async () => {
    const directory = await loadDirectory(database());
    const options = { directory };
    const tenant = await createTenant(database(), { slug: 'acme', name: 'ACME' }, root, { ...options, sipDomainParent: 'belay.test' });
    expect(directory.tenantByDomain('acme.belay.test')?.id).toBe(tenant.id);

    const [erika, max] = await createUsers(
      database(),
      'acme',
      { users: [{ extension: '201', name: 'Erika', password }, { extension: '202', name: 'Max', forwarding: { busy: '201' } }] },
      root,
      options,
    );
    if (!erika || !max) throw new Error('two users expected');
    const eve = await createUser(database(), 'acme', { extension: '203', name: 'Eve' }, root, options);
    const users = () => [erika, max, eve].map((u) => ({ ...u, tenantId: tenant.id }));
    await expectCurrent(directory, database(), [tenant], users());

    const renamed = await updateUser(database(), 'acme', '203', { extension: '303', sipUsername: 'eve', dnd: true }, root, options);
    expect(directory.userByExtension(tenant.id, '203')).toBeUndefined();
    expect(directory.userBySipUsername(tenant.id, '203')).toBeUndefined();
    expect(directory.userBySipUsername(tenant.id, 'eve')).toMatchObject({ id: eve.id, extension: '303', dnd: true });
    await expectCurrent(directory, database(), [tenant], [erika, max, renamed]);

    await setUserPassword(database(), 'acme', '303', { password }, root, options);
    expect(directory.userById(eve.id)?.credentials?.ha1.MD5).toBe(ha1('eve', 'acme.belay.test', password, 'MD5'));

    await expect(updateUser(database(), 'acme', '303', { extension: '201' }, root, options)).rejects.toMatchObject({ code: 'conflict' });
    expect(directory.userById(eve.id)?.extension).toBe('303');

    const moved = await updateTenant(database(), 'acme', { sipDomain: 'pbx.acme.example', resetPasswords: true }, root, options);
    expect(directory.tenantByDomain('acme.belay.test')).toBeUndefined();
    expect(directory.tenantByDomain('pbx.acme.example')?.id).toBe(tenant.id);
    expect([erika, eve].map((u) => directory.userById(u.id)?.credentials)).toEqual([null, null]);
    await setUserPassword(database(), 'acme', '201', { password }, root, options);
    expect(directory.userById(erika.id)?.credentials).toMatchObject({ realm: 'pbx.acme.example', username: '201' });
    await expectCurrent(directory, database(), [moved], [erika, max, renamed]);

    await updateUser(database(), 'acme', '202', { forwarding: { busy: null } }, root, options);
    for (const extension of ['201', '202', '303']) await deleteUser(database(), 'acme', extension, root, options);
    expect([erika, max, eve].map((u) => directory.userById(u.id))).toEqual([undefined, undefined, undefined]);
    expect(directory.userByExtension(tenant.id, '201')).toBeUndefined();
    await deleteTenant(database(), 'acme', root, options);
    expect(directory.tenantByDomain('pbx.acme.example')).toBeUndefined();
    expect([directory.tenantCount, directory.userCount]).toEqual([0, 0]);
  });

  it('catches up with changes made elsewhere (another process, the belay command) through the audit log', async () => {
    const directory = await loadDirectory(database());
    // changes made without this directory, as the belay command makes them
    const tenant = await createTenant(database(), { slug: 'acme', name: 'ACME' }, root);
    const erika = await createUser(database(), 'acme', { extension: '201', name: 'Erika', password }, root);
    await createUser(database(), 'acme', { extension: '202', name: 'Max' }, root);
    expect(directory.tenantById(tenant.id)).toBeUndefined();

    expect(await refreshDirectory(directory, database())).toBe(3);
    expect(directory.userByExtension(tenant.id, '201')?.credentials?.realm).toBe(tenant.sipDomain);
    await updateUser(database(), 'acme', '201', { extension: '301' }, root);
    await deleteUser(database(), 'acme', '202', root);
    expect(await refreshDirectory(directory, database())).toBe(2);
    expect(await refreshDirectory(directory, database())).toBe(0);
    expect(directory.userByExtension(tenant.id, '201')).toBeUndefined();
    expect(directory.userByExtension(tenant.id, '301')?.id).toBe(erika.id);
    expect(directory.userByExtension(tenant.id, '202')).toBeUndefined();
    expect(directory.userCount).toBe(1);
  });
});
