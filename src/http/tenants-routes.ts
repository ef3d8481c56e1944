import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createTenant,
  deleteTenant,
  getTenant,
  listTenants,
  tenantCreateSchema,
  tenantPageSchema,
  tenantUpdateSchema,
  updateTenant,
} from '../centrex/index.js';
import type { DirectoryUpdates, Tenant } from '../centrex/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';

export interface TenantsRoutesOptions {
  readonly database: Database;
  /** The live directory every tenant change is applied to. */
  readonly directory: DirectoryUpdates;
  /** New tenants get `<slug>.<sipDomain>` unless they name their SIP domain. */
  readonly sipDomain: string;
}

/** The tenant as the API shows it. */
const tenantSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    sipDomain: z.string().describe('The SIP domain, also the Digest realm of the tenant’s users'),
    receptionExtension: z.string().nullable().describe('Where calls to the tenant’s numbers without an employee go; null: they are refused (404) and logged'),
    createdAt: z.iso.datetime().describe('ISO-8601, UTC'),
    updatedAt: z.iso.datetime().describe('ISO-8601, UTC'),
  })
  .meta({ id: 'Tenant', description: 'A customer company hosted on this installation' }) satisfies z.ZodType<Tenant>;

const tenantListSchema = z
  .object({
    items: z.array(tenantSchema).readonly(),
    next: z.string().nullable().describe('Pass as `after` to get the next page; null on the last page'),
  })
  .meta({ id: 'TenantList', description: 'One page of tenants, in creation order' });

/** The request bodies, named for the OpenAPI document (copies: the centrex schemas stay as they are). */
const tenantCreateBody = tenantCreateSchema.meta({ id: 'TenantCreate' });
const tenantUpdateBody = tenantUpdateSchema.meta({ id: 'TenantUpdate' });

export const tenantParams = z.object({ tenant: z.string().min(1).max(200).describe('The tenant id or slug') });

/** `/tenants` under the API prefix: create, list, show, update, delete, by id or slug. */
export const tenantsRoutes: FastifyPluginAsyncZod<TenantsRoutesOptions> = async (app, { database, directory, sipDomain }) => {
  const options = { directory, sipDomainParent: sipDomain };

  app.post(
    '/tenants',
    {
      schema: {
        summary: 'Create a tenant',
        tags: ['tenants'],
        headers: actorHeaders,
        body: tenantCreateBody,
        response: {
          [HttpStatus.created]: jsonResponse('The tenant as created', tenantSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.conflict),
        },
      },
    },
    async (request, reply) => {
      const tenant = await createTenant(database, request.body, apiActor(request.headers), options);
      return reply.code(HttpStatus.created).header('location', `${app.prefix}/tenants/${tenant.id}`).send(tenant);
    },
  );

  app.get(
    '/tenants',
    {
      schema: {
        summary: 'List tenants, ordered, a page at a time',
        tags: ['tenants'],
        querystring: tenantPageSchema,
        response: { [HttpStatus.ok]: jsonResponse('A page of tenants', tenantListSchema), ...problemResponses(HttpStatus.badRequest) },
      },
    },
    async (request) => listTenants(database, request.query),
  );

  app.get(
    '/tenants/:tenant',
    {
      schema: {
        summary: 'Show a tenant',
        tags: ['tenants'],
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The tenant', tenantSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getTenant(database, request.params.tenant),
  );

  app.patch(
    '/tenants/:tenant',
    {
      schema: {
        summary: 'Change a tenant’s slug, name or SIP domain',
        tags: ['tenants'],
        headers: actorHeaders,
        params: tenantParams,
        body: tenantUpdateBody,
        response: {
          [HttpStatus.ok]: jsonResponse('The tenant as changed', tenantSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request) => updateTenant(database, request.params.tenant, request.body, apiActor(request.headers), options),
  );

  app.delete(
    '/tenants/:tenant',
    {
      schema: {
        summary: 'Delete a tenant that holds no data any more',
        tags: ['tenants'],
        headers: actorHeaders,
        params: tenantParams,
        response: {
          [HttpStatus.noContent]: z.undefined().describe('Deleted'),
          ...problemResponses(HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request, reply) => {
      await deleteTenant(database, request.params.tenant, apiActor(request.headers), options);
      return reply.code(HttpStatus.noContent).send();
    },
  );
};
