import { expect } from 'vitest';
import { problemSchema } from '../../../src/http/index.js';
import type { Problem } from '../../../src/http/index.js';

/** What `app.inject` answers, as far as these tests read it. */
export interface Reply {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  json(): unknown;
}

/** The body of a reply with `status` (200 unless said). */
export function ok<T>(res: Reply, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

/** The RFC 9457 problem of a reply with `status`. */
export function problemOf(res: Reply, status: number): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return problemSchema.parse(res.json());
}
