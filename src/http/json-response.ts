import type { z } from 'zod';

/** A route's JSON response entry with a description (which the OpenAPI document shows). */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T): { description: string; content: { 'application/json': { schema: T } } } {
  return { description, content: { 'application/json': { schema } } };
}
