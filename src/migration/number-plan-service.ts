import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor, ChangeOptions } from '../centrex/index.js';
import { getTenant } from '../centrex/index.js';
import { DomainError, validateInput, validationFailed } from '../kernel/index.js';
import {
  appendAudit,
  appendAuditBatch,
  holdsMigrationLock,
  inTransaction,
  listMigrationEmployees,
  listNumberBlockRows,
  listSiteRows,
  lockAuditChain,
  updateMigrationEmployee,
} from '../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, MigrationEmployeeWithUserRow, NumberBlockRow, SiteRow } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { parseGermanNumber } from './german-number.js';
import { findTenantEmployee } from './inventory-queries.js';
import { employeeFromRow, employeeRecordFromRow } from './migration-records.js';
import type { MigrationEmployee } from './migration-records.js';
import { withMigrationLock } from './migration-lock.js';
import { ddiOf, describeBlock } from './number-block.js';
import { blockHolding, localBlocks, planNumbers } from './number-plan.js';
import type { NumberPlan, PlanEmployee } from './number-plan.js';

/** A number plan as previewed or applied. */
export type NumberPlanReport = NumberPlan & { readonly applied: boolean };

interface PlanInputs {
  readonly employees: readonly MigrationEmployeeWithUserRow[];
  readonly plan: NumberPlan;
}

async function computePlan(db: Kysely<DatabaseSchema>, tenantId: string): Promise<PlanInputs> {
  const employees = await listMigrationEmployees(db, tenantId);
  const sites = new Map((await listSiteRows(db, tenantId)).map((site) => [site.id, site]));
  const blocks = await listNumberBlockRows(db, tenantId);
  const byId = new Map(blocks.map((block) => [block.id, block]));
  const planned = employees.map((row): PlanEmployee => {
    const legacyBlock = row.legacy_block_id === null ? undefined : byId.get(row.legacy_block_id);
    const ddi = legacyBlock && row.legacy_number !== null ? ddiOf(legacyBlock, row.legacy_number) : undefined;
    return {
      id: row.id,
      extension: row.extension,
      name: row.display_name,
      siteId: row.site_id,
      legacyNumber: row.legacy_number,
      legacyDdi: ddi === undefined || ddi === '' ? null : ddi,
      provisionalNumber: row.provisional_number,
      numberState: row.number_state,
    };
  });
  return { employees, plan: planNumbers(planned, sites, blocks.filter((block) => block.kind === 'provisional')) };
}

/** The number plan as it would be applied now: every employee's provisional number, how it was chosen, and the conflicts. */
export async function previewNumberPlan(database: Database, tenantIdOrSlug: string): Promise<NumberPlanReport> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return { ...(await computePlan(database.db, tenant.id)).plan, applied: false };
}

/**
 * Computes the plan again and writes every changed provisional number in one transaction, each
 * with its audit row, under the tenant's migration lock (a concurrent import or plan is refused).
 * Employees the plan cannot give a number keep none and are listed with the reason.
 */
export async function applyNumberPlan(database: Database, tenantIdOrSlug: string, actor: Actor, options: Pick<ChangeOptions, 'clock'> = {}): Promise<NumberPlanReport> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  return withMigrationLock(database, tenant, 'number plan', actor, options, (token) =>
    inTransaction(database, async (trx) => {
      await lockAuditChain(trx);
      if (!(await holdsMigrationLock(trx, tenant.id, token))) {
        throw new DomainError('conflict', `the migration lock of tenant "${tenant.slug}" expired while planning; nothing was changed`);
      }
      const { employees, plan } = await computePlan(trx, tenant.id);
      const at = isoInstant(changeInstant(options));
      await writePlan(trx, tenant.id, employees, plan, actor, at);
      return { ...plan, applied: true };
    }),
  );
}

async function writePlan(
  trx: Transaction<DatabaseSchema>,
  tenantId: string,
  employees: readonly MigrationEmployeeWithUserRow[],
  plan: NumberPlan,
  actor: Actor,
  at: string,
): Promise<void> {
  const changed = plan.entries.filter((entry) => entry.plannedNumber !== entry.currentNumber);
  const rows = new Map(employees.map((row) => [row.id, row]));
  // numbers may move between employees: free them all before giving them out again
  for (const entry of changed) {
    if (entry.currentNumber !== null) await updateMigrationEmployee(trx, entry.employeeId, { provisional_number: null, provisional_block_id: null });
  }
  const entries: AuditEntry[] = [];
  for (const entry of changed) {
    const before = rows.get(entry.employeeId);
    if (!before) throw new Error(`the plan names employee ${entry.employeeId}, who was not read`);
    const after = await updateMigrationEmployee(trx, entry.employeeId, { provisional_number: entry.plannedNumber, provisional_block_id: entry.blockId, updated_at: at });
    entries.push({
      tenantId, actor, action: 'migration_employee.plan', entityType: 'migration_employee', entityId: before.id, at,
      before: employeeRecordFromRow(before), after: employeeRecordFromRow(after),
    });
  }
  entries.push({ tenantId, actor, action: 'migration.number-plan', entityType: 'migration', entityId: tenantId, at, before: null, after: { counts: plan.counts } });
  await appendAuditBatch(trx, entries);
}

export const provisionalNumberSchema = z.strictObject({
  number: z
    .string({ error: 'must be a phone number or null' })
    .nullable()
    .describe('A number of one of the tenant’s provisional blocks in the employee’s area code, e.g. "+49 221 98765 23"; null removes it'),
});

/** The provisional block `number` is in, if it is one the employee's site may use; `validation_failed` otherwise. */
function overrideBlock(number: string, site: SiteRow | undefined, provisional: readonly NumberBlockRow[]): NumberBlockRow {
  const block = blockHolding(provisional, number);
  const refuse = (message: string) => validationFailed('provisional number', [{ field: 'number', message }]);
  if (!block) throw refuse(`${number} is not in any provisional block of the tenant (${provisional.map(describeBlock).join(', ') || 'none'})`);
  if (site && localBlocks(site, [block]).length === 0) throw refuse(`${number} is not in the area code 0${site.area_code} of site "${site.name}"`);
  return block;
}

/**
 * Sets an employee's provisional number by hand (the plan keeps it from then on), or removes
 * it (`null`): a valid German number (at most 13 digits after +49), in one of the tenant's
 * provisional blocks in the area code of the employee's site, held by no one else. Only while
 * the number state is `planned`: a live provisional number is not moved.
 */
export async function setProvisionalNumber(
  database: Database,
  tenantIdOrSlug: string,
  idOrExtension: string,
  input: unknown,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<MigrationEmployee> {
  const { number: text } = validateInput(provisionalNumberSchema, input, 'provisional number');
  let number: string | null = null;
  if (text !== null) {
    const parsed = parseGermanNumber(text);
    if (!parsed.ok) throw validationFailed('provisional number', [{ field: 'number', message: parsed.message }]);
    number = parsed.e164;
  }
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const before = await findTenantEmployee(trx, tenant, idOrExtension);
    if (before.provisional_number === number) return employeeFromRow(before);
    if (before.number_state !== 'planned') {
      throw new DomainError('precondition_failed', `the provisional number of ${before.extension} (${before.display_name}) is live (number state ${before.number_state}) and cannot change`);
    }
    let blockId: string | null = null;
    if (number !== null) {
      const site = (await listSiteRows(trx, tenant.id)).find((s) => s.id === before.site_id);
      blockId = overrideBlock(number, site, await listNumberBlockRows(trx, tenant.id, 'provisional')).id;
      const holder = (await listMigrationEmployees(trx, tenant.id)).find((e) => e.provisional_number === number);
      if (holder) throw new DomainError('conflict', `${number} is the provisional number of ${holder.extension} (${holder.display_name})`, [{ field: 'number', message: `${number} is already taken` }]);
    }
    const at = isoInstant(changeInstant(options));
    const row = await updateMigrationEmployee(trx, before.id, { provisional_number: number, provisional_block_id: blockId, updated_at: at });
    await appendAudit(trx, {
      tenantId: tenant.id, actor, action: 'migration_employee.provisional-number', entityType: 'migration_employee', entityId: before.id, at,
      before: employeeRecordFromRow(before), after: employeeRecordFromRow(row),
    });
    return employeeFromRow({ ...row, extension: before.extension, display_name: before.display_name, email: before.email });
  });
}
