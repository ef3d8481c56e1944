import type { z } from 'zod';
import { DomainError } from './errors.js';
import type { FieldError } from './errors.js';

/** One entry per problem zod found, named by the field's dotted path; an unknown key is its own entry. */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path.map(String), key].join('.'), message: 'is not a known field' }))
      : [{ field: issue.path.map(String).join('.'), message: issue.message }],
  );
}

/** The `validation_failed` error for these fields: `invalid <what>: slug must …; name is required`. */
export function validationFailed(what: string, fields: readonly FieldError[]): DomainError {
  const summary = fields.map((f) => (f.field ? `${f.field} ${f.message}` : f.message)).join('; ');
  return new DomainError('validation_failed', `invalid ${what}: ${summary}`, fields);
}

/** The input parsed by `schema`, or a `validation_failed` error naming every bad field. */
export function validateInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(what, zodFieldErrors(result.error));
}
