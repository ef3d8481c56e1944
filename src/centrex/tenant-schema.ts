import { z } from 'zod';
import { displayNameSchema, requiredString } from './text-fields.js';

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
export const tenantNameSchema = displayNameSchema;

const dnsLabel = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const dnsName = new RegExp(`^(?:${dnsLabel}\\.)+${dnsLabel}$`);

/**
 * A DNS name (RFC 1035 §2.3.1) of two or more labels, compared and stored in lowercase: what a
 * tenant's SIP domain (and Digest realm) is, e.g. `acme.pbx.example.net`. The last label may
 * not be all digits, so an IPv4 address is not taken for a name.
 */
export const dnsNameSchema = requiredString
  .trim()
  .toLowerCase()
  .max(253, 'must be at most 253 characters')
  .regex(
    dnsName,
    'must be a DNS name such as acme.pbx.example.net: two or more labels of letters, digits and hyphens separated by dots, each at most 63 characters and neither starting nor ending with a hyphen',
  )
  .refine((name) => !/\.[0-9]+$/.test(name), 'must be a DNS name, not an IP address');

export const tenantCreateSchema = z.strictObject({
  slug: tenantSlugSchema,
  name: tenantNameSchema,
  sipDomain: dnsNameSchema.optional().describe('The SIP domain and Digest realm; default `<slug>.<BELAY_SIP_DOMAIN>`'),
});

export const tenantUpdateSchema = z.strictObject({
  slug: tenantSlugSchema.optional(),
  name: tenantNameSchema.optional(),
  sipDomain: dnsNameSchema.optional().describe('A new SIP domain (and Digest realm)'),
  resetPasswords: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .describe('Let a SIP domain change clear the users’ SIP passwords, which are hashed with the domain as realm'),
  receptionExtension: requiredString
    .trim()
    .nullable()
    .optional()
    .describe('The extension calls to the tenant’s numbers without an employee go to (a user’s); null removes it'),
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
