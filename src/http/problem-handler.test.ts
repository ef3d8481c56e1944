import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../kernel/index.js';
import { PROBLEM_CONTENT_TYPE, installProblemHandler, problemSchema } from './problem-handler.js';

describe('the problem handler', () => {
  let app: FastifyInstance;
  const logged: unknown[] = [];

  beforeAll(async () => {
    app = Fastify({
      bodyLimit: 100,
      logger: { level: 'error', stream: { write: (line: string) => void logged.push(JSON.parse(line)) } },
    });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installProblemHandler(app);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    typed.post(
      '/things',
      { schema: { body: z.object({ slug: z.string().min(2), tags: z.array(z.string()).optional() }) } },
      async () => ({ ok: true }),
    );
    typed.post('/strict', { schema: { body: z.strictObject({ slug: z.string() }) } }, async () => ({ ok: true }));
    typed.get('/things', { schema: { querystring: z.object({ limit: z.coerce.number().int().min(1) }) } }, async () => []);
    typed.get('/conflict', async () => {
      throw new DomainError('conflict', 'tenant "acme" already exists', [{ field: 'slug', message: 'is taken' }]);
    });
    typed.get('/bug', async () => {
      throw new Error('secret connection string postgres://u:p@h/db');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const problemOf = (res: { headers: Record<string, unknown>; json(): unknown }) => {
    expect(res.headers['content-type']).toMatch(PROBLEM_CONTENT_TYPE);
    return problemSchema.parse(res.json());
  };

  it('names every invalid body field by its path', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { slug: 'x', tags: ['ok', 7] } });
    expect(res.statusCode).toBe(400);
    const problem = problemOf(res);
    expect(problem).toMatchObject({ type: 'urn:belay:problem:validation_failed', title: 'Validation failed', status: 400, instance: '/things' });
    expect(problem.errors?.map((e) => e.field)).toEqual(['slug', 'tags.1']);
    expect(problem.detail).toContain('slug:');
  });

  it('names each unknown field of a strict body', async () => {
    const problem = problemOf(await app.inject({ method: 'POST', url: '/strict', payload: { slug: 'ab', colour: 'red', size: 2 } }));
    expect(problem.errors).toEqual([
      { field: 'colour', message: 'is not a known field' },
      { field: 'size', message: 'is not a known field' },
    ]);
  });

  it('names the query parameter, and the whole body when it is missing', async () => {
    const query = problemOf(await app.inject({ method: 'GET', url: '/things?limit=0' }));
    expect(query.errors?.map((e) => e.field)).toEqual(['limit']);
    const body = problemOf(await app.inject({ method: 'POST', url: '/things' }));
    expect(body.errors?.map((e) => e.field)).toEqual(['body']);
  });

  it('answers a body that is not JSON with a 400 problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"slug":' });
    expect(res.statusCode).toBe(400);
    expect(problemOf(res)).toMatchObject({ type: 'urn:belay:problem:malformed_request', status: 400 });
  });

  it('answers a body over the limit with a 413 problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { slug: 'x'.repeat(200) } });
    expect(res.statusCode).toBe(413);
    expect(problemOf(res)).toMatchObject({ type: 'urn:belay:problem:payload_too_large', status: 413 });
  });

  it('answers an unsupported content type with a 415 problem', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(res.statusCode).toBe(415);
    expect(problemOf(res)).toMatchObject({ type: 'about:blank', title: 'Unsupported Media Type', status: 415 });
  });

  it('maps a domain error through the catalogue, keeping its fields', async () => {
    const res = await app.inject({ method: 'GET', url: '/conflict' });
    expect(res.statusCode).toBe(409);
    expect(problemOf(res)).toMatchObject({
      type: 'urn:belay:problem:conflict',
      title: 'Conflict',
      detail: 'tenant "acme" already exists',
      errors: [{ field: 'slug', message: 'is taken' }],
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/nowhere?x=1' });
    expect(res.statusCode).toBe(404);
    expect(problemOf(res)).toMatchObject({ type: 'urn:belay:problem:not_found', detail: 'There is no route DELETE /nowhere.' });
  });

  it('hides what went wrong inside a 500, and logs it under the request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/bug' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('postgres');
    const problem = problemOf(res);
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(problem.detail).toContain(problem.requestId);
    expect(logged).toContainEqual(expect.objectContaining({ reqId: problem.requestId, err: expect.objectContaining({ message: expect.stringContaining('postgres') }) }));
  });
});
