import { z } from 'zod';
import { calendarDateSchema } from './calendar-date.js';
import { portRejectionCodeNames, portRejectionCodes } from './port-rejection-codes.js';

/**
 * Text kept exactly as typed (the holder's data as the old provider has it registered):
 * never trimmed or otherwise changed, but not blank and without control characters.
 */
const verbatimText = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .max(max, `must be at most ${max} characters`)
    .regex(/\S/, 'must not be blank')
    .regex(/^\P{Cc}*$/u, 'must not contain control characters');

/** A name people type to find something (provider, line id): trimmed. */
const lookupText = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

const clockTime = z.string({ error: 'must be a time HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

/** The order's data, each nullable so that it can be cleared while the order is still a draft. */
const portOrderDataShape = {
  holderName: verbatimText(200).nullable().optional().describe('The line holder exactly as registered at the old provider (kept verbatim)'),
  holderStreet: verbatimText(200).nullable().optional().describe('Street and house number exactly as registered (kept verbatim)'),
  holderPostalCode: verbatimText(20).nullable().optional().describe('Postal code as registered (kept verbatim)'),
  holderCity: verbatimText(200).nullable().optional().describe('Town as registered (kept verbatim)'),
  customerNumber: verbatimText(100).nullable().optional().describe('The customer number at the old provider (kept verbatim)'),
  signatoryName: verbatimText(200).nullable().optional().describe('The person authorised to sign for the holder'),
  signatoryRole: verbatimText(200).nullable().optional().describe('Their role, e.g. Geschäftsführerin'),
  requestedDate: calendarDateSchema.nullable().optional().describe('The port date asked for; null (with atContractEnd) for the end of the old contract'),
  atContractEnd: z.boolean({ error: 'must be true or false' }).optional().describe('Ask for the port at the end of the old contract'),
  contractEndDate: calendarDateSchema.nullable().optional().describe('When the old contract ends, if known: the dates are checked against it'),
  provisionalGraceDays: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(365, 'must be at most 365')
    .optional()
    .describe('Days the provisional numbers stay reachable after the port (default 30)'),
};

export const portOrderCreateSchema = z.strictObject({
  oldProvider: lookupText.describe('The old provider, as named on the legacy number blocks'),
  lineId: lookupText.describe('The old provider’s line id (the Anlagenanschluss), as on the legacy number blocks'),
  numbers: z
    .array(z.string({ error: 'must be a phone number' }), { error: 'must be a list of phone numbers' })
    .max(100_000, 'must have at most 100000 numbers')
    .optional()
    .describe('The numbers to port: every number of the line (the default when left out)'),
  ...portOrderDataShape,
});

export const portOrderUpdateSchema = z.strictObject(portOrderDataShape);

export const portOrderConfirmSchema = z
  .strictObject({
    date: calendarDateSchema.describe('The Wechseltermin'),
    windowStart: clockTime.optional().describe('Start of the porting window, German local time'),
    windowEnd: clockTime.optional().describe('End of the porting window, German local time'),
  })
  .refine((v) => (v.windowStart === undefined) === (v.windowEnd === undefined), { path: ['windowEnd'], message: 'give both ends of the porting window or neither' })
  .refine((v) => v.windowStart === undefined || v.windowEnd === undefined || v.windowStart < v.windowEnd, {
    path: ['windowEnd'],
    message: 'must be after windowStart',
  });

export const portOrderRejectSchema = z
  .strictObject({
    code: z.enum(portRejectionCodeNames, { error: `must be one of ${portRejectionCodeNames.join(', ')}` }).describe('The losing provider’s rejection code'),
    text: verbatimText(1000).optional().describe('The losing provider’s explanation (required with SON)'),
  })
  .refine((v) => !portRejectionCodes[v.code].needsText || v.text !== undefined, { path: ['text'], message: 'is required with SON' });

export const portOrderRescheduleSchema = z.strictObject({
  requestedDate: calendarDateSchema.describe('The new port date asked for (TVS-VA)'),
});

export const portOrderCancelSchema = z.strictObject({
  reason: verbatimText(1000).describe('Why the order is withdrawn'),
});
