import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, errorCatalogue, isDomainError } from '../kernel/index.js';
import type { ErrorCode, FieldError } from '../kernel/index.js';
import { HttpStatus } from './http-status.js';

/**
 * The one error handler: every failure leaves the API as an RFC 9457 problem body
 * (`application/problem+json`). Domain errors map through the catalogue in src/kernel,
 * schema validation failures name each field, anything unexpected is a 500 whose details
 * stay in the log (found by the request id the body carries).
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json' as const;


const fieldErrorSchema = z.object({
  field: z.string().describe('Path of the offending field, e.g. `slug` or `numbers.0.e164`'),
  message: z.string(),
});

export const problemSchema = z
  .object({
    type: z.string().describe('URI naming the kind of problem, e.g. `urn:belay:problem:conflict`'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().describe('The request path the problem occurred on'),
    requestId: z.string().describe('Identifies the request in the server log'),
    errors: z.array(fieldErrorSchema).optional().describe('One entry per invalid field (validation problems only)'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem detail' });

export type Problem = z.infer<typeof problemSchema>;

/** How a route declares a problem response: its description and the problem+json body. */
export interface ProblemResponse {
  readonly description: string;
  readonly content: { readonly [PROBLEM_CONTENT_TYPE]: { readonly schema: typeof problemSchema } };
}

/** Response entries for the problem statuses a route can answer with (for its OpenAPI entry and serializer). */
export function problemResponses<S extends number>(...statuses: readonly S[]): Record<S, ProblemResponse> {
  const entry = (status: number): ProblemResponse => ({
    description: `Problem: ${STATUS_CODES[status] ?? status}`,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } },
  });
  return Object.fromEntries(statuses.map((s) => [s, entry(s)])) as Record<S, ProblemResponse>;
}

/** Fastify's own client errors that correspond to a catalogue code. */
const codeForStatus: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.badRequest]: 'malformed_request',
  [HttpStatus.notFound]: 'not_found',
  [HttpStatus.payloadTooLarge]: 'payload_too_large',
  [HttpStatus.tooManyRequests]: 'rate_limited',
};

function problemFor(code: ErrorCode, detail: string, request: FastifyRequest, fields: readonly FieldError[] = []): Problem {
  const spec = errorCatalogue[code];
  return {
    type: `urn:belay:problem:${code}`,
    title: spec.title,
    status: spec.http,
    detail,
    instance: request.url,
    requestId: request.id,
    ...(fields.length > 0 ? { errors: [...fields] } : {}),
  };
}

function genericProblem(status: number, detail: string, request: FastifyRequest): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: request.url,
    requestId: request.id,
  };
}

/** `/numbers/0/e164` → `numbers.0.e164`; the whole body (or query) → its context name. */
function fieldPath(instancePath: string, context: string | undefined): string {
  const path = instancePath.split('/').filter((p) => p !== '').join('.');
  return path === '' ? (context ?? 'body') : path;
}

function isFastifyClientError(error: unknown): error is FastifyError & { statusCode: number } {
  if (!(error instanceof Error)) return false;
  const status = (error as FastifyError).statusCode;
  return typeof status === 'number' && status >= HttpStatus.badRequest && status < HttpStatus.internalServerError;
}

function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.flatMap((v): FieldError[] => {
      const keys = v.keyword === 'unrecognized_keys' ? v.params['keys'] : undefined;
      return Array.isArray(keys)
        ? keys.map((key) => ({ field: fieldPath(`${v.instancePath}/${String(key)}`, undefined), message: 'is not a known field' }))
        : [{ field: fieldPath(v.instancePath, error.validationContext), message: v.message ?? 'is invalid' }];
    });
    return problemFor('validation_failed', fields.map((f) => `${f.field}: ${f.message}`).join('; '), request, fields);
  }
  if (isDomainError(error)) return problemFor(error.code, error.message, request, error.fields);
  if (isFastifyClientError(error)) {
    const code = codeForStatus[error.statusCode];
    return code ? problemFor(code, error.message, request) : genericProblem(error.statusCode, error.message, request);
  }
  return genericProblem(
    HttpStatus.internalServerError,
    `The request could not be completed because of an internal error; the server log has details under request id ${request.id}.`,
    request,
  );
}

/** Installs the error and not-found handlers on the root instance (so they cover every route). */
export function installProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= HttpStatus.internalServerError) request.log.error({ err: error }, 'request failed');
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = toProblem(new DomainError('not_found', `There is no route ${request.method} ${request.url.split('?')[0]}.`), request);
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
}
