import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DirectoryUpdates } from '../centrex/index.js';
import {
  DEVICE_STATES,
  INVENTORY_FILES,
  INVENTORY_ISSUE_CODES,
  NUMBER_STATES,
  TRAINING_STATES,
  applyInventory,
  applyNumberPlan,
  getTenantEmployee,
  inventoryInputSchema,
  listTenantEmployees,
  listTenantNumberBlocks,
  listTenantSites,
  previewInventory,
  previewNumberPlan,
  provisionalNumberSchema,
  setProvisionalNumber,
} from '../migration/index.js';
import type { InventoryReport, MigrationEmployee, NumberBlock, NumberPlanReport, Site } from '../migration/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface MigrationInventoryRoutesOptions {
  readonly database: Database;
  /** The live directory the users an import creates are added to. */
  readonly directory: DirectoryUpdates;
}

/** An import of a 10,000-employee company is about 1.5 MB of CSV; room for far bigger ones. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

const isoTime = z.iso.datetime().describe('ISO-8601, UTC');
const e164 = z.string().describe('E.164, e.g. +49221471123');

const countsSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

const issueSchema = z
  .object({
    file: z.enum(INVENTORY_FILES),
    row: z.number().int().nullable().describe('The spreadsheet row (the header is row 1); null for the whole file'),
    column: z.string().nullable().describe('The column as the file’s header names it; null for the whole row'),
    severity: z.enum(['error', 'warning']),
    code: z.enum(INVENTORY_ISSUE_CODES),
    message: z.string(),
  })
  .meta({ id: 'InventoryIssue', description: 'A problem with one row (and column) of an inventory file' });

const reportSchema = z
  .object({
    applied: z.boolean().describe('Whether the import was written; never for a preview'),
    counts: z
      .object({ sites: countsSchema, numberBlocks: countsSchema, employees: countsSchema, users: countsSchema, devices: countsSchema })
      .describe('What the import creates, updates or leaves unchanged, per kind of record'),
    errors: z.array(issueSchema).readonly().describe('Any error keeps the whole import from being applied'),
    warnings: z.array(issueSchema).readonly(),
  })
  .meta({ id: 'InventoryReport', description: 'What an inventory import finds and does' }) satisfies z.ZodType<InventoryReport>;

export const siteSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    address: z.string(),
    areaCode: z.string().describe('The local area code without its 0, e.g. 221'),
    emergencyNumber: e164.nullable().describe('What emergency calls from the site present when the caller has no number registered there (set with PATCH)'),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Site', description: 'A place the tenant’s employees work at' }) satisfies z.ZodType<Site>;

const numberBlockSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    kind: z.enum(['legacy', 'provisional']).describe('legacy: at the old provider; provisional: on the new trunk'),
    baseNumber: e164.describe('E.164 without the DDI, e.g. +492214711'),
    ddiRange: z.string().nullable().describe('As written: 00-99 (two-digit DDIs) or 0-99 (no leading zeros); null for a single number'),
    size: z.number().int(),
    oldProvider: z.string().nullable(),
    lineId: z.string().nullable().describe('The old provider’s line (Anlagenanschluss) the block belongs to'),
    siteId: z.uuid().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'NumberBlock', description: 'A base number with a DDI range, or a single number' }) satisfies z.ZodType<NumberBlock>;

const employeeSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    userId: z.uuid(),
    extension: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    siteId: z.uuid(),
    legacyNumber: e164.nullable(),
    provisionalNumber: e164.nullable(),
    portedNumber: e164.nullable(),
    numberState: z.enum(NUMBER_STATES),
    deviceState: z.enum(DEVICE_STATES),
    trainingState: z.enum(TRAINING_STATES),
    trainingNote: z.string().nullable(),
    oldDevice: z
      .object({ vendor: z.string().nullable(), model: z.string().nullable(), mac: z.string().nullable().describe('12 lowercase hex digits') })
      .nullable()
      .describe('The phone on the old system'),
    language: z.string().nullable(),
    role: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'MigrationEmployee', description: 'One employee’s migration record' }) satisfies z.ZodType<MigrationEmployee>;

const planSchema = z
  .object({
    applied: z.boolean(),
    entries: z
      .array(
        z.object({
          employeeId: z.uuid(),
          extension: z.string(),
          name: z.string(),
          legacyNumber: e164.nullable(),
          currentNumber: e164.nullable().describe('The provisional number now'),
          plannedNumber: e164.nullable().describe('The provisional number of the plan; null when none could be given'),
          blockId: z.uuid().nullable(),
          reason: z.enum(['kept', 'suffix', 'next_free', 'unplanned']).describe('kept: planned before, set by hand or live; suffix: the legacy DDI; next_free: the first free number'),
          conflict: z.string().nullable().describe('Why the employee did not get what the rule gives'),
        }),
      )
      .readonly(),
    counts: z.object({
      kept: z.number().int(),
      suffix: z.number().int(),
      nextFree: z.number().int(),
      unplanned: z.number().int(),
      changed: z.number().int().describe('Employees whose provisional number the plan changes'),
    }),
  })
  .meta({ id: 'NumberPlan', description: 'Every employee’s provisional number and how it was chosen' }) satisfies z.ZodType<NumberPlanReport>;

const list = <T extends z.ZodType>(item: T, id: string, description: string) => z.object({ items: z.array(item).readonly() }).meta({ id, description });

const inventoryBody = inventoryInputSchema.meta({ id: 'InventoryImport' });
const provisionalNumberBody = provisionalNumberSchema.meta({ id: 'ProvisionalNumber' });
const employeeParams = tenantParams.extend({ employee: z.string().min(1).max(200).describe('The migration employee’s id or extension') });

/**
 * `/tenants/:tenant/migration/…`: the inventory import (preview, apply), what it holds (sites,
 * number blocks, employees), and the number plan (preview, apply, manual overrides).
 */
export const migrationInventoryRoutes: FastifyPluginAsyncZod<MigrationInventoryRoutesOptions> = async (app, { database, directory }) => {
  const tags = ['migration inventory'];
  const base = '/tenants/:tenant/migration';

  app.post(
    `${base}/inventory/preview`,
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Check an inventory import without writing anything: every error and warning per row and column, and the counts',
        tags,
        params: tenantParams,
        body: inventoryBody,
        response: { [HttpStatus.ok]: jsonResponse('What the import would do', reportSchema), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.payloadTooLarge) },
      },
    },
    async (request) => previewInventory(database, request.params.tenant, request.body),
  );

  app.post(
    `${base}/inventory/apply`,
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: 'Apply an inventory import in one transaction: all of it, or nothing and every bad row named',
        description: 'A file with any error imports nothing (400, one entry per bad row and column in `errors`, as `<file>.<row>.<column>`). Applying the same files again changes nothing. While another import or number plan of the tenant runs, 409.',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        body: inventoryBody,
        response: {
          [HttpStatus.ok]: jsonResponse('What the import did', reportSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict, HttpStatus.payloadTooLarge),
        },
      },
    },
    async (request) => applyInventory(database, request.params.tenant, request.body, apiActor(request.headers), { directory }),
  );

  app.get(
    `${base}/sites`,
    {
      schema: {
        summary: 'List the tenant’s sites',
        tags,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The sites, by name', list(siteSchema, 'SiteList', 'The tenant’s sites')), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => ({ items: await listTenantSites(database, request.params.tenant) }),
  );

  app.get(
    `${base}/number-blocks`,
    {
      schema: {
        summary: 'List the tenant’s number blocks, legacy and provisional',
        tags,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The blocks', list(numberBlockSchema, 'NumberBlockList', 'The tenant’s number blocks')), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => ({ items: await listTenantNumberBlocks(database, request.params.tenant) }),
  );

  app.get(
    `${base}/employees`,
    {
      schema: {
        summary: 'List the employees being migrated, in extension order',
        tags,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The employees', list(employeeSchema, 'MigrationEmployeeList', 'The employees being migrated')), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => ({ items: await listTenantEmployees(database, request.params.tenant) }),
  );

  app.get(
    `${base}/employees/:employee`,
    {
      schema: {
        summary: 'Show one employee’s migration record',
        tags,
        params: employeeParams,
        response: { [HttpStatus.ok]: jsonResponse('The employee', employeeSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getTenantEmployee(database, request.params.tenant, request.params.employee),
  );

  app.put(
    `${base}/employees/:employee/provisional-number`,
    {
      schema: {
        summary: 'Set an employee’s provisional number by hand (the plan keeps it), or remove it with null',
        tags,
        headers: actorHeaders,
        params: employeeParams,
        body: provisionalNumberBody,
        response: {
          [HttpStatus.ok]: jsonResponse('The employee with the number', employeeSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request) => setProvisionalNumber(database, request.params.tenant, request.params.employee, request.body, apiActor(request.headers)),
  );

  app.get(
    `${base}/plan/preview`,
    {
      schema: {
        summary: 'The number plan as it would be applied now, with its conflicts',
        tags,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The plan', planSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => previewNumberPlan(database, request.params.tenant),
  );

  app.post(
    `${base}/plan/apply`,
    {
      schema: {
        summary: 'Apply the number plan: every changed provisional number, in one transaction',
        tags,
        headers: actorHeaders,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The plan as applied', planSchema), ...problemResponses(HttpStatus.notFound, HttpStatus.conflict) },
      },
    },
    async (request) => applyNumberPlan(database, request.params.tenant, apiActor(request.headers)),
  );
};
