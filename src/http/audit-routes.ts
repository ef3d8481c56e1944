import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPageSchema, listAuditRecords } from '../migration/index.js';
import type { AuditPage, Database } from '../store/index.js';
import { HttpStatus } from './http-status.js';
import { jsonResponse } from './json-response.js';
import { problemResponses } from './problem-handler.js';

export interface AuditRoutesOptions {
  readonly database: Database;
}

const auditRecordSchema = z
  .object({
    id: z.number().int().describe('1, 2, 3, … without gaps'),
    tenantId: z.string().nullable().describe('null for provider-level changes'),
    actorKind: z.string(),
    actorId: z.string(),
    action: z.string().describe('e.g. migration_project.advance'),
    entityType: z.string(),
    entityId: z.string(),
    at: z.iso.datetime().describe('ISO-8601, UTC'),
    before: z.unknown().describe('The entity before the change; null on creation'),
    after: z.unknown().describe('The entity after the change; null on deletion'),
    prevHash: z.string().describe('The hash of the previous record (SHA-256, hex)'),
    hash: z.string().describe('SHA-256 over this record’s fields and prevHash'),
  })
  .meta({ id: 'AuditRecord', description: 'One record of the append-only, hash-chained audit log' });

const auditPageResponse = z
  .object({
    items: z.array(auditRecordSchema).readonly(),
    next: z.number().int().nullable().describe('Pass as `after` for the next page; null on the last page'),
  })
  .meta({ id: 'AuditPage', description: 'One page of the audit log, oldest first' }) satisfies z.ZodType<AuditPage>;

/** `/audit`: the audit log, a page at a time. */
export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, { database }) => {
  app.get(
    '/audit',
    {
      schema: {
        summary: 'List the audit log, oldest first, a page at a time',
        tags: ['audit'],
        querystring: auditPageSchema,
        response: { [HttpStatus.ok]: jsonResponse('A page of audit records', auditPageResponse), ...problemResponses(HttpStatus.badRequest, HttpStatus.notFound) },
      },
    },
    async (request) => listAuditRecords(database, request.query),
  );
};
