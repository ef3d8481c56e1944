import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS, FORWARDING_REASONS, callRecordQuerySchema, getTenant, listCallRecords } from '../centrex/index.js';
import type { ActiveCall, ActiveCallSource, CallRecord } from '../centrex/index.js';
import { DomainError } from '../kernel/index.js';
import type { Database } from '../store/index.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';
import { tenantParams } from './tenants-routes.js';

export interface CdrRoutesOptions {
  readonly database: Database;
  /** The calls in progress (the B2BUA); without it (an API-only process) the live list answers 503. */
  readonly calls: ActiveCallSource | undefined;
}

const partySchema = z
  .object({
    userId: z.string().nullable(),
    extension: z.string().nullable(),
    uri: z.string().describe('The caller as the callee was shown (an external caller as `sip:+49…@<tenant domain>`)'),
    name: z.string().nullable(),
  })
  .meta({ id: 'CallParty' });

const deviceSchema = z
  .object({
    userId: z.string(),
    extension: z.string(),
    contact: z.string().describe('The registered Contact of the device that answered'),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'AnsweringDevice' });

const hopSchema = z
  .object({ from: z.string(), to: z.string(), reason: z.enum(FORWARDING_REASONS) })
  .meta({ id: 'ForwardingHop', description: 'A call forwarded from an extension to an extension or number, and why (RFC 5806 reasons)' });

const timestamp = z.iso.datetime().describe('ISO-8601, UTC');

const direction = z.enum(CALL_DIRECTIONS).describe('internal (between users), outbound (over a trunk) or inbound (from a trunk)');
const trunkId = z.string().nullable().describe('The trunk the call went out on (the one that answered, else the last one tried) or came in on');
const emergency = z.boolean().describe('A call to 110 or 112');

const callRecordSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    startedAt: timestamp,
    answeredAt: timestamp.nullable(),
    endedAt: timestamp,
    caller: partySchema,
    dialled: z.string().describe('The extension (or number) dialled'),
    answeredBy: deviceSchema.nullable().describe('The device that answered; null when nobody did or an external number answered'),
    forwarding: z.array(hopSchema).readonly(),
    disposition: z.enum(CALL_DISPOSITIONS),
    sipStatus: z.number().int().describe('The final status of the call setup toward the caller'),
    durationMs: z.number().int().describe('From answer to end'),
    direction,
    trunkId,
    presentedNumber: z.string().nullable().describe('E.164: the number presented to an external callee, or the external caller’s number on an inbound call'),
    networkNumber: z.string().nullable().describe('E.164: the network number sent to the trunk'),
    identityNote: z.string().nullable().describe('Why the identity is not the usual one, e.g. why a presented number was replaced'),
    originalCalled: z.string().nullable().describe('E.164: the number originally dialled when the network forwarded the call to belay'),
    diversionReason: z.string().nullable().describe('The reason the network gave for that forwarding'),
    emergency,
    blockReason: z.string().nullable().describe('Why the caller’s class of service refused the call'),
  })
  .meta({ id: 'CallRecord', description: 'One finished call' }) satisfies z.ZodType<CallRecord>;

const callRecordListSchema = z
  .object({
    items: z.array(callRecordSchema).readonly(),
    next: z.string().nullable().describe('Pass as `after` to get the next page; null on the last page'),
  })
  .meta({ id: 'CallRecordList', description: 'One page of call records, newest first' });

const activeCallSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    state: z.enum(['ringing', 'answered']),
    startedAt: timestamp,
    answeredAt: timestamp.nullable(),
    caller: partySchema,
    dialled: z.string(),
    ringing: z.string().nullable().describe('The extension whose devices ring (or that answered), or the external number rung over a trunk'),
    answeredBy: deviceSchema.nullable(),
    forwarding: z.array(hopSchema).readonly(),
    direction,
    trunkId,
    emergency,
  })
  .meta({ id: 'ActiveCall', description: 'A call in progress' }) satisfies z.ZodType<ActiveCall>;

const activeCallListSchema = z.object({ items: z.array(activeCallSchema).readonly() }).meta({ id: 'ActiveCallList' });

/** `/tenants/:tenant/calls` under the API prefix: the call records, and the calls in progress. */
export const cdrRoutes: FastifyPluginAsyncZod<CdrRoutesOptions> = async (app, { database, calls }) => {
  app.get(
    '/tenants/:tenant/calls',
    {
      schema: {
        summary: 'List the tenant’s finished calls, newest first',
        tags: ['calls'],
        params: tenantParams,
        querystring: callRecordQuerySchema,
        response: {
          [HttpStatus.ok]: jsonResponse('A page of call records', callRecordListSchema),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound),
        },
      },
    },
    async (request) => listCallRecords(database, request.params.tenant, request.query),
  );

  app.get(
    '/tenants/:tenant/calls/active',
    {
      schema: {
        summary: 'List the tenant’s calls in progress',
        tags: ['calls'],
        params: tenantParams,
        response: {
          [HttpStatus.ok]: jsonResponse('The calls ringing or answered now', activeCallListSchema),
          ...problemResponses(HttpStatus.notFound, HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request) => {
      if (!calls) throw new DomainError('unavailable', 'calls are not handled in this process');
      const tenant = await getTenant(database, request.params.tenant);
      return { items: calls.activeCalls(tenant.id) };
    },
  );
};
