import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createTrunk,
  deleteTrunk,
  getTrunk,
  listTrunks,
  TRUNK_MODES,
  TRUNK_TRANSPORTS,
  trunkCreateSchema,
  trunkUpdateSchema,
  updateTrunk,
} from '../centrex/index.js';
import type { Trunk, TrunkRegistrationState, TrunkStatusSource } from '../centrex/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface TrunksRoutesOptions {
  readonly database: Database;
  /** The trunks' run-time states (registrations, calls); absent where the process runs no SIP service. */
  readonly trunkStatus: TrunkStatusSource | undefined;
}

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

const isoTime = z.iso.datetime().describe('ISO-8601, UTC');

/** The trunk as the API shows it: never its password. */
const trunkSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid().nullable().describe('null: shared by the provider, usable by every tenant'),
    name: z.string(),
    mode: z.enum(TRUNK_MODES).describe('`register`: belay registers at the carrier; `ip`: the carrier knows belay by its address'),
    host: z.string(),
    port: z.number().int(),
    transport: z.enum(TRUNK_TRANSPORTS),
    domain: z.string().describe('The SIP domain of the trunk’s URIs and registration'),
    outboundProxy: z.string().nullable().describe('`host:port`'),
    username: z.string().nullable(),
    authUsername: z.string().nullable(),
    passwordSet: z.boolean().describe('Whether a password is stored (it is never shown)'),
    registerExpires: z.number().int(),
    profile: z.string().describe('The trunk profile: where the presented and network numbers go'),
    inboundAddresses: z.array(z.string()).readonly(),
    defaultNumber: z.string().nullable().describe('E.164'),
    priority: z.number().int().describe('Lower is tried first'),
    maxCalls: z.number().int().nullable(),
    maxCps: z.number().int().nullable(),
    siteId: z.uuid().nullable(),
    enabled: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Trunk', description: 'A SIP trunk to a carrier' }) satisfies z.ZodType<Trunk>;

const trunkListSchema = z.object({ items: z.array(trunkSchema).readonly() }).meta({ id: 'TrunkList', description: 'Trunks in the order they are tried' });

const REGISTRATION_STATES = ['idle', 'registering', 'registered', 'failed'] as const satisfies readonly TrunkRegistrationState[];

const trunkStatusSchema = z
  .object({
    trunkId: z.uuid(),
    name: z.string(),
    mode: z.enum(TRUNK_MODES),
    enabled: z.boolean(),
    live: z.boolean().describe('Whether this process runs the trunk (false: a disabled trunk, or no SIP service here); the rest is then idle'),
    state: z.enum(REGISTRATION_STATES).describe('The registration at the carrier; an IP-authenticated trunk stays idle'),
    lastError: z.string().nullable().describe('Why the last registration attempt failed'),
    registeredUntil: isoTime.nullable().describe('When the granted registration runs out'),
    lastAttemptAt: isoTime.nullable().describe('When the last REGISTER was sent'),
    activeCalls: z.number().int(),
  })
  .meta({ id: 'TrunkStatus', description: 'What a trunk is doing right now' });

const trunkCreateBody = trunkCreateSchema.meta({ id: 'TrunkCreate' });
const trunkUpdateBody = trunkUpdateSchema.meta({ id: 'TrunkUpdate' });

const trunkParam = z.string().min(1).max(200).describe('The trunk id or name');

const instant = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function statusOf(trunk: Trunk, source: TrunkStatusSource | undefined): z.output<typeof trunkStatusSchema> {
  const status = source?.status(trunk.id);
  return {
    trunkId: trunk.id,
    name: trunk.name,
    mode: trunk.mode,
    enabled: trunk.enabled,
    live: status !== undefined,
    state: status?.state ?? 'idle',
    lastError: status?.lastError ?? null,
    registeredUntil: instant(status?.registeredUntil ?? null),
    lastAttemptAt: instant(status?.lastAttemptAt ?? null),
    activeCalls: status?.activeCalls ?? 0,
  };
}

/** Where trunks of one owner live in the API: a tenant's (`/tenants/:tenant/trunks`) or the shared ones (`/trunks`). */
interface TrunkScope {
  readonly path: string;
  readonly collection: z.ZodType<{ readonly tenant?: string }>;
  readonly item: z.ZodType<{ readonly tenant?: string; readonly trunk: string }>;
  readonly what: string;
}

function trunkRoutesAt(app: ZodApp, scope: TrunkScope, { database, trunkStatus }: TrunksRoutesOptions): void {
  const tags = ['trunks'];
  const owner = (params: { readonly tenant?: string }): string | null => params.tenant ?? null;
  const location = (trunk: Trunk) => `${app.prefix}${trunk.tenantId === null ? '' : `/tenants/${trunk.tenantId}`}/trunks/${trunk.id}`;

  app.post(
    scope.path,
    {
      schema: {
        summary: `Create a ${scope.what}`,
        tags,
        headers: actorHeaders,
        params: scope.collection,
        body: trunkCreateBody,
        response: {
          [HttpStatus.created]: jsonResponse('The trunk as created', trunkSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request, reply) => {
      const trunk = await createTrunk(database, owner(request.params), request.body, apiActor(request.headers));
      return reply.code(HttpStatus.created).header('location', location(trunk)).send(trunk);
    },
  );

  app.get(
    scope.path,
    {
      schema: {
        summary: `List the ${scope.what}s in the order they are tried`,
        tags,
        params: scope.collection,
        response: { [HttpStatus.ok]: jsonResponse('The trunks', trunkListSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => listTrunks(database, owner(request.params)),
  );

  app.get(
    `${scope.path}/:trunk`,
    {
      schema: {
        summary: `Show a ${scope.what}`,
        tags,
        params: scope.item,
        response: { [HttpStatus.ok]: jsonResponse('The trunk', trunkSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getTrunk(database, owner(request.params), request.params.trunk),
  );

  app.patch(
    `${scope.path}/:trunk`,
    {
      schema: {
        summary: `Change a ${scope.what}`,
        tags,
        headers: actorHeaders,
        params: scope.item,
        body: trunkUpdateBody,
        response: {
          [HttpStatus.ok]: jsonResponse('The trunk as changed', trunkSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request) => updateTrunk(database, owner(request.params), request.params.trunk, request.body, apiActor(request.headers)),
  );

  app.delete(
    `${scope.path}/:trunk`,
    {
      schema: {
        summary: `Delete a ${scope.what}`,
        tags,
        headers: actorHeaders,
        params: scope.item,
        response: { [HttpStatus.noContent]: z.undefined().describe('Deleted'), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request, reply) => {
      await deleteTrunk(database, owner(request.params), request.params.trunk, apiActor(request.headers));
      return reply.code(HttpStatus.noContent).send();
    },
  );

  app.get(
    `${scope.path}/:trunk/status`,
    {
      schema: {
        summary: `Show what a ${scope.what} is doing: its registration at the carrier and its calls`,
        tags,
        params: scope.item,
        response: { [HttpStatus.ok]: jsonResponse('The trunk’s state', trunkStatusSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => statusOf(await getTrunk(database, owner(request.params), request.params.trunk), trunkStatus),
  );
}

/** `/tenants/:tenant/trunks` (a tenant's own trunks) and `/trunks` (shared by the provider): create, list, show, change, delete, status. */
export const trunksRoutes: FastifyPluginAsyncZod<TrunksRoutesOptions> = async (app, options) => {
  trunkRoutesAt(app, { path: '/tenants/:tenant/trunks', collection: tenantParams, item: tenantParams.extend({ trunk: trunkParam }), what: 'trunk of a tenant' }, options);
  trunkRoutesAt(app, { path: '/trunks', collection: z.object({}), item: z.object({ trunk: trunkParam }), what: 'shared trunk' }, options);
};
