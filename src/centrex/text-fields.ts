import { z } from 'zod';

/** A string that says "is required" when missing and "must be a string" when of another type. */
export const requiredString = z.string({
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string'),
});

/** A name shown to people (a company, an employee, a phone): trimmed, 1–200 characters, no control characters. */
export const displayNameSchema = requiredString
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^\P{Cc}*$/u, 'must not contain control characters');
