import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CLASSES_OF_SERVICE,
  createUser,
  createUsers,
  deleteUser,
  getUser,
  listUsers,
  setUserPassword,
  updateUser,
  userCreateSchema,
  userPageSchema,
  userPasswordSchema,
  userUpdateSchema,
  usersBulkSchema,
} from '../centrex/index.js';
import type { DirectoryUpdates, User, UserWithGeneratedPassword } from '../centrex/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface UsersRoutesOptions {
  readonly database: Database;
  /** The live directory every user change is applied to. */
  readonly directory: DirectoryUpdates;
}

const forwardTargetSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('extension'), extension: z.string() }),
    z.object({ kind: z.literal('external'), number: z.string().describe('E.164, e.g. +49221471123') }),
  ])
  .meta({ id: 'ForwardTarget', description: 'An extension of the same tenant or an external number' });

const callForwardingSchema = z
  .object({
    always: forwardTargetSchema.optional(),
    busy: forwardTargetSchema.optional(),
    noAnswer: z.object({ target: forwardTargetSchema, seconds: z.number().int() }).optional(),
    unregistered: forwardTargetSchema.optional(),
  })
  .meta({ id: 'CallForwarding', description: 'Forwarding per condition; a condition left out does not forward' });

/** The user as the API shows it: never a password or its hashes. */
const userSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    extension: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    sipUsername: z.string(),
    hasPassword: z.boolean().describe('Whether a SIP password is set; without one the user’s phones cannot register'),
    dnd: z.boolean().describe('Do not disturb'),
    forwarding: callForwardingSchema,
    classOfService: z.enum(CLASSES_OF_SERVICE).describe('What the user may dial out to, each class including the ones before it; emergency calls always'),
    clir: z.boolean().describe('Withhold the user’s number on outbound calls (the network number still travels)'),
    ringExternal: z.string().nullable().describe('An external number (E.164) rung in parallel with the user’s devices'),
    createdAt: z.iso.datetime().describe('ISO-8601, UTC'),
    updatedAt: z.iso.datetime().describe('ISO-8601, UTC'),
  })
  .meta({ id: 'User', description: 'An employee of a tenant, with extension, SIP account and call features' }) satisfies z.ZodType<User>;

const userWithPasswordSchema = userSchema
  .extend({ generatedPassword: z.string().optional().describe('The password belay chose; shown only in this response') })
  .meta({ id: 'UserWithGeneratedPassword', description: 'A user as created or changed' }) satisfies z.ZodType<UserWithGeneratedPassword>;

const userListSchema = z
  .object({
    items: z.array(userSchema).readonly(),
    next: z.string().nullable().describe('Pass as `after` to get the next page; null on the last page'),
  })
  .meta({ id: 'UserList', description: 'One page of users, in extension order' });

const createdUsersSchema = z
  .object({ items: z.array(userWithPasswordSchema).readonly() })
  .meta({ id: 'CreatedUsers', description: 'The users as created, in the order given' });

/** The request bodies, named for the OpenAPI document (copies: the centrex schemas stay as they are). */
const userCreateBody = userCreateSchema.meta({ id: 'UserCreate' });
const usersBulkBody = usersBulkSchema.meta({ id: 'UsersBulkCreate' });
const userUpdateBody = userUpdateSchema.meta({ id: 'UserUpdate' });
const userPasswordBody = userPasswordSchema.meta({ id: 'UserPassword' });

const userParams = tenantParams.extend({ user: z.string().min(1).max(200).describe('The user id or extension') });

/** `/tenants/:tenant/users`: create (one or many), list, show, update, set the password, delete. */
export const usersRoutes: FastifyPluginAsyncZod<UsersRoutesOptions> = async (app, { database, directory }) => {
  const options = { directory };
  const location = (user: User) => `${app.prefix}/tenants/${user.tenantId}/users/${user.id}`;

  app.post(
    '/tenants/:tenant/users',
    {
      schema: {
        summary: 'Create a user',
        tags: ['users'],
        headers: actorHeaders,
        params: tenantParams,
        body: userCreateBody,
        response: {
          [HttpStatus.created]: jsonResponse('The user as created', userWithPasswordSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request, reply) => {
      const user = await createUser(database, request.params.tenant, request.body, apiActor(request.headers), options);
      return reply.code(HttpStatus.created).header('location', location(user)).send(user);
    },
  );

  app.post(
    '/tenants/:tenant/users/bulk',
    {
      schema: {
        summary: 'Create many users at once, all or none',
        tags: ['users'],
        headers: actorHeaders,
        params: tenantParams,
        body: usersBulkBody,
        response: {
          [HttpStatus.created]: jsonResponse('The users as created', createdUsersSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request, reply) => {
      const items = await createUsers(database, request.params.tenant, request.body, apiActor(request.headers), options);
      return reply.code(HttpStatus.created).send({ items });
    },
  );

  app.get(
    '/tenants/:tenant/users',
    {
      schema: {
        summary: 'List a tenant’s users in extension order, a page at a time',
        tags: ['users'],
        params: tenantParams,
        querystring: userPageSchema,
        response: {
          [HttpStatus.ok]: jsonResponse('A page of users', userListSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound),
        },
      },
    },
    async (request) => listUsers(database, request.params.tenant, request.query),
  );

  app.get(
    '/tenants/:tenant/users/:user',
    {
      schema: {
        summary: 'Show a user',
        tags: ['users'],
        params: userParams,
        response: { [HttpStatus.ok]: jsonResponse('The user', userSchema), ...problemResponses(HttpStatus.notFound) },
      },
    },
    async (request) => getUser(database, request.params.tenant, request.params.user),
  );

  app.patch(
    '/tenants/:tenant/users/:user',
    {
      schema: {
        summary: 'Change a user',
        tags: ['users'],
        headers: actorHeaders,
        params: userParams,
        body: userUpdateBody,
        response: {
          [HttpStatus.ok]: jsonResponse('The user as changed', userWithPasswordSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request) => updateUser(database, request.params.tenant, request.params.user, request.body, apiActor(request.headers), options),
  );

  app.put(
    '/tenants/:tenant/users/:user/password',
    {
      schema: {
        summary: 'Set a user’s SIP password, or have belay generate one',
        tags: ['users'],
        headers: actorHeaders,
        params: userParams,
        body: userPasswordBody,
        response: {
          [HttpStatus.ok]: jsonResponse('The user, with the generated password if one was asked for', userWithPasswordSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound),
        },
      },
    },
    async (request) =>
      setUserPassword(database, request.params.tenant, request.params.user, request.body, apiActor(request.headers), options),
  );

  app.delete(
    '/tenants/:tenant/users/:user',
    {
      schema: {
        summary: 'Delete a user (their devices stay, unassigned)',
        tags: ['users'],
        headers: actorHeaders,
        params: userParams,
        response: {
          [HttpStatus.noContent]: z.undefined().describe('Deleted'),
          ...problemResponses(HttpStatus.notFound, HttpStatus.conflict),
        },
      },
    },
    async (request, reply) => {
      await deleteUser(database, request.params.tenant, request.params.user, apiActor(request.headers), options);
      return reply.code(HttpStatus.noContent).send();
    },
  );
};
