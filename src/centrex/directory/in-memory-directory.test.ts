import { describe, expect, it } from 'vitest';
import type { DirectoryUser } from './directory.js';
import { InMemoryDirectory } from './in-memory-directory.js';

const acme = { id: 't-acme', slug: 'acme', name: 'ACME', sipDomain: 'acme.example' };
const globex = { id: 't-globex', slug: 'globex', name: 'Globex', sipDomain: 'globex.example' };
const user = (id: string, tenantId: string, extension: string, sipUsername = extension): DirectoryUser => ({
  id,
  tenantId,
  extension,
  displayName: `User ${extension}`,
  sipUsername,
  credentials: null,
  dnd: false,
  forwarding: {},
  classOfService: 'international',
  clir: false,
  ringExternal: null,
});

function directory(): InMemoryDirectory {
  const d = new InMemoryDirectory();
  d.putTenant(acme, 1);
  d.putTenant(globex, 2);
  d.putUser(user('u1', acme.id, '201', 'erika'), 3);
  d.putUser(user('u2', globex.id, '201'), 4);
  return d;
}

describe('InMemoryDirectory', () => {
  it('finds tenants by domain in any case, and users per tenant by username, extension and id', () => {
    const d = directory();
    expect(d.tenantByDomain('ACME.Example')).toEqual(acme);
    expect(d.tenantById(globex.id)).toEqual(globex);
    expect(d.userBySipUsername(acme.id, 'erika')?.id).toBe('u1');
    expect(d.userBySipUsername(acme.id, 'Erika')).toBeUndefined();
    expect(d.userByExtension(acme.id, '201')?.id).toBe('u1');
    expect(d.userByExtension(globex.id, '201')?.id).toBe('u2');
    expect(d.userBySipUsername(globex.id, 'erika')).toBeUndefined();
    expect(d.userById('u2')?.tenantId).toBe(globex.id);
    expect([d.tenantCount, d.userCount]).toEqual([2, 2]);
  });

  it('moves a renamed user and a renamed domain out of their old keys', () => {
    const d = directory();
    d.putUser(user('u1', acme.id, '301', 'erika.m'), 5);
    expect(d.userByExtension(acme.id, '201')).toBeUndefined();
    expect(d.userBySipUsername(acme.id, 'erika')).toBeUndefined();
    expect(d.userByExtension(acme.id, '301')?.sipUsername).toBe('erika.m');
    d.putTenant({ ...acme, sipDomain: 'pbx.acme.de' }, 6);
    expect(d.tenantByDomain('acme.example')).toBeUndefined();
    expect(d.tenantByDomain('pbx.acme.de')?.id).toBe(acme.id);
  });

  it('leaves a key another user has taken since when the old holder moves or goes', () => {
    const d = directory();
    // u3 takes 201 first (as a catch-up applying changes in any order might), then u1 moves away
    d.putUser(user('u3', acme.id, '201'), 7);
    d.putUser(user('u1', acme.id, '202', 'erika'), 8);
    expect(d.userByExtension(acme.id, '201')?.id).toBe('u3');
    d.removeUser('u1', 9);
    expect(d.userByExtension(acme.id, '201')?.id).toBe('u3');
    expect(d.userBySipUsername(acme.id, 'erika')).toBeUndefined();
  });

  it('ignores a write older than what it holds, including a removal', () => {
    const d = directory();
    d.putUser(user('u1', acme.id, '202', 'erika'), 10);
    d.putUser(user('u1', acme.id, '201', 'erika'), 9);
    expect(d.userById('u1')?.extension).toBe('202');
    d.removeUser('u1', 11);
    d.putUser(user('u1', acme.id, '202', 'erika'), 10);
    expect(d.userById('u1')).toBeUndefined();
    d.removeTenant(globex.id, 12);
    d.putTenant(globex, 2);
    expect(d.tenantByDomain('globex.example')).toBeUndefined();
  });

  it('keeps the highest audit position it caught up to', () => {
    const d = new InMemoryDirectory(5);
    d.caughtUpTo(3);
    expect(d.auditPosition).toBe(5);
    d.caughtUpTo(8);
    expect(d.auditPosition).toBe(8);
  });
});
