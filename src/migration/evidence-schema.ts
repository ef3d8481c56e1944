import { z } from 'zod';
import { EVIDENCE_KINDS, EVIDENCE_RESULTS, EVIDENCE_SUBJECT_TYPES } from './evidence.js';

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

/** A check recorded by a person through the API or the command line (source `manual`). */
export const evidenceRecordSchema = z.strictObject({
  subject: z
    .strictObject({
      type: z.enum(EVIDENCE_SUBJECT_TYPES),
      id: text(200).describe('employee: migration employee id or extension; number: E.164; project: the tenant id or slug; orders: their id'),
    })
    .describe('What was checked'),
  kind: z.enum(EVIDENCE_KINDS),
  result: z.enum(EVIDENCE_RESULTS),
  checkedAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date and time' }).optional().describe('When the check happened (default: now); never in the future'),
  checkedBy: text(200).optional().describe('Who checked (default: the acting user)'),
  details: z.record(z.string(), z.json()).optional().describe('What was seen: call ids, the number the far end showed, a note'),
});

export type EvidenceRecordInput = z.infer<typeof evidenceRecordSchema>;

export const evidencePageSchema = z.strictObject({
  subjectType: z.enum(EVIDENCE_SUBJECT_TYPES).optional(),
  subjectId: text(200).optional(),
  kind: z.enum(EVIDENCE_KINDS).optional(),
  result: z.enum(EVIDENCE_RESULTS).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
  after: z.string({ error: 'must be a string' }).optional(),
});
