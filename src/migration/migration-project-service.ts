import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { getTenant } from '../centrex/index.js';
import type { Actor, ChangeOptions, Tenant } from '../centrex/index.js';
import { DomainError, validateInput } from '../kernel/index.js';
import { appendAudit, findMigrationProjectRow, inTransaction, insertMigrationProject, lockAuditChain, updateMigrationProjectRow } from '../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, MigrationProjectRow } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { evaluateTransition } from './evaluate-gate.js';
import type { GateResult, GateSnapshot } from './gate-snapshot.js';
import { loadGateSnapshot } from './load-gate-snapshot.js';
import { projectFromRow } from './migration-project.js';
import type { MigrationProject } from './migration-project.js';
import { migrationStartSchema, migrationUpdateSchema } from './migration-project-schema.js';
import { nextPhase, rollbackPhase } from './project-phases.js';
import type { PhaseTransition, ProjectPhase } from './project-phases.js';

/** Days without a failed check before decommissioning, unless the project says otherwise. */
export const defaultQuietDays = 7;

/** A possible move of the project and what its gates find now. */
export interface PhaseMove {
  readonly from: ProjectPhase;
  readonly to: ProjectPhase;
  /** Every gate passed: the move would be taken. */
  readonly ready: boolean;
  readonly gates: readonly GateResult[];
}

export interface MigrationStatus {
  readonly project: MigrationProject;
  /** How many employees are in each state of each machine. */
  readonly employees: {
    readonly total: number;
    readonly number: Readonly<Record<string, number>>;
    readonly device: Readonly<Record<string, number>>;
    readonly training: Readonly<Record<string, number>>;
  };
  /** The next phase and its gates; null once decommissioned. */
  readonly advance: PhaseMove | null;
  /** The way back and its gates, where there is one. */
  readonly rollback: PhaseMove | null;
}

export function projectAudit(actor: Actor, verb: string, before: object | null, after: MigrationProject, at: string): AuditEntry {
  return { tenantId: after.tenantId, actor, action: `migration_project.${verb}`, entityType: 'migration_project', entityId: after.id, at, before, after };
}

/** The tenant's project; `not_found` naming how to start one otherwise. */
export async function requireProjectRow(db: Kysely<DatabaseSchema>, tenant: Pick<Tenant, 'id' | 'slug'>): Promise<MigrationProjectRow> {
  const row = await findMigrationProjectRow(db, tenant.id);
  if (!row) throw new DomainError('not_found', `tenant "${tenant.slug}" has no migration project; start one first`);
  return row;
}

export function phaseMove(transition: PhaseTransition, snapshot: GateSnapshot): PhaseMove {
  const gates = evaluateTransition(transition, snapshot);
  return { from: transition.from, to: transition.to, ready: gates.every((g) => g.passed), gates };
}

/** Starts the tenant's migration project in the inventory phase; `conflict` if it has one. */
export async function startMigration(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<MigrationProject> {
  const { quietDays = defaultQuietDays } = validateInput(migrationStartSchema, input, 'migration project');
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const existing = await findMigrationProjectRow(trx, tenant.id);
    if (existing) throw new DomainError('conflict', `tenant "${tenant.slug}" already has a migration project (in the ${existing.phase} phase)`);
    const at = isoInstant(changeInstant(options));
    const row: MigrationProjectRow = {
      id: randomUUID(),
      tenant_id: tenant.id,
      phase: 'inventory',
      quiet_days: quietDays,
      phase_changed_at: at,
      decommissioned_at: null,
      decommissioned_by: null,
      created_at: at,
      updated_at: at,
    };
    await insertMigrationProject(trx, row);
    const project = projectFromRow(row);
    await appendAudit(trx, projectAudit(actor, 'start', null, project, at));
    return project;
  });
}

/** Changes the project's settings (the quiet days before decommissioning). */
export async function updateMigration(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<MigrationProject> {
  const { quietDays } = validateInput(migrationUpdateSchema, input, 'migration project update');
  const tenant = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const before = await requireProjectRow(trx, tenant);
    if (before.quiet_days === quietDays) return projectFromRow(before);
    const at = isoInstant(changeInstant(options));
    const after = projectFromRow(await updateMigrationProjectRow(trx, before.id, { quiet_days: quietDays, updated_at: at }));
    await appendAudit(trx, projectAudit(actor, 'update', projectFromRow(before), after, at));
    return after;
  });
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** Where the tenant's migration stands: its phase, its employees' states, and what the gates of each possible move find now. */
export async function getMigrationStatus(database: Database, tenantIdOrSlug: string, options: Pick<ChangeOptions, 'clock'> = {}): Promise<MigrationStatus> {
  const tenant = await getTenant(database, tenantIdOrSlug);
  const project = projectFromRow(await requireProjectRow(database.db, tenant));
  const snapshot = await loadGateSnapshot(database.db, tenant, project, changeInstant(options));
  const forward = nextPhase(project.phase);
  const back = rollbackPhase(project.phase);
  const { employees } = snapshot;
  return {
    project,
    employees: {
      total: employees.length,
      number: countBy(employees.map((e) => e.numberState)),
      device: countBy(employees.map((e) => e.deviceState)),
      training: countBy(employees.map((e) => e.trainingState)),
    },
    advance: forward ? phaseMove(forward, snapshot) : null,
    rollback: back ? phaseMove(back, snapshot) : null,
  };
}
