import { z } from 'zod';

const requiredString = z.string({
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string'),
});

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text has the 8-4-4-4-12 hex form of a UUID (any version, any case). */
export function looksLikeUuid(text: string): boolean {
  return uuidShape.test(text);
}

/**
 * A tenant's slug is a DNS label (RFC 1035 §2.3.1, RFC 5891 §4.2.3.1), because it names the
 * tenant's SIP domain: 2–63 lowercase letters, digits and hyphens, starting with a letter,
 * not ending in a hyphen, no `--` in positions 3–4 (reserved for `xn--` names). It may not
 * look like a UUID, so a tenant is addressed unambiguously by id or slug.
 */
export const tenantSlugSchema = requiredString
  .min(2, 'must be at least 2 characters')
  .max(63, 'must be at most 63 characters (a DNS label)')
  .regex(/^[a-z0-9-]*$/, 'may contain only lowercase letters, digits and hyphens')
  .regex(/^[^0-9-]/, 'must start with a letter') // other characters: refused above
  .refine((slug) => !slug.endsWith('-'), 'must not end with a hyphen')
  .refine((slug) => slug.slice(2, 4) !== '--', 'must not have hyphens in the third and fourth positions')
  .refine((slug) => !looksLikeUuid(slug), 'must not have the form of a UUID');

/** The tenant's display name: trimmed, 1–200 characters, no control characters. */
export const tenantNameSchema = requiredString
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^\P{Cc}*$/u, 'must not contain control characters');

export const tenantCreateSchema = z.strictObject({ slug: tenantSlugSchema, name: tenantNameSchema });

export const tenantUpdateSchema = z.strictObject({
  slug: tenantSlugSchema.optional(),
  name: tenantNameSchema.optional(),
});

/** A page request for the tenant list; numbers may arrive as query-string text. */
export const tenantPageSchema = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .optional(),
  after: z.string({ error: 'must be a string' }).optional(),
});
