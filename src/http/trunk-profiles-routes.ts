import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createTrunkProfile,
  deleteTrunkProfile,
  getTrunkProfile,
  listTrunkProfiles,
  NUMBER_FORMATS,
  trunkProfileSchema,
  updateTrunkProfile,
} from '../centrex/index.js';
import type { FromDisplay, FromUser, IdentitySlot, TrunkProfileEntry } from '../centrex/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface TrunkProfilesRoutesOptions {
  readonly database: Database;
}

const FROM_USERS = ['upn', 'npn', 'account'] as const satisfies readonly FromUser[];
const FROM_DISPLAYS = ['name', 'upn', 'none'] as const satisfies readonly FromDisplay[];
const IDENTITY_SLOTS = ['upn', 'npn', 'none'] as const satisfies readonly IdentitySlot[];

const isoTime = z.iso.datetime().describe('ISO-8601, UTC');

const profileSchema = z
  .object({
    name: z.string(),
    builtin: z.boolean(),
    id: z.uuid().nullable().describe('null for a built-in profile'),
    tenantId: z.uuid().nullable().describe('The tenant whose trunks may use it; null: every tenant’s'),
    fromUser: z.enum(FROM_USERS).describe('The From user: the presented number (UPN), the network number (NPN), or the trunk’s username'),
    fromDisplay: z.enum(FROM_DISPLAYS).describe('The From display name: the caller’s name, the UPN, or none'),
    ppi: z.enum(IDENTITY_SLOTS).describe('What P-Preferred-Identity carries'),
    pai: z.enum(IDENTITY_SLOTS).describe('What P-Asserted-Identity carries'),
    format: z.enum(NUMBER_FORMATS).describe('How numbers are written: +49…, 0049…, 49…, or national 0…'),
    userPhone: z.boolean().describe('`;user=phone` on number URIs'),
    diversion: z.boolean().describe('Forwarded legs carry a Diversion header naming the employee’s number'),
    createdAt: isoTime.nullable(),
    updatedAt: isoTime.nullable(),
  })
  .meta({ id: 'TrunkProfile', description: 'Where a trunk’s INVITEs carry the presented and the network number' }) satisfies z.ZodType<TrunkProfileEntry>;

const profileListSchema = z
  .object({ items: z.array(profileSchema).readonly() })
  .meta({ id: 'TrunkProfileList', description: 'The built-in profiles, then the custom ones by name' });

const profileCreateBody = trunkProfileSchema.meta({ id: 'TrunkProfileCreate' });
const profileUpdateBody = z
  .looseObject({})
  .meta({ id: 'TrunkProfileUpdate', description: 'Any of fromUser, fromDisplay, ppi, pai, format, userPhone, diversion; the profile must stay valid as a whole' });

const profileParams = z.object({ profile: z.string().min(1).max(200).describe('The profile name or id') });

/**
 * `/trunk-profiles` (built-in and custom profiles, custom ones shared by every tenant when
 * created here) and `/tenants/:tenant/trunk-profiles` (those a tenant's trunks may use;
 * custom ones created there are the tenant's own).
 */
export const trunkProfilesRoutes: FastifyPluginAsyncZod<TrunkProfilesRoutesOptions> = async (app, { database }) => {
  const tags = ['trunks'];
  const location = (profile: TrunkProfileEntry) => `${app.prefix}/trunk-profiles/${profile.name}`;
  const createResponses = {
    [HttpStatus.created]: jsonResponse('The profile as created', profileSchema),
    ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
  };

  app.post(
    '/trunk-profiles',
    { schema: { summary: 'Create a custom trunk profile every tenant’s trunks may use', tags, headers: actorHeaders, body: profileCreateBody, response: createResponses } },
    async (request, reply) => {
      const profile = await createTrunkProfile(database, null, request.body, apiActor(request.headers));
      return reply.code(HttpStatus.created).header('location', location(profile)).send(profile);
    },
  );

  app.post(
    '/tenants/:tenant/trunk-profiles',
    {
      schema: { summary: 'Create a custom trunk profile for the tenant’s trunks', tags, headers: actorHeaders, params: tenantParams, body: profileCreateBody, response: createResponses },
    },
    async (request, reply) => {
      const profile = await createTrunkProfile(database, request.params.tenant, request.body, apiActor(request.headers));
      return reply.code(HttpStatus.created).header('location', location(profile)).send(profile);
    },
  );

  app.get(
    '/trunk-profiles',
    { schema: { summary: 'List the built-in and every custom trunk profile', tags, response: { [HttpStatus.ok]: jsonResponse('The profiles', profileListSchema) } } },
    async () => listTrunkProfiles(database),
  );

  app.get(
    '/tenants/:tenant/trunk-profiles',
    {
      schema: {
        summary: 'List the trunk profiles the tenant’s trunks may use: built-in, shared and its own',
        tags,
        params: tenantParams,
        response: { [HttpStatus.ok]: jsonResponse('The profiles', profileListSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => listTrunkProfiles(database, request.params.tenant),
  );

  app.get(
    '/trunk-profiles/:profile',
    {
      schema: {
        summary: 'Show a trunk profile',
        tags,
        params: profileParams,
        response: { [HttpStatus.ok]: jsonResponse('The profile', profileSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getTrunkProfile(database, request.params.profile),
  );

  app.patch(
    '/trunk-profiles/:profile',
    {
      schema: {
        summary: 'Change a custom trunk profile (not its name)',
        tags,
        headers: actorHeaders,
        params: profileParams,
        body: profileUpdateBody,
        response: {
          [HttpStatus.ok]: jsonResponse('The profile as changed', profileSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request) => updateTrunkProfile(database, request.params.profile, request.body, apiActor(request.headers)),
  );

  app.delete(
    '/trunk-profiles/:profile',
    {
      schema: {
        summary: 'Delete a custom trunk profile no trunk uses',
        tags,
        headers: actorHeaders,
        params: profileParams,
        response: { [HttpStatus.noContent]: z.undefined().describe('Deleted'), ...problemResponses(HttpStatus.notFound, HttpStatus.conflict) },
      },
    },
    async (request, reply) => {
      await deleteTrunkProfile(database, request.params.profile, apiActor(request.headers));
      return reply.code(HttpStatus.noContent).send();
    },
  );
};
