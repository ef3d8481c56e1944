import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTenant, createUser, loadDirectory, loadTelephony } from '../../src/centrex/index.js';
import type { InMemoryDirectory, InMemoryTelephony, Tenant } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry, problemSchema } from '../../src/http/index.js';
import { applyInventory, applyNumberPlan, changeEmployeeState } from '../../src/migration/index.js';
import { employeesCsv, numberBlocksCsv, sitesCsv } from '../migration/support/inventory-files.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';
import { audited, jane, storeTrunk, trunkRow } from './support/telephony-fixture.js';

/** The identity and configuration-check routes through `inject`, on a real database of each kind. */

interface IdentityBody {
  readonly userId: string;
  readonly numbers: { readonly legacy: string | null; readonly provisional: string | null; readonly state: string } | null;
  readonly identity: { readonly upn: string | null; readonly npn: string | null; readonly phase: string; readonly onOldSystem: boolean };
  readonly presented: { readonly number: string; readonly allowed: boolean; readonly rule: string | null } | null;
  readonly emergency: { readonly number: string | null; readonly problem: string | null };
}

interface ChecksBody {
  readonly items: readonly { readonly code: string; readonly message: string; readonly siteId?: string | null; readonly userIds?: readonly string[]; readonly trunkId?: string }[];
}

describe.each(testDialects())('identity and telephony checks over HTTP on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);
  let app: FastifyInstance;
  let tenant: Tenant;
  let model: InMemoryTelephony;
  let directory: InMemoryDirectory;

  beforeEach(async () => {
    tenant = await createTenant(database(), { slug: 'acme', name: 'ACME GmbH' }, jane);
    await applyInventory(database(), 'acme', { sites: sitesCsv, numberBlocks: numberBlocksCsv, employees: employeesCsv }, jane);
    await applyNumberPlan(database(), 'acme', jane);
    directory = await loadDirectory(database());
    model = await loadTelephony(database());
    app = await buildApp({
      database: database(), directory, telephony: { model, directory }, sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test',
    });
  });
  afterEach(async () => {
    await app.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1/tenants/acme${url}` });
  const identityOf = async (user: string): Promise<IdentityBody> => {
    const res = await get(`/users/${user}/identity`);
    expect(res.statusCode).toBe(200);
    return res.json<IdentityBody>();
  };
  const checks = async (): Promise<ChecksBody['items']> => {
    const res = await get('/telephony/checks');
    expect(res.statusCode).toBe(200);
    return res.json<ChecksBody>().items;
  };
  const sites = () => database().db.selectFrom('sites').select(['id', 'name']).orderBy('name').execute();

  it('shows the numbers, identity, § 120 verdict and emergency number of an employee as the migration moves them', async () => {
    const before = await identityOf('23');
    expect(before).toMatchObject({
      numbers: { legacy: '+49221471123', provisional: '+492219876523', ported: null, state: 'planned' },
      identity: { upn: null, npn: null, phase: 'before', onOldSystem: true },
      presented: null,
      emergency: { number: null, problem: expect.stringContaining('Köln has no emergency number') },
    });

    // the route reads what was committed since the model was loaded
    await changeEmployeeState(database(), 'acme', '23', { machine: 'number', to: 'provisional_active' }, jane);
    expect(await identityOf('23')).toMatchObject({
      numbers: { state: 'provisional_active' },
      identity: { upn: '+49221471123', npn: '+492219876523', phase: 'parallel', onOldSystem: false },
      presented: { number: '+49221471123', allowed: true, rule: null, reason: null },
      emergency: { number: '+492219876523', problem: null },
    });
    const byId = await get(`/users/${(await identityOf('23')).userId}/identity`);
    expect(byId.json()).toMatchObject({ extension: '23', tenantId: tenant.id });
  });

  it('refuses to present a number the tenant holds no right of use for: a shared trunk’s number as fallback', async () => {
    await storeTrunk(database(), trunkRow(null, 'shared', { default_number: '+4930555000' }));
    expect(await identityOf('10')).toMatchObject({
      numbers: { state: 'planned' },
      identity: { upn: '+4930555000', npn: '+4930555000', phase: 'before' },
      presented: { number: '+4930555000', allowed: false, rule: 'not-held', reason: 'the tenant holds no right of use for +4930555000' },
    });
  });

  it('shows a user without a migration record by the trunk’s number, and answers 404 for an unknown user', async () => {
    await createUser(database(), 'acme', { extension: '500', name: 'New Hire' }, jane);
    await storeTrunk(database(), trunkRow(tenant.id, 'own', { default_number: '+492219876500' }));
    expect(await identityOf('500')).toMatchObject({
      numbers: null,
      identity: { upn: '+492219876500', npn: '+492219876500', phase: 'ported', onOldSystem: false },
      presented: { allowed: true },
      emergency: { number: null, problem: expect.stringContaining('no site') },
    });
    const missing = await get('/users/777/identity');
    expect(missing.statusCode).toBe(404);
    expect(problemSchema.parse(missing.json())).toMatchObject({ status: 404 });
  });

  it('lists what would break calls at go-live until each is put right', async () => {
    const [bonn, koeln] = await sites();
    expect((await checks()).map((c) => [c.code, c.siteId ?? null, c.userIds?.length ?? 0])).toEqual([
      ['no_emergency_number', bonn?.id, 1],
      ['no_emergency_number', koeln?.id, 3],
      ['no_trunk', null, 0],
      ['no_reception', null, 0],
    ]);
    expect((await checks())[1]?.message).toMatch(/^3 of 3 employees at site Köln \(10, 23, 24\) have no number for emergency calls: /);

    // Köln's employees go live on their provisional numbers; Bonn gets a site number
    for (const extension of ['10', '23', '24']) await changeEmployeeState(database(), 'acme', extension, { machine: 'number', to: 'provisional_active' }, jane);
    await audited(database(), tenant.id, 'site', bonn?.id ?? '', (db) => db.updateTable('sites').set({ emergency_number: '+49228777000' }).where('id', '=', bonn?.id ?? '').execute());
    const broken = trunkRow(tenant.id, 'broken', { profile: 'missing' });
    await storeTrunk(database(), broken);
    await audited(database(), tenant.id, 'tenant', tenant.id, (db) => db.updateTable('tenants').set({ reception_extension: '99' }).where('id', '=', tenant.id).execute());
    expect((await checks()).map((c) => [c.code, c.trunkId ?? null])).toEqual([
      ['unusable_trunk', broken.id],
      ['no_trunk', null],
      ['unknown_reception', null],
    ]);

    await audited(database(), tenant.id, 'trunk', broken.id, (db) => db.updateTable('trunks').set({ profile: 'telekom' }).where('id', '=', broken.id).execute());
    await audited(database(), tenant.id, 'tenant', tenant.id, (db) => db.updateTable('tenants').set({ reception_extension: '10' }).where('id', '=', tenant.id).execute());
    expect(await checks()).toEqual([]);
  });

  it('answers 503 where the telephony model is not loaded, and 404 for an unknown tenant', async () => {
    const apiOnly = await buildApp({ database: database(), directory, sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test' });
    try {
      for (const url of ['/users/23/identity', '/telephony/checks']) {
        const res = await apiOnly.inject({ method: 'GET', url: `/api/v1/tenants/acme${url}` });
        expect(res.statusCode).toBe(503);
      }
    } finally {
      await apiOnly.close();
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/tenants/nobody/telephony/checks' })).statusCode).toBe(404);
  });
});
