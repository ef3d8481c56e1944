import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  checkPresentedNumber,
  emergencyNumberFor,
  getTenant,
  getUser,
  identityFor,
  refreshTelephony,
  TELEPHONY_CHECK_CODES,
  telephonyChecks,
} from '../centrex/index.js';
import type { Directory, InMemoryTelephony, PresentedNumberVerdict } from '../centrex/index.js';
import { DomainError } from '../kernel/index.js';
import { NUMBER_STATES } from '../migration/index.js';
import type { Database } from '../store/index.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

/** The live read models the telephony routes answer from (see `loadTelephony`, `loadDirectory`). */
export interface LiveTelephony {
  readonly model: InMemoryTelephony;
  readonly directory: Directory;
}

export interface TelephonyRoutesOptions {
  readonly database: Database;
  /** Without it (a process that serves only the API) these routes answer 503. */
  readonly telephony: LiveTelephony | undefined;
}

const e164 = z.string().describe('E.164, e.g. +49221471123');

const identitySchema = z
  .object({
    userId: z.uuid(),
    tenantId: z.uuid(),
    extension: z.string(),
    numbers: z
      .object({
        siteId: z.uuid().nullable(),
        legacy: e164.nullable().describe('The number at the old provider'),
        provisional: e164.nullable().describe('The number on the new trunk used until the port'),
        ported: e164.nullable().describe('The legacy number once ported to the new trunk'),
        state: z.enum(NUMBER_STATES),
      })
      .nullable()
      .describe('The employee’s numbers from the migration inventory; null for a user without a migration record'),
    identity: z
      .object({
        upn: e164.nullable().describe('The presented number (user-provided number)'),
        npn: e164.nullable().describe('The network number (network-provided number)'),
        phase: z.enum(['before', 'parallel', 'ported']),
        onOldSystem: z.boolean().describe('Still served by the old system: calls to the employee go out to the legacy number'),
        why: z.string(),
      })
      .describe('Who the employee is to the network now; the fallback number is the default number of the trunk the tenant’s calls try first'),
    presented: z
      .object({
        number: e164,
        allowed: z.boolean(),
        rule: z.enum(['not-held', 'foreign', 'emergency', 'premium', 'special', 'directory-enquiry', 'invalid']).nullable(),
        reason: z.string().nullable(),
      })
      .nullable()
      .describe('Whether the presented number may be shown (§ 120 TKG); a refused one is replaced by the network number on calls. Null without a presented number'),
    emergency: z
      .object({ number: e164.nullable(), problem: z.string().nullable() })
      .describe('The network number of an emergency call (110/112), or why there is none'),
  })
  .meta({ id: 'UserIdentity', description: 'The numbers a user is known by on the public network' });

const checksSchema = z
  .object({
    items: z
      .array(
        z.object({
          code: z.enum(TELEPHONY_CHECK_CODES),
          message: z.string(),
          siteId: z.uuid().nullable().optional(),
          userIds: z.array(z.uuid()).readonly().optional(),
          trunkId: z.uuid().optional(),
        }),
      )
      .readonly(),
  })
  .meta({ id: 'TelephonyChecks', description: 'Configuration errors that would break the tenant’s calls once it goes live; empty when there are none' });

function presentedOf(number: string, verdict: PresentedNumberVerdict): z.infer<typeof identitySchema>['presented'] {
  return verdict.allowed ? { number, allowed: true, rule: null, reason: null } : { number, allowed: false, rule: verdict.rule, reason: verdict.reason };
}

function running(telephony: LiveTelephony | undefined): LiveTelephony {
  if (!telephony) throw new DomainError('unavailable', 'the telephony read model is not loaded in this process');
  return telephony;
}

/** `/tenants/:tenant/users/:user/identity` and `/tenants/:tenant/telephony/checks` under the API prefix. */
export const telephonyRoutes: FastifyPluginAsyncZod<TelephonyRoutesOptions> = async (app, { database, telephony }) => {
  app.get(
    '/tenants/:tenant/users/:user/identity',
    {
      schema: {
        summary: 'Show the numbers a user presents and is known by, and whether they may be presented',
        tags: ['telephony'],
        params: tenantParams.extend({ user: z.string().min(1).max(200).describe('The user id or extension') }),
        response: {
          [HttpStatus.ok]: jsonResponse('The user’s identity', identitySchema),
          ...problemResponses(HttpStatus.notFound, HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request) => {
      const { model } = running(telephony);
      const user = await getUser(database, request.params.tenant, request.params.user);
      // read what has been committed up to now, from this process or another
      await refreshTelephony(model, database);
      const numbers = model.numbersOf(user.id);
      // as on a call: the default number of the trunk tried first
      const fallback = model.trunksFor(user.tenantId)[0]?.defaultNumber ?? null;
      const identity = identityFor(numbers, fallback);
      const site = numbers?.siteId == null ? undefined : model.site(numbers.siteId);
      const emergency = emergencyNumberFor(numbers, site, (n) => model.siteOfNumber(n));
      return {
        userId: user.id,
        tenantId: user.tenantId,
        extension: user.extension,
        numbers: numbers ? { siteId: numbers.siteId, legacy: numbers.legacy, provisional: numbers.provisional, ported: numbers.ported, state: numbers.state } : null,
        identity,
        presented: identity.upn === null ? null : presentedOf(identity.upn, checkPresentedNumber(identity.upn, (n) => model.holds(user.tenantId, n))),
        emergency: 'npn' in emergency ? { number: emergency.npn, problem: null } : { number: null, problem: emergency.problem },
      };
    },
  );

  app.get(
    '/tenants/:tenant/telephony/checks',
    {
      schema: {
        summary: 'List the configuration errors that would break the tenant’s calls once it goes live',
        tags: ['telephony'],
        params: tenantParams,
        response: {
          [HttpStatus.ok]: jsonResponse('The configuration errors', checksSchema),
          ...problemResponses(HttpStatus.notFound, HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request) => {
      const { model, directory } = running(telephony);
      const tenant = await getTenant(database, request.params.tenant);
      await refreshTelephony(model, database);
      return { items: telephonyChecks(tenant.id, model, directory) };
    },
  );
};
