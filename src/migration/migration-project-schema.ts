import { z } from 'zod';

const quietDays = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be at least 0')
  .max(365, 'must be at most 365')
  .describe('Days without any failed check before decommissioning (default 7)');

export const migrationStartSchema = z.strictObject({ quietDays: quietDays.optional() });

export const migrationUpdateSchema = z.strictObject({ quietDays });

export const migrationAdvanceSchema = z.strictObject({
  confirmTenantName: z
    .string({ error: 'must be a string' })
    .optional()
    .describe('Only for the step to decommissioned: the tenant’s name, typed by the administrator who confirms it'),
});

export const migrationDecommissionSchema = z.strictObject({
  tenantName: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required: type the tenant’s name to confirm' : 'must be a string') })
    .describe('The tenant’s name exactly, typed by the administrator who confirms the point of no return'),
});
