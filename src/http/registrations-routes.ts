import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getTenant, getUser, removeRegistration } from '../centrex/index.js';
import type { Binding, SipService } from '../centrex/index.js';
import { DomainError } from '../kernel/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface RegistrationsRoutesOptions {
  readonly database: Database;
  /** The running SIP service; without it (an API-only process) these routes answer 503. */
  readonly sip: SipService | undefined;
}

const registrationSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    aor: z.string().describe('The address-of-record, `sip:<SIP username>@<tenant SIP domain>`'),
    contact: z.string().describe('The Contact URI as the phone sent it'),
    source: z
      .object({
        protocol: z.enum(['udp', 'tcp', 'tls', 'ws', 'wss']),
        address: z.string(),
        port: z.number().int(),
      })
      .describe('Where the REGISTER came from: requests to the phone are sent here (NAT)'),
    path: z.array(z.string()).readonly().describe('Path headers (RFC 3327), first hop first'),
    q: z.number(),
    expiresAt: z.iso.datetime().describe('ISO-8601, UTC'),
    userAgent: z.string().nullable(),
    instanceId: z.string().nullable().describe('+sip.instance (RFC 5626)'),
    reachable: z.enum(['unknown', 'reachable', 'unreachable']).describe('What the last OPTIONS keep-alive found'),
  })
  .meta({ id: 'Registration', description: 'A phone registered for a user (a binding of the registrar)' });

const registrationListSchema = z
  .object({ items: z.array(registrationSchema).readonly() })
  .meta({ id: 'RegistrationList', description: 'Registrations in force, by user, highest q first' });

type Registration = z.infer<typeof registrationSchema>;

function registrationOf(binding: Binding): Registration {
  const { source } = binding;
  return {
    id: binding.id,
    userId: binding.userId,
    aor: binding.aor,
    contact: binding.contact,
    source: { protocol: source.protocol, address: source.address, port: source.port },
    path: binding.path,
    q: binding.q,
    expiresAt: new Date(binding.expiresAt).toISOString(),
    userAgent: binding.userAgent ?? null,
    instanceId: binding.instanceId ?? null,
    reachable: binding.reachable,
  };
}

function running(sip: SipService | undefined): SipService {
  if (!sip) throw new DomainError('unavailable', 'the SIP service does not run in this process');
  return sip;
}

/** `/tenants/:tenant/registrations` under the API prefix: list (per tenant or per user) and remove. */
export const registrationsRoutes: FastifyPluginAsyncZod<RegistrationsRoutesOptions> = async (app, { database, sip }) => {
  app.get(
    '/tenants/:tenant/registrations',
    {
      schema: {
        summary: 'List the tenant’s registered phones',
        tags: ['registrations'],
        params: tenantParams,
        response: {
          [HttpStatus.ok]: jsonResponse('The registrations in force', registrationListSchema),
          ...problemResponses(HttpStatus.notFound, HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request) => {
      const { location } = running(sip);
      const tenant = await getTenant(database, request.params.tenant);
      return { items: location.ofTenant(tenant.id).map(registrationOf) };
    },
  );

  app.get(
    '/tenants/:tenant/users/:user/registrations',
    {
      schema: {
        summary: 'List one user’s registered phones',
        tags: ['registrations'],
        params: tenantParams.extend({ user: z.string().min(1).max(200).describe('The user id or extension') }),
        response: {
          [HttpStatus.ok]: jsonResponse('The user’s registrations in force', registrationListSchema),
          ...problemResponses(HttpStatus.notFound, HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request) => {
      const { location } = running(sip);
      const user = await getUser(database, request.params.tenant, request.params.user);
      return { items: location.registered(user.id).map(registrationOf) };
    },
  );

  app.delete(
    '/tenants/:tenant/registrations/:registration',
    {
      schema: {
        summary: 'Remove a registration: the phone is not reached until it registers again',
        tags: ['registrations'],
        headers: actorHeaders,
        params: tenantParams.extend({ registration: z.uuid().describe('The registration id') }),
        response: {
          [HttpStatus.noContent]: z.undefined().describe('Removed'),
          ...problemResponses(HttpStatus.notFound, HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request, reply) => {
      const service = running(sip);
      const tenant = await getTenant(database, request.params.tenant);
      await removeRegistration(database, service, tenant.id, request.params.registration, apiActor(request.headers));
      return reply.code(HttpStatus.noContent).send();
    },
  );
};
