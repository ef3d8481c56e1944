import { z } from 'zod';

const csvText = (what: string) => z.string({ error: `must be the ${what} file's CSV text` });

/** An inventory import: the CSV files as text (see the README for their columns), at least one of them. */
export const inventoryInputSchema = z
  .strictObject({
    employees: csvText('employees').optional().describe('The employees file: one row per employee, a header line first'),
    sites: csvText('sites').optional().describe('The sites file; left out, the tenant’s sites are used'),
    numberBlocks: csvText('number blocks').optional().describe('The number blocks file; left out, the tenant’s blocks are used'),
  })
  .refine((files) => files.employees !== undefined || files.sites !== undefined || files.numberBlocks !== undefined, {
    error: 'give at least one of employees, sites and numberBlocks',
  });
