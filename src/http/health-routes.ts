import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { DomainError } from '../kernel/index.js';
import type { Database } from '../store/index.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';

export interface HealthRoutesOptions {
  readonly database: Database;
}

/** `GET /healthz`: the process answers. `GET /readyz`: it can also reach its database. */
export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, { database }) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process is running',
        tags: ['operations'],
        response: { [HttpStatus.ok]: jsonResponse('The process is running', z.object({ status: z.literal('ok') })) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the database answers a trivial query',
        tags: ['operations'],
        response: {
          [HttpStatus.ok]: jsonResponse('The database answers', z.object({ status: z.literal('ready') })),
          ...problemResponses(HttpStatus.serviceUnavailable),
        },
      },
    },
    async (request) => {
      try {
        await sql`select 1`.execute(database.db);
      } catch (err) {
        request.log.warn({ err }, 'readiness check: database unreachable');
        throw new DomainError('unavailable', 'The database is not reachable.');
      }
      return { status: 'ready' as const };
    },
  );
};
