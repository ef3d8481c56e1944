import { randomUUID } from 'node:crypto';
import type { Actor, ChangeOptions } from '../centrex/index.js';
import { getTenant } from '../centrex/index.js';
import { DomainError, validateInput } from '../kernel/index.js';
import { holdsMigrationLock, inTransaction, lockAuditChain } from '../store/index.js';
import type { Database } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { checkInventory } from './check-inventory.js';
import type { InventoryIssue, InventoryReport } from './inventory-report.js';
import { inventoryInputSchema } from './inventory-schema.js';
import { readInventorySnapshot } from './inventory-snapshot.js';
import { withMigrationLock } from './migration-lock.js';
import { writeInventory } from './write-inventory.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The dry run of an import: every error and warning of every row, and how many sites, number
 * blocks, users, devices and migration records applying would create, update or leave
 * unchanged. Writes nothing.
 */
export async function previewInventory(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<InventoryReport> {
  const files = validateInput(inventoryInputSchema, input, 'inventory');
  const tenant = await getTenant(database, tenantIdOrSlug);
  const snapshot = await readInventorySnapshot(database.db, tenant.id);
  return checkInventory(files, snapshot, { tenantId: tenant.id, at: isoInstant(changeInstant(options)), newId: randomUUID }).report;
}

/** `employees.7.email`: where an import error is, as a field of the problem the API answers with. */
const issueField = (issue: InventoryIssue): string => [issue.file, issue.row, issue.column].filter((part) => part !== null).join('.');

/**
 * Applies an import in one transaction, all or nothing: the files are checked again inside it,
 * and any error makes it a `validation_failed` naming every bad row (`employees.<row>.<column>`)
 * with nothing written. Holds the tenant's migration lock, so a concurrent import or plan of
 * the same tenant is refused (`conflict`). Applying the same files again changes nothing.
 * Created users reach the live directory (`options.directory`) once committed.
 */
export async function applyInventory(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<InventoryReport> {
  const files = validateInput(inventoryInputSchema, input, 'inventory');
  const tenant = await getTenant(database, tenantIdOrSlug);
  const { report, imported } = await withMigrationLock(database, tenant, 'inventory import', actor, options, (token) =>
    inTransaction(database, async (trx) => {
      await lockAuditChain(trx);
      if (!(await holdsMigrationLock(trx, tenant.id, token))) {
        throw new DomainError('conflict', `the migration lock of tenant "${tenant.slug}" expired while importing; nothing was imported`);
      }
      const at = isoInstant(changeInstant(options));
      const check = checkInventory(files, await readInventorySnapshot(trx, tenant.id), { tenantId: tenant.id, at, newId: randomUUID });
      const { errors } = check.report;
      if (errors.length > 0) {
        const rows = new Set(errors.map((e) => `${e.file}.${e.row ?? ''}`)).size;
        const summary = `the inventory has ${plural(errors.length, 'error')} in ${plural(rows, 'row')}; nothing was imported`;
        throw new DomainError('validation_failed', summary, errors.map((e) => ({ field: issueField(e), message: e.message })));
      }
      const imported = await writeInventory(trx, tenant.id, check.changes, check.report.counts, actor, at);
      return { report: { ...check.report, applied: true }, imported };
    }),
  );
  for (const { user, version } of imported) options.directory?.putUser(user, version);
  return report;
}
