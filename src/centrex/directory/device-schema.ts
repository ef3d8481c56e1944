import { z } from 'zod';
import { displayNameSchema, requiredString } from '../text-fields.js';
import { parseMacAddress } from './mac-address.js';

const macAddressSchema = requiredString
  .transform((text, ctx) => {
    const parsed = parseMacAddress(text);
    if (parsed.ok) return parsed.mac;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  })
  .describe('Any common notation; stored and shown as 12 lowercase hex digits');

/** Vendor and model as free text until provisioning knows them: trimmed, 1–100 characters. */
const productText = requiredString.trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** The user a device is assigned to: id or extension; null for none. */
const assignedUser = z
  .string({ error: 'must be a user id or extension' })
  .trim()
  .min(1, 'must be a user id or extension')
  .nullable()
  .describe('The user (id or extension) the device belongs to; null for none');

export const deviceCreateSchema = z.strictObject({
  label: displayNameSchema.describe('What people call it, e.g. "Reception" or "Erika’s desk phone"'),
  mac: macAddressSchema,
  vendor: productText.nullable().optional().describe('e.g. Yealink'),
  model: productText.nullable().optional().describe('e.g. T54W'),
  user: assignedUser.optional(),
});

export const deviceUpdateSchema = z.strictObject({
  label: displayNameSchema.optional(),
  mac: macAddressSchema.optional(),
  vendor: productText.nullable().optional(),
  model: productText.nullable().optional(),
  user: assignedUser.optional(),
});

export const devicePageSchema = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  after: z.string({ error: 'must be a string' }).optional(),
  user: z.string({ error: 'must be a string' }).optional().describe('Only the devices of this user (id or extension)'),
});
