import { z } from 'zod';

const personText = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const forwardingRequestSchema = z.strictObject({
  employees: z
    .array(z.string({ error: 'must be an extension or a migration employee id' }).trim().min(1, 'must not be empty'), { error: 'must be a list' })
    .min(1, 'must name at least one employee')
    .max(100_000, 'must name at most 100000 employees')
    .optional()
    .describe('The employees (extension or migration employee id); every employee ready for it when left out'),
});

export const forwardingVerifySchema = z.strictObject({
  checkedBy: personText.optional().describe('Who made the test call (default: the actor)'),
  checkedAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date and time' }).optional().describe('When the test call was made (default: now)'),
  note: z.string({ error: 'must be a string' }).trim().max(500, 'must be at most 500 characters').optional().describe('What was seen, e.g. the caller ID shown'),
});

export const forwardingExportFormats = ['csv', 'html'] as const;
export type ForwardingExportFormat = (typeof forwardingExportFormats)[number];
