import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { liftSourceBlock } from '../centrex/index.js';
import type { SipService } from '../centrex/index.js';
import { DomainError } from '../kernel/index.js';
import type { Database } from '../store/index.js';
import { actorHeaders, apiActor } from './api-actor.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';

export interface SecurityRoutesOptions {
  readonly database: Database;
  /** The running SIP service; without it (an API-only process) these routes answer 503. */
  readonly sip: SipService | undefined;
}

const blockSchema = z
  .object({
    address: z.string().describe('The blocked source IP address'),
    since: z.iso.datetime().describe('ISO-8601, UTC'),
    until: z.iso.datetime().describe('When the block ends by itself; ISO-8601, UTC'),
    failures: z.number().int().describe('Failed authentications within the window that caused the block'),
  })
  .meta({ id: 'SourceBlock', description: 'A source address whose SIP messages are dropped after repeated authentication failures' });

const blockListSchema = z.object({ items: z.array(blockSchema).readonly() }).meta({ id: 'SourceBlockList', description: 'Blocks in force, oldest first' });

function running(sip: SipService | undefined): SipService {
  if (!sip) throw new DomainError('unavailable', 'the SIP service does not run in this process');
  return sip;
}

/** `/security/blocks` under the API prefix: the abuse guard's blocks, listed and lifted. */
export const securityRoutes: FastifyPluginAsyncZod<SecurityRoutesOptions> = async (app, { database, sip }) => {
  app.get(
    '/security/blocks',
    {
      schema: {
        summary: 'List the SIP source addresses blocked after repeated authentication failures',
        tags: ['security'],
        response: { [HttpStatus.ok]: jsonResponse('The blocks in force', blockListSchema), ...problemResponses(HttpStatus.serviceUnavailable) },
      },
    },
    async () => {
      const iso = (ms: number): string => new Date(ms).toISOString();
      return { items: running(sip).guard.blocks().map((b) => ({ address: b.address, since: iso(b.since), until: iso(b.until), failures: b.failures })) };
    },
  );

  app.delete(
    '/security/blocks/:address',
    {
      schema: {
        summary: 'Lift the block on a source address',
        tags: ['security'],
        headers: actorHeaders,
        params: z.object({ address: z.string().min(1).max(100).describe('The blocked IP address') }),
        response: {
          [HttpStatus.noContent]: z.undefined().describe('Lifted'),
          ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound, HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request, reply) => {
      await liftSourceBlock(database, running(sip), request.params.address, apiActor(request.headers));
      return reply.code(HttpStatus.noContent).send();
    },
  );
};
