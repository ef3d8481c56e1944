import { z } from 'zod';
import { CLASSES_OF_SERVICE, DEFAULT_CLASS_OF_SERVICE } from '../numbering/index.js';
import { displayNameSchema, requiredString } from '../text-fields.js';
import type { ForwardTarget } from './directory.js';
import { extensionProblem } from './extension.js';
import { forwardTargetText, parseForwardTarget } from './forward-target.js';
import { passwordProblem } from './sip-password.js';

/** Adds an issue for the message `problem` returns, if any. */
function checkedBy(problem: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx): void => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: 'custom', message });
  };
}

/** See `extension.ts`: 2–8 digits, not starting with 0, no emergency or special-service number. */
const extensionSchema = requiredString.trim().superRefine(checkedBy(extensionProblem));

/**
 * The username a phone authenticates with: 1–64 lowercase letters, digits, dots, underscores
 * and hyphens, starting with a letter or digit. Lowercase only, because Digest compares it
 * exactly and two usernames differing in case would confuse everyone.
 */
const sipUsernameSchema = requiredString
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9._-]*$/, 'may contain only lowercase letters, digits, dots, underscores and hyphens')
  .regex(/^[^._-]/, 'must start with a letter or digit');

const emailSchema = requiredString.trim().toLowerCase().pipe(z.email({ error: 'must be an e-mail address' }));

/** See `sip-password.ts`; that it does not contain the user's identifiers is checked with the user. */
const passwordSchema = requiredString.superRefine(checkedBy(passwordProblem));

/**
 * A forwarding target: as text (`201`, `+49 221 471123`, `0221 471123`) or in the form the
 * API returns (`{ kind: 'extension', extension }` or `{ kind: 'external', number }`); the
 * result is always the latter, external numbers in E.164.
 */
export const forwardTargetSchema = z
  .union(
    [
      z.string(),
      z.strictObject({ kind: z.literal('extension'), extension: z.string() }),
      z.strictObject({ kind: z.literal('external'), number: z.string() }),
    ],
    { error: 'must be an extension or a phone number' },
  )
  .transform((value, ctx): ForwardTarget => {
    const parsed = parseForwardTarget(typeof value === 'string' ? value : forwardTargetText(value));
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    if (typeof value !== 'string' && value.kind !== parsed.target.kind) {
      ctx.addIssue({ code: 'custom', message: `is ${parsed.target.kind === 'extension' ? 'an extension' : 'an external number'}, not of kind ${value.kind}` });
      return z.NEVER;
    }
    return parsed.target;
  })
  .describe('An extension of the same tenant or an external number: `"201"`, `"+49 221 471123"`, `"0221 471123"`, or `{ "kind": "extension", "extension": "201" }` / `{ "kind": "external", "number": "+49221471123" }`');

/** A number rung in parallel with the user's devices: external only (written as a forwarding target is). */
const ringExternalSchema = z
  .string({ error: 'must be a phone number' })
  .transform((value, ctx): string => {
    const parsed = parseForwardTarget(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
    else if (parsed.target.kind !== 'external') ctx.addIssue({ code: 'custom', message: 'must be an external number (the user’s devices ring for their extension anyway)' });
    return parsed.ok && parsed.target.kind === 'external' ? parsed.target.number : z.NEVER;
  })
  .describe('An external number rung in parallel with the user’s devices (a mobile, the old phone): `"+49 171 2345678"`, `"0171 2345678"`');

const classOfServiceSchema = z
  .enum(CLASSES_OF_SERVICE, { error: `must be one of ${CLASSES_OF_SERVICE.join(', ')}` })
  .describe(`What the user may dial out to, each including the ones before: ${CLASSES_OF_SERVICE.join(', ')} (default ${DEFAULT_CLASS_OF_SERVICE}); emergency calls always`);

const clirSchema = z.boolean({ error: 'must be true or false' }).describe('Withhold the user’s number on outbound calls (the network number still travels)');

const noAnswerSecondsRange = { min: 5, max: 120, default: 20 } as const;

const noAnswerSchema = z.strictObject({
  target: forwardTargetSchema,
  seconds: z
    .int({ error: 'must be a whole number of seconds' })
    .min(noAnswerSecondsRange.min, `must be at least ${noAnswerSecondsRange.min}`)
    .max(noAnswerSecondsRange.max, `must be at most ${noAnswerSecondsRange.max}`)
    .default(noAnswerSecondsRange.default)
    .describe('How long the user’s devices ring first (5–120, default 20)'),
});

/** Call forwarding; on update each kind given replaces that kind, `null` removes it, kinds left out stay. */
export const forwardingSchema = z.strictObject({
  always: forwardTargetSchema.nullable().optional().describe('Forward every call'),
  busy: forwardTargetSchema.nullable().optional().describe('Forward when busy'),
  noAnswer: noAnswerSchema.nullable().optional().describe('Forward when not answered in time'),
  unregistered: forwardTargetSchema.nullable().optional().describe('Forward when no device is registered'),
});

/** Either a password or `generatePassword: true`, never both. */
function onePasswordSource(value: { readonly password?: string | undefined; readonly generatePassword?: boolean | undefined }, ctx: z.RefinementCtx): void {
  if (value.password !== undefined && value.generatePassword === true) {
    ctx.addIssue({ code: 'custom', path: ['generatePassword'], message: 'cannot be combined with a password' });
  }
}

const generatePasswordSchema = z
  .boolean({ error: 'must be true or false' })
  .optional()
  .describe('Let belay choose a strong password and return it once, in this response');

export const userCreateSchema = z
  .strictObject({
    extension: extensionSchema,
    name: displayNameSchema,
    email: emailSchema.nullable().optional(),
    sipUsername: sipUsernameSchema.optional().describe('Defaults to the extension'),
    password: passwordSchema.optional().describe('The SIP password; stored only as Digest HA1 hashes'),
    generatePassword: generatePasswordSchema,
    dnd: z.boolean({ error: 'must be true or false' }).optional().describe('Do not disturb'),
    forwarding: forwardingSchema.optional(),
    classOfService: classOfServiceSchema.optional(),
    clir: clirSchema.optional(),
    ringExternal: ringExternalSchema.nullable().optional(),
  })
  .superRefine(onePasswordSource);

export const userUpdateSchema = z
  .strictObject({
    extension: extensionSchema.optional(),
    name: displayNameSchema.optional(),
    email: emailSchema.nullable().optional().describe('null removes it'),
    sipUsername: sipUsernameSchema.optional().describe('A change needs a new password too'),
    password: passwordSchema.optional(),
    generatePassword: generatePasswordSchema,
    dnd: z.boolean({ error: 'must be true or false' }).optional(),
    forwarding: forwardingSchema.optional(),
    classOfService: classOfServiceSchema.optional(),
    clir: clirSchema.optional(),
    ringExternal: ringExternalSchema.nullable().optional().describe('null removes it'),
  })
  .superRefine(onePasswordSource);

export const userPasswordSchema = z
  .strictObject({
    password: passwordSchema.optional(),
    generate: z.boolean({ error: 'must be true or false' }).optional().describe('Let belay choose the password and return it once'),
  })
  .superRefine((value, ctx) => {
    if ((value.password !== undefined) === (value.generate === true)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give either a password or generate: true' });
    }
  });

const maxBulkUsers = 10_000;

export const usersBulkSchema = z.strictObject({
  users: z
    .array(userCreateSchema, { error: 'must be a list of users' })
    .min(1, 'must not be empty')
    .max(maxBulkUsers, `must hold at most ${maxBulkUsers} users`),
});

/** A page request for the user list; numbers may arrive as query-string text. */
export const userPageSchema = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  after: z.string({ error: 'must be a string' }).optional(),
  extension: z.string({ error: 'must be a string' }).optional().describe('Only the user with this extension'),
});
