import { describe, expect, it } from 'vitest';
import {
  createDevice,
  createTenant,
  createUser,
  createUsers,
  deleteTenant,
  deleteUser,
  getDevice,
  getUser,
  listUsers,
  setUserPassword,
  updateUser,
} from '../../src/centrex/index.js';
import type { Actor, Tenant, User } from '../../src/centrex/index.js';
import { ha1 } from '../../src/sip/index.js';
import { listAudit, verifyAuditChain } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';

const root: Actor = { kind: 'cli', id: 'root' };
const api: Actor = { kind: 'api', id: 'admin@example.com' };
const password = 'Correct-Horse-7';

async function acme(database: Database): Promise<Tenant> {
  return createTenant(database, { slug: 'acme', name: 'ACME GmbH' }, root, { sipDomainParent: 'belay.test' });
}

async function storedRow(database: Database, id: string) {
  return database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function counts(database: Database): Promise<{ users: number; audit: number }> {
  const count = async (table: 'users' | 'audit_log') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { users: await count('users'), audit: await count('audit_log') };
}

describe.each(testDialects())('users on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  describe('create, read, update, delete', () => {
    it('creates a user with the defaults: SIP username = extension, no password, no features', async () => {
      const tenant = await acme(database());
      const user = await createUser(database(), 'acme', { extension: '201', name: ' Erika Muster ' }, root);
      expect(user).toEqual({
        id: expect.any(String),
        tenantId: tenant.id,
        extension: '201',
        name: 'Erika Muster',
        email: null,
        sipUsername: '201',
        hasPassword: false,
        dnd: false,
        forwarding: {},
        classOfService: 'international',
        clir: false,
        ringExternal: null,
        createdAt: expect.any(String),
        updatedAt: user.createdAt,
      });
      expect(await getUser(database(), tenant.id, user.id)).toEqual(user);
      expect(await getUser(database(), 'acme', '201')).toEqual(user);
      await expect(getUser(database(), 'acme', '202')).rejects.toMatchObject({ code: 'not_found', message: 'user "202" not found in tenant "acme"' });
    });

    it('changes name, e-mail, do-not-disturb and extension, and writes nothing for a patch that changes nothing', async () => {
      await acme(database());
      const created = await createUser(database(), 'acme', { extension: '201', name: 'Erika', email: 'Erika@ACME.example' }, root);
      expect(created.email).toBe('erika@acme.example');
      const updated = await updateUser(database(), 'acme', '201', { extension: '301', name: 'Erika Muster', email: null, dnd: true }, api);
      expect(updated).toMatchObject({ id: created.id, extension: '301', name: 'Erika Muster', email: null, dnd: true, sipUsername: '201' });
      const before = await counts(database());
      expect(await updateUser(database(), 'acme', '301', { name: 'Erika Muster', dnd: true }, api)).toEqual(updated);
      expect(await counts(database())).toEqual(before);
    });

    it('deletes a user; their devices stay, unassigned', async () => {
      await acme(database());
      const erika = await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      const phone = await createDevice(database(), 'acme', { label: 'Desk', mac: '00:15:65:bd:56:d4', user: '201' }, root);
      expect(phone.userId).toBe(erika.id);
      await deleteUser(database(), 'acme', '201', api);
      await expect(getUser(database(), 'acme', erika.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await getDevice(database(), 'acme', '001565bd56d4')).toMatchObject({ id: phone.id, userId: null });
      const { items } = await listAudit(database().db, { entityId: phone.id });
      expect(items.map((r) => r.action)).toEqual(['device.create', 'device.update']);
      expect(items[1]?.after).toMatchObject({ userId: null });
    });
  });

  describe('conflicts', () => {
    it('refuses a taken extension, SIP username or e-mail with 409 naming the field, and stores nothing', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '201', name: 'Erika', email: 'erika@acme.example', sipUsername: 'erika' }, root);
      const before = await counts(database());
      await expect(createUser(database(), 'acme', { extension: '201', name: 'Other' }, root)).rejects.toMatchObject({
        code: 'conflict',
        fields: [{ field: 'extension', message: '"201" is already taken' }],
      });
      await expect(createUser(database(), 'acme', { extension: '202', name: 'Other', sipUsername: 'erika' }, root)).rejects.toMatchObject({
        code: 'conflict',
        fields: [{ field: 'sipUsername', message: '"erika" is already taken' }],
      });
      await expect(createUser(database(), 'acme', { extension: '202', name: 'Other', email: 'ERIKA@acme.example' }, root)).rejects.toMatchObject({
        code: 'conflict',
        fields: [{ field: 'email' }],
      });
      expect(await counts(database())).toEqual(before);
    });

    it('refuses a SIP username that is another user’s extension, and the other way round', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '201', name: 'Erika', sipUsername: 'erika' }, root);
      await expect(createUser(database(), 'acme', { extension: '202', name: 'Max', sipUsername: '201' }, root)).rejects.toMatchObject({
        code: 'conflict',
        fields: [{ field: 'sipUsername', message: '"201" is the extension of 201 (Erika)' }],
      });
      await createUser(database(), 'acme', { extension: '203', name: 'Max', sipUsername: '777' }, root);
      await expect(createUser(database(), 'acme', { extension: '777', name: 'Eve', sipUsername: 'eve' }, root)).rejects.toMatchObject({
        code: 'conflict',
        fields: [{ field: 'extension', message: '"777" is the SIP username of 203 (Max)' }],
      });
    });

    it('allows the same extension in another tenant, and refuses a taken extension on update', async () => {
      await acme(database());
      await createTenant(database(), { slug: 'globex', name: 'Globex' }, root);
      await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      await createUser(database(), 'acme', { extension: '202', name: 'Max' }, root);
      await createUser(database(), 'globex', { extension: '201', name: 'Hank' }, root);
      await expect(updateUser(database(), 'acme', '202', { extension: '201' }, root)).rejects.toMatchObject({
        code: 'conflict',
        fields: [{ field: 'extension' }],
      });
    });
  });

  describe('validation', () => {
    it('names every bad field and stores nothing', async () => {
      await acme(database());
      await expect(
        createUser(database(), 'acme', { extension: '112', name: '', sipUsername: 'Erika', email: 'no', password: 'short', nmae: 1 }, root),
      ).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [
          { field: 'extension', message: 'is reserved for emergency and special-service numbers (110, 112, 115, 116xxx, 118xx)' },
          { field: 'name', message: 'must not be empty' },
          { field: 'email', message: 'must be an e-mail address' },
          { field: 'sipUsername', message: 'may contain only lowercase letters, digits, dots, underscores and hyphens' },
          { field: 'password', message: 'must be at least 10 characters long' },
          { field: 'nmae', message: 'is not a known field' },
        ],
      });
      await expect(createUser(database(), 'acme', { extension: '201', name: 'E', password, generatePassword: true }, root)).rejects.toMatchObject({
        fields: [{ field: 'generatePassword', message: 'cannot be combined with a password' }],
      });
      await expect(createUser(database(), 'acme', { extension: '201', name: 'E', sipUsername: 'erika', password: 'Phone-201-abc' }, root)).rejects.toMatchObject({
        fields: [{ field: 'password', message: 'must not contain the extension' }],
      });
      await expect(createUser(database(), 'nobody', { extension: '201', name: 'E' }, root)).rejects.toMatchObject({ code: 'not_found' });
      expect(await counts(database())).toEqual({ users: 0, audit: 1 });
    });
  });

  describe('SIP password', () => {
    it('is stored only as HA1 over username, realm (the tenant’s SIP domain) and password, and never returned', async () => {
      const tenant = await acme(database());
      expect(tenant.sipDomain).toBe('acme.belay.test');
      const user = await createUser(database(), 'acme', { extension: '201', name: 'Erika', sipUsername: 'erika', password }, root);
      expect(user.hasPassword).toBe(true);
      expect(Object.keys(user)).not.toContain('generatedPassword');
      expect(JSON.stringify(user)).not.toContain(password);
      const row = await storedRow(database(), user.id);
      expect(row.ha1_md5).toBe(ha1('erika', 'acme.belay.test', password, 'MD5'));
      expect(row.ha1_sha256).toBe(ha1('erika', 'acme.belay.test', password, 'SHA-256'));
      expect(JSON.stringify(row)).not.toContain(password);
      const listed = await listUsers(database(), 'acme');
      expect(JSON.stringify(listed)).not.toContain(row.ha1_md5 ?? '-');
    });

    it('is generated on request and returned once, in that answer only', async () => {
      await acme(database());
      const user = await createUser(database(), 'acme', { extension: '201', name: 'Erika', generatePassword: true }, root);
      const generated = user.generatedPassword ?? '';
      expect(generated).toMatch(/^[A-Za-z2-9]{20}$/);
      expect((await storedRow(database(), user.id)).ha1_md5).toBe(ha1('201', 'acme.belay.test', generated, 'MD5'));
      expect(await getUser(database(), 'acme', '201')).not.toHaveProperty('generatedPassword');

      const reset = await setUserPassword(database(), 'acme', '201', { generate: true }, api);
      expect(reset.generatedPassword).not.toBe(generated);
      expect((await storedRow(database(), user.id)).ha1_sha256).toBe(ha1('201', 'acme.belay.test', reset.generatedPassword ?? '', 'SHA-256'));
      const set = await setUserPassword(database(), 'acme', '201', { password }, api);
      expect(set).not.toHaveProperty('generatedPassword');
      await expect(setUserPassword(database(), 'acme', '201', {}, api)).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(setUserPassword(database(), 'acme', '201', { password, generate: true }, api)).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('must be renewed with a change of SIP username: refused without one, hashed over the new name with one', async () => {
      await acme(database());
      const user = await createUser(database(), 'acme', { extension: '201', name: 'Erika', password }, root);
      await expect(updateUser(database(), 'acme', '201', { sipUsername: 'erika' }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'sipUsername', message: expect.stringContaining('cannot change without a new password') }],
      });
      expect((await storedRow(database(), user.id)).sip_username).toBe('201');
      await updateUser(database(), 'acme', '201', { sipUsername: 'erika', password: 'Another-Secret-9' }, root);
      expect((await storedRow(database(), user.id)).ha1_md5).toBe(ha1('erika', 'acme.belay.test', 'Another-Secret-9', 'MD5'));
      // without a password there is nothing to invalidate
      await createUser(database(), 'acme', { extension: '202', name: 'Max' }, root);
      expect(await updateUser(database(), 'acme', '202', { sipUsername: 'max' }, root)).toMatchObject({ sipUsername: 'max', hasPassword: false });
    });
  });

  describe('call forwarding', () => {
    it('forwards to existing extensions and external numbers, stored in E.164', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '202', name: 'Max' }, root);
      const erika = await createUser(
        database(),
        'acme',
        {
          extension: '201',
          name: 'Erika',
          forwarding: { always: null, busy: '202', noAnswer: { target: '0221 471123' }, unregistered: { kind: 'external', number: '+4915112345678' } },
        },
        root,
      );
      expect(erika.forwarding).toEqual({
        busy: { kind: 'extension', extension: '202' },
        noAnswer: { target: { kind: 'external', number: '+49221471123' }, seconds: 20 },
        unregistered: { kind: 'external', number: '+4915112345678' },
      });
    });

    it('replaces the kinds a patch names, removes those set to null, keeps the rest', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '202', name: 'Max' }, root);
      await createUser(database(), 'acme', { extension: '201', name: 'Erika', forwarding: { busy: '202', unregistered: '202' } }, root);
      const updated = await updateUser(database(), 'acme', '201', { forwarding: { busy: null, noAnswer: { target: '202', seconds: 45 } } }, root);
      expect(updated.forwarding).toEqual({
        noAnswer: { target: { kind: 'extension', extension: '202' }, seconds: 45 },
        unregistered: { kind: 'extension', extension: '202' },
      });
    });

    it('refuses a missing extension, the user’s own, a premium-rate number and a bad delay, naming the field', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      await expect(updateUser(database(), 'acme', '201', { forwarding: { busy: '299', always: '201' } }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [
          { field: 'forwarding.always', message: 'must not be the user’s own extension' },
          { field: 'forwarding.busy', message: 'extension 299 does not exist in this tenant' },
        ],
      });
      await expect(updateUser(database(), 'acme', '201', { forwarding: { always: '0900 1234567' } }, root)).rejects.toMatchObject({
        fields: [{ field: 'forwarding.always', message: '+499001234567 is a premium-rate number' }],
      });
      for (const seconds of [4, 121, 20.5]) {
        await expect(updateUser(database(), 'acme', '201', { forwarding: { noAnswer: { target: '+4922112345', seconds } } }, root)).rejects.toMatchObject({
          fields: [{ field: 'forwarding.noAnswer.seconds' }],
        });
      }
      await expect(updateUser(database(), 'acme', '201', { forwarding: { busy: { kind: 'external', number: '202' } } }, root)).rejects.toMatchObject({
        fields: [{ field: 'forwarding.busy', message: 'is an extension, not of kind external' }],
      });
      expect((await getUser(database(), 'acme', '201')).forwarding).toEqual({});
    });

    it('refuses unconditional forwarding in a circle, naming the chain', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      await createUser(database(), 'acme', { extension: '202', name: 'Max', forwarding: { always: '201' } }, root);
      await createUser(database(), 'acme', { extension: '203', name: 'Eve', forwarding: { always: '202' } }, root);
      await expect(updateUser(database(), 'acme', '201', { forwarding: { always: '203' } }, root)).rejects.toMatchObject({
        fields: [{ field: 'forwarding.always', message: 'would forward calls in a circle: 201 → 203 → 202 → 201' }],
      });
      // forwarding on busy may point back: it only applies while the user is busy
      expect((await updateUser(database(), 'acme', '201', { forwarding: { busy: '203' } }, root)).forwarding).toHaveProperty('busy');
    });

    it('keeps a forwarding target: its user cannot be deleted or renumbered while others forward to it', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      await createUser(database(), 'acme', { extension: '202', name: 'Max', forwarding: { busy: '201' } }, root);
      await createUser(database(), 'acme', { extension: '203', name: 'Eve', forwarding: { noAnswer: { target: '201', seconds: 10 } } }, root);
      await expect(deleteUser(database(), 'acme', '201', root)).rejects.toMatchObject({
        code: 'precondition_failed',
        message: 'user 201 (Erika) cannot be deleted while 202 (Max) and 203 (Eve) forward calls to extension 201; change their forwarding first',
      });
      await expect(updateUser(database(), 'acme', '201', { extension: '301' }, root)).rejects.toMatchObject({
        code: 'precondition_failed',
        message: expect.stringMatching(/^extension 201 cannot be changed while 202 \(Max\) and 203 \(Eve\) forward calls/),
      });
      await updateUser(database(), 'acme', '202', { forwarding: { busy: null } }, root);
      await updateUser(database(), 'acme', '203', { forwarding: { noAnswer: null } }, root);
      await deleteUser(database(), 'acme', '201', root);
    });
  });

  describe('audit', () => {
    it('records every change in its transaction, with passwordChanged and never a password or hash', async () => {
      const tenant = await acme(database());
      const user = await createUser(database(), 'acme', { extension: '201', name: 'Erika', password }, root);
      await updateUser(database(), 'acme', '201', { name: 'Erika Muster' }, api);
      const generated = (await setUserPassword(database(), 'acme', '201', { generate: true }, api)).generatedPassword ?? '';
      await deleteUser(database(), 'acme', '201', root);
      const { items } = await listAudit(database().db, { entityType: 'user' });
      expect(items.map((r) => [r.action, r.actorId, r.tenantId])).toEqual([
        ['user.create', 'root', tenant.id],
        ['user.update', 'admin@example.com', tenant.id],
        ['user.set-password', 'admin@example.com', tenant.id],
        ['user.delete', 'root', tenant.id],
      ]);
      expect(items.map((r) => (r.after as { passwordChanged?: boolean } | null)?.passwordChanged)).toEqual([true, undefined, true, undefined]);
      expect(items[1]).toMatchObject({ before: { name: 'Erika', hasPassword: true }, after: { name: 'Erika Muster', hasPassword: true } });
      const text = JSON.stringify(items);
      for (const secret of [password, generated, ha1('201', tenant.sipDomain, password, 'MD5'), ha1('201', tenant.sipDomain, generated, 'SHA-256')]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/ha1/i);
      expect(items.every((r) => r.entityId === user.id)).toBe(true);
      expect(await verifyAuditChain(database().db)).toMatchObject({ ok: true });
    });
  });

  describe('bulk creation', () => {
    it('creates all users in one transaction, later ones forwarding to earlier ones', async () => {
      await acme(database());
      const created = await createUsers(
        database(),
        'acme',
        { users: [{ extension: '201', name: 'Erika', password }, { extension: '202', name: 'Max', generatePassword: true, forwarding: { busy: '201' } }] },
        root,
      );
      expect(created.map((u) => [u.extension, u.hasPassword, u.generatedPassword !== undefined])).toEqual([
        ['201', true, false],
        ['202', true, true],
      ]);
      expect((await listAudit(database().db, { action: 'user.create' })).items).toHaveLength(2);
    });

    it('stores none of them when one is refused, naming it by its place in the list', async () => {
      await acme(database());
      const before = await counts(database());
      await expect(
        createUsers(database(), 'acme', { users: [{ extension: '201', name: 'Erika' }, { extension: '201', name: 'Twin' }] }, root),
      ).rejects.toMatchObject({ code: 'conflict', fields: [{ field: 'users.1.extension', message: '"201" is already taken' }] });
      await expect(createUsers(database(), 'acme', { users: [{ extension: '201', name: 'Erika' }, { extension: '2', name: 'X' }] }, root)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: [{ field: 'users.1.extension', message: 'must be 2 to 8 digits long' }],
      });
      await expect(createUsers(database(), 'acme', { users: [] }, root)).rejects.toMatchObject({ fields: [{ field: 'users', message: 'must not be empty' }] });
      expect(await counts(database())).toEqual(before);
    });
  });

  describe('listing', () => {
    it('pages in extension order (shorter first), filters by extension, and refuses a bad cursor', async () => {
      await acme(database());
      const extensions = ['1000', '201', '99', '100', '12', '2000', '300'];
      await createUsers(database(), 'acme', { users: extensions.map((extension) => ({ extension, name: `User ${extension}` })) }, root);
      const seen: User[] = [];
      let after: string | undefined;
      do {
        const page = await listUsers(database(), 'acme', { limit: 3, ...(after !== undefined && { after }) });
        seen.push(...page.items);
        after = page.next ?? undefined;
      } while (after !== undefined);
      expect(seen.map((u) => u.extension)).toEqual(['12', '99', '100', '201', '300', '1000', '2000']);
      expect((await listUsers(database(), 'acme', { extension: '300' })).items.map((u) => u.name)).toEqual(['User 300']);
      expect((await listUsers(database(), 'acme', { extension: '301' })).items).toEqual([]);
      await expect(listUsers(database(), 'acme', { after: 'nonsense' })).rejects.toMatchObject({ fields: [{ field: 'after' }] });
    });
  });

  describe('the tenant’s SIP domain', () => {
    it('defaults to <slug>.<parent>, can be given, is unique and must be a DNS name', async () => {
      expect((await acme(database())).sipDomain).toBe('acme.belay.test');
      expect((await createTenant(database(), { slug: 'beta', name: 'Beta' }, root)).sipDomain).toBe('beta.belay.localhost');
      const own = await createTenant(database(), { slug: 'gamma', name: 'Gamma', sipDomain: 'PBX.Gamma.example' }, root);
      expect(own.sipDomain).toBe('pbx.gamma.example');
      await expect(createTenant(database(), { slug: 'delta', name: 'Delta', sipDomain: 'pbx.gamma.example' }, root)).rejects.toMatchObject({
        code: 'conflict',
        fields: [{ field: 'sipDomain', message: '"pbx.gamma.example" is already taken' }],
      });
      for (const sipDomain of ['localhost', '10.0.0.1', 'pbx_1.example', '-pbx.example']) {
        await expect(createTenant(database(), { slug: 'delta', name: 'Delta', sipDomain }, root)).rejects.toMatchObject({
          code: 'validation_failed',
          fields: [{ field: 'sipDomain' }],
        });
      }
    });

    it('can change freely while no user has a password; with passwords only with resetPasswords, which clears them', async () => {
      const tenant = await acme(database());
      await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      expect((await updateTenantDomain(database(), 'pbx.acme.example')).sipDomain).toBe('pbx.acme.example');

      const erika = await setUserPassword(database(), 'acme', '201', { password }, root);
      const max = await createUser(database(), 'acme', { extension: '202', name: 'Max', password }, root);
      await expect(updateTenantDomain(database(), 'sip.acme.example')).rejects.toMatchObject({
        code: 'precondition_failed',
        message: expect.stringContaining('2 users have SIP passwords'),
        fields: [{ field: 'sipDomain' }],
      });
      expect((await storedRow(database(), erika.id)).ha1_md5).toBe(ha1('201', 'pbx.acme.example', password, 'MD5'));

      const moved = await updateTenantDomain(database(), 'sip.acme.example', true);
      expect(moved.sipDomain).toBe('sip.acme.example');
      for (const id of [erika.id, max.id]) expect(await storedRow(database(), id)).toMatchObject({ ha1_md5: null, ha1_sha256: null });
      const cleared = (await listAudit(database().db, { tenantId: tenant.id, entityType: 'user' })).items.slice(-2);
      expect(cleared.map((r) => [r.action, (r.before as User).hasPassword, (r.after as User).hasPassword])).toEqual([
        ['user.update', true, false],
        ['user.update', true, false],
      ]);
      await setUserPassword(database(), 'acme', '201', { password }, root);
      expect((await storedRow(database(), erika.id)).ha1_md5).toBe(ha1('201', 'sip.acme.example', password, 'MD5'));
    });

    async function updateTenantDomain(db: Database, sipDomain: string, resetPasswords?: boolean): Promise<Tenant> {
      const { updateTenant } = await import('../../src/centrex/index.js');
      return updateTenant(db, 'acme', { sipDomain, ...(resetPasswords !== undefined && { resetPasswords }) }, root);
    }
  });

  describe('a tenant with users', () => {
    it('cannot be deleted until its users and devices are gone', async () => {
      await acme(database());
      await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
      await createDevice(database(), 'acme', { label: 'Desk', mac: '001565bd56d4' }, root);
      await expect(deleteTenant(database(), 'acme', root)).rejects.toMatchObject({
        code: 'precondition_failed',
        message: 'tenant "acme" still has 1 user, 1 device; delete them first',
      });
    });
  });
});
