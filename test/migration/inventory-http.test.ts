import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/centrex/index.js';
import type { InMemoryDirectory } from '../../src/centrex/index.js';
import { buildApp, createMetricsRegistry, problemSchema } from '../../src/http/index.js';
import { migrateToLatest, openDatabase, releaseMigrationLock, takeMigrationLock } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { createTestDatabase, testDialects } from '../app/support/test-databases.js';
import type { TestDatabase } from '../app/support/test-databases.js';
import { eventually, holdAuditChain } from './support/hold-audit-chain.js';
import { companyCsv, employeesCsv, numberBlocksCsv, sitesCsv } from './support/inventory-files.js';

/** The inventory import and the number plan through the HTTP API (Fastify's `inject`), on a real database of each kind. */

interface Report {
  applied: boolean;
  counts: Record<string, { created: number; updated: number; unchanged: number }>;
  errors: { file: string; row: number | null; column: string | null; code: string; message: string }[];
  warnings: { row: number | null; code: string }[];
}

const files = { sites: sitesCsv, numberBlocks: numberBlocksCsv, employees: employeesCsv };

describe.each(testDialects())('the migration inventory over HTTP on %s', (dialect) => {
  let testDb: TestDatabase;
  let database: Database;
  let directory: InMemoryDirectory;
  let app: FastifyInstance;
  let tenantId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    database = await openDatabase({ url: testDb.url });
    await migrateToLatest(database);
    directory = await loadDirectory(database);
    app = await buildApp({ database, directory, sipDomain: 'pbx.test', logger: pino({ level: 'silent' }), metrics: createMetricsRegistry(), version: 'test' });
    for (const slug of ['acme', 'other']) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/tenants', payload: { slug, name: slug.toUpperCase() } });
      if (slug === 'acme') tenantId = (res.json() as { id: string }).id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.dispose();
  });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, tenant = 'acme') =>
    app.inject({ method, url: `/api/v1/tenants/${tenant}/migration${url}`, headers: { 'x-belay-actor': 'jane' }, ...(payload !== undefined && { payload: payload as string }) });
  const employeeCount = async () => Number((await database.db.selectFrom('migration_employees').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('answers a preview with every bad row, and an apply of the same files with 400 naming each of them, importing nothing', async () => {
    const bad = `${employeesCsv}\r\nDup;;23;;Köln;;;;;\r\nBad MAC;;52;;Köln;;;00:15:65;;\r\nAustria;;53;+43 1 234567;Köln;;;;;`;
    const preview = await inject('POST', '/inventory/preview', { ...files, employees: bad });
    expect(preview.statusCode).toBe(200);
    const report = preview.json() as Report;
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [6, 'Extension', 'duplicate'],
      [7, 'Device MAC', 'invalid'],
      [8, 'Number', 'invalid_number'],
    ]);
    expect(report.applied).toBe(false);

    const apply = await inject('POST', '/inventory/apply', { ...files, employees: bad });
    expect(apply.statusCode).toBe(400);
    expect(apply.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = problemSchema.parse(apply.json());
    expect(problem.detail).toBe('the inventory has 3 errors in 3 rows; nothing was imported');
    expect(problem.errors?.map((e) => e.field)).toEqual(['employees.6.Extension', 'employees.7.Device MAC', 'employees.8.Number']);
    expect(await employeeCount()).toBe(0);
    expect(directory.userByExtension(tenantId, '23')).toBeUndefined();
  });

  it('applies the import once, shows what it holds, adds the users to the live directory, and changes nothing the second time', async () => {
    const first = await inject('POST', '/inventory/apply', files);
    expect(first.statusCode).toBe(200);
    expect((first.json() as Report).counts['employees']).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(directory.userByExtension(tenantId, '24')?.displayName).toBe('Mustermann; Max');

    const again = (await inject('POST', '/inventory/apply', files)).json() as Report;
    expect(Object.values(again.counts).every((c) => c.created === 0 && c.updated === 0)).toBe(true);

    const sites = (await inject('GET', '/sites')).json() as { items: { name: string; areaCode: string }[] };
    expect(sites.items.map((s) => [s.name, s.areaCode])).toEqual([['Bonn', '228'], ['Köln', '221']]);
    const blocks = (await inject('GET', '/number-blocks')).json() as { items: { kind: string; baseNumber: string; ddiRange: string; size: number }[] };
    expect(blocks.items.map((b) => [b.kind, b.baseNumber, b.ddiRange, b.size])).toEqual([
      ['legacy', '+492214711', '00-99', 100],
      ['legacy', '+49228555', '0-9', 10],
      ['provisional', '+4922198765', '00-99', 100],
      ['provisional', '+492287770', '00-99', 100],
    ]);
    const employees = (await inject('GET', '/employees')).json() as { items: { extension: string; legacyNumber: string; numberState: string; oldDevice: unknown }[] };
    expect(employees.items.map((e) => e.extension)).toEqual(['10', '23', '24', '301']);
    expect(employees.items[1]).toMatchObject({ legacyNumber: '+49221471123', numberState: 'planned', oldDevice: { vendor: 'Yealink', model: 'T46S', mac: '001565bd56d4' } });
    expect((await inject('GET', '/employees/23')).json()).toMatchObject({ name: 'Erika Muster', email: 'erika@acme.example' });
    expect((await inject('GET', '/employees/23', undefined, 'other')).statusCode).toBe(404);
  });

  it('previews and applies the number plan, and takes or refuses manual overrides', async () => {
    const preview = await inject('GET', '/plan/preview');
    expect(preview.statusCode).toBe(200);
    const plan = preview.json() as { applied: boolean; entries: { extension: string; plannedNumber: string; reason: string }[]; counts: { changed: number } };
    expect(plan.entries.map((e) => [e.extension, e.plannedNumber, e.reason])).toEqual([
      ['10', '+492219876500', 'suffix'],
      ['23', '+492219876523', 'suffix'],
      ['24', '+492219876524', 'suffix'],
      ['301', '+49228777000', 'next_free'],
    ]);
    const applied = await inject('POST', '/plan/apply');
    expect(applied.json()).toMatchObject({ applied: true, counts: { changed: 4 } });

    const override = await inject('PUT', '/employees/24/provisional-number', { number: '+49 221 98765 42' });
    expect(override.statusCode).toBe(200);
    expect(override.json()).toMatchObject({ extension: '24', provisionalNumber: '+492219876542' });
    const taken = await inject('PUT', '/employees/10/provisional-number', { number: '+49 221 98765 42' });
    expect(taken.statusCode).toBe(409);
    const elsewhere = await inject('PUT', '/employees/10/provisional-number', { number: '+49 228 7770 42' });
    expect(elsewhere.statusCode).toBe(400);
    expect(problemSchema.parse(elsewhere.json()).errors).toEqual([{ field: 'number', message: '+49228777042 is not in the area code 0221 of site "Köln"' }]);
    const notANumber = await inject('PUT', '/employees/10/provisional-number', { number: 42 });
    expect(notANumber.statusCode).toBe(400);
    expect(((await inject('GET', '/plan/preview')).json() as { counts: { changed: number } }).counts.changed).toBe(0);
  });

  it('refuses an import of a tenant while another runs with 409, and takes files of 10,000 employees', async () => {
    const company = companyCsv(300);
    if (dialect === 'postgres') {
      // the first import takes the lease, then waits for the audit chain held here, so the second comes while it runs
      const chain = await holdAuditChain(database);
      const first = inject('POST', '/inventory/apply', company, 'other');
      await eventually(async () => (await database.db.selectFrom('migration_locks').select('token').executeTakeFirst()) !== undefined);
      const second = await inject('POST', '/inventory/apply', company, 'other');
      await chain.release();
      expect([(await first).statusCode, second.statusCode]).toEqual([200, 409]);
      expect(problemSchema.parse(second.json()).detail).toContain('tenant "other" has a migration operation running (inventory import');
    } else {
      // better-sqlite3 is synchronous: one process runs its requests' transactions one after the other, so the
      // import that overlaps is another process's (the belay command's) on the same file, holding the lease
      const other = (await database.db.selectFrom('tenants').select('id').where('slug', '=', 'other').executeTakeFirstOrThrow()).id;
      const now = Date.now();
      const lease = { tenant_id: other, operation: 'inventory import', holder: 'cli:root', token: 'elsewhere', acquired_at: new Date(now).toISOString(), expires_at: new Date(now + 60_000).toISOString() };
      await takeMigrationLock(database.db, lease);
      const refused = await inject('POST', '/inventory/apply', company, 'other');
      expect(refused.statusCode).toBe(409);
      expect(problemSchema.parse(refused.json()).detail).toContain('tenant "other" has a migration operation running (inventory import, started');
      await releaseMigrationLock(database.db, other, 'elsewhere');
      expect((await inject('POST', '/inventory/apply', company, 'other')).statusCode).toBe(200);
    }

    const big = companyCsv(10_000);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(1024 * 1024);
    const preview = await inject('POST', '/inventory/preview', big, 'other');
    expect(preview.statusCode).toBe(200);
    expect((preview.json() as Report).counts['employees']).toEqual({ created: 9_700, updated: 0, unchanged: 300 });
  });

  it('describes every inventory and plan route in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const base = '/api/v1/tenants/{tenant}/migration';
    for (const [path, method] of [
      ['/inventory/preview', 'post'],
      ['/inventory/apply', 'post'],
      ['/sites', 'get'],
      ['/number-blocks', 'get'],
      ['/employees', 'get'],
      ['/employees/{employee}', 'get'],
      ['/employees/{employee}/provisional-number', 'put'],
      ['/plan/preview', 'get'],
      ['/plan/apply', 'post'],
    ] as const) {
      expect(doc.paths[`${base}${path}`]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
