import type { Transaction } from 'kysely';
import { getTenant } from '../centrex/index.js';
import type { Actor, ChangeOptions, Tenant } from '../centrex/index.js';
import { DomainError, validateInput } from '../kernel/index.js';
import { appendAudit, findTenantRow, inTransaction, lockAuditChain, updateMigrationProjectRow } from '../store/index.js';
import type { Database, DatabaseSchema, MigrationProjectRowChanges } from '../store/index.js';
import { changeInstant, isoInstant } from './change-instant.js';
import { evaluateGate, evidenceRef, SELF_CHECKED_GATES } from './evaluate-gate.js';
import { recordEvidence } from './evidence-service.js';
import { markForwardingForRemoval } from './forwarding-order-service.js';
import type { GateResult, GateSnapshot } from './gate-snapshot.js';
import { loadGateSnapshot } from './load-gate-snapshot.js';
import { projectFromRow } from './migration-project.js';
import type { MigrationProject } from './migration-project.js';
import { migrationAdvanceSchema, migrationDecommissionSchema } from './migration-project-schema.js';
import { phaseMove, projectAudit, requireProjectRow } from './migration-project-service.js';
import { nextPhase, rollbackPhase } from './project-phases.js';
import type { PhaseTransition } from './project-phases.js';
import { transitionEmployee } from './transition-employee.js';

/** A move taken: the project as it is now, and the gates that let it pass. */
export interface PhaseMoveOutcome {
  readonly project: MigrationProject;
  readonly gates: readonly GateResult[];
}

/** A forwarding at the old provider a rollback marked for removal (`removal_requested`): the old provider is to take it down. */
export interface ForwardingRemoval {
  readonly forwardingOrderId: string;
  readonly legacyNumber: string;
  readonly provisionalNumber: string;
  readonly state: string;
}

export interface RollbackOutcome extends PhaseMoveOutcome {
  /** The employees whose number went back to `provisional_active`. */
  readonly employeesReset: number;
  /** The forwarding orders marked for removal: ask the old provider to take them down. */
  readonly forwardingRemovals: readonly ForwardingRemoval[];
}

/** How many missing items a refusal's message names per gate; the problem's field list has them all. */
const namedPerGate = 5;

/** `precondition_failed` listing what every failed gate misses, per subject, one field entry each. */
function gatesRefused(summary: string, results: readonly GateResult[]): DomainError {
  const failed = results.filter((r) => !r.passed);
  const lines = failed.map((r) => {
    const named = r.missing.slice(0, namedPerGate).map((m) => `${m.subject.label}: ${m.reason}`);
    const more = r.missing.length > namedPerGate ? `; and ${r.missing.length - namedPerGate} more` : '';
    return `${r.gate} (${r.description}) — ${named.join('; ')}${more}`;
  });
  const fields = failed.flatMap((r) => r.missing.map((m) => ({ field: r.gate, message: `${m.subject.label}: ${m.reason}` })));
  return new DomainError('precondition_failed', `${summary}:\n${lines.join('\n')}`, fields);
}

/** What an audit row keeps of the gates passed: the evidence by id, and how much was manual. */
const gateRecord = (gates: readonly GateResult[]) => gates.map((g) => ({ gate: g.gate, evidence: g.evidence.map((e) => e.id), sources: g.sources }));

interface MoveContext {
  readonly trx: Transaction<DatabaseSchema>;
  readonly tenant: Pick<Tenant, 'id' | 'slug' | 'name'>;
  readonly project: MigrationProject;
  readonly at: number;
}

/** Runs `move` on the tenant's project in one transaction, after locking the audit chain and reading the project afresh. */
async function withProject<T>(database: Database, tenantIdOrSlug: string, options: Pick<ChangeOptions, 'clock'>, move: (ctx: MoveContext) => Promise<T>): Promise<T> {
  const { id } = await getTenant(database, tenantIdOrSlug);
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    // read again under the lock: the name an administrator types is checked against the current one
    const tenant = await findTenantRow(trx, { id });
    if (!tenant) throw new DomainError('not_found', `tenant "${tenantIdOrSlug}" not found`);
    const project = projectFromRow(await requireProjectRow(trx, tenant));
    return move({ trx, tenant, project, at: changeInstant(options) });
  });
}

/** The gates of the move, all passed; `precondition_failed` listing what each failed gate misses otherwise. */
function passedGates(ctx: MoveContext, transition: PhaseTransition, snapshot: GateSnapshot): readonly GateResult[] {
  const { gates, ready } = phaseMove(transition, snapshot);
  if (ready) return gates;
  throw gatesRefused(`the migration of "${ctx.tenant.name}" cannot ${transition.kind === 'rollback' ? 'roll back' : 'advance'} from ${transition.from} to ${transition.to}`, gates);
}

/** The passed gates that are belay's own check, each recorded as automatic evidence about the project and citing it. */
async function recordSelfChecks(ctx: MoveContext, gates: readonly GateResult[], actor: Actor): Promise<readonly GateResult[]> {
  const at = isoInstant(ctx.at);
  const recorded: GateResult[] = [];
  for (const gate of gates) {
    const checkedBy = SELF_CHECKED_GATES[gate.gate];
    if (checkedBy === undefined) {
      recorded.push(gate);
      continue;
    }
    const evidence = await recordEvidence(ctx.trx, {
      tenantId: ctx.tenant.id,
      subject: { type: 'project', id: ctx.tenant.id },
      kind: 'scenario',
      result: 'pass',
      source: 'automatic',
      checkedBy,
      checkedAt: at,
      details: { gate: gate.gate, description: gate.description },
      actor,
      recordedAt: at,
    });
    recorded.push({ ...gate, evidence: [...gate.evidence, evidenceRef(evidence)], sources: { ...gate.sources, automatic: gate.sources.automatic + 1 } });
  }
  return recorded;
}

/** Writes the new phase and its audit row, which names the evidence the gates relied on (recording belay's own checks first). */
async function recordMove(ctx: MoveContext, transition: PhaseTransition, passed: readonly GateResult[], actor: Actor, changes: MigrationProjectRowChanges, verb: string, extra: object): Promise<PhaseMoveOutcome> {
  const gates = await recordSelfChecks(ctx, passed, actor);
  const at = isoInstant(ctx.at);
  const after = projectFromRow(await updateMigrationProjectRow(ctx.trx, ctx.project.id, { phase: transition.to, phase_changed_at: at, updated_at: at, ...changes }));
  const recorded = { ...after, gates: gateRecord(gates), ...extra };
  await appendAudit(ctx.trx, projectAudit(actor, verb, ctx.project, recorded, at));
  return { project: after, gates };
}

function forwardOf(ctx: MoveContext): PhaseTransition {
  const transition = nextPhase(ctx.project.phase);
  if (!transition) throw new DomainError('precondition_failed', `the migration of "${ctx.tenant.name}" is ${ctx.project.phase}: nothing follows`);
  return transition;
}

/**
 * Moves the project one phase on, if every gate of the move passes (the step to
 * decommissioned also needs `confirmTenantName`); `precondition_failed` listing what each
 * failed gate misses otherwise. The new phase, and an audit row naming the evidence the
 * gates relied on, are written in one transaction.
 */
export async function advanceMigration(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<PhaseMoveOutcome> {
  const { confirmTenantName } = validateInput(migrationAdvanceSchema, input, 'advance');
  return withProject(database, tenantIdOrSlug, options, async (ctx) => {
    const transition = forwardOf(ctx);
    const snapshot = await loadGateSnapshot(ctx.trx, ctx.tenant, ctx.project, ctx.at, confirmTenantName);
    return transition.to === 'decommissioned'
      ? decommission(ctx, transition, snapshot, actor)
      : recordMove(ctx, transition, passedGates(ctx, transition, snapshot), actor, {}, 'advance', {});
  });
}

function decommission(ctx: MoveContext, transition: PhaseTransition, snapshot: GateSnapshot, actor: Actor): Promise<PhaseMoveOutcome> {
  const at = isoInstant(ctx.at);
  const by = `${actor.kind}:${actor.id}`;
  const confirmation = { typedName: snapshot.typedTenantName ?? null, by, at };
  return recordMove(ctx, transition, passedGates(ctx, transition, snapshot), actor, { decommissioned_at: at, decommissioned_by: by }, 'decommission', { confirmation });
}

/**
 * The point of no return: releases the old system once every number is ported and
 * verified, no check failed within the quiet days, and an administrator typed the tenant's
 * name. Who confirmed, and when, is kept on the project and in the audit log.
 */
export async function decommissionMigration(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<PhaseMoveOutcome> {
  const { tenantName } = validateInput(migrationDecommissionSchema, input, 'decommission');
  return withProject(database, tenantIdOrSlug, options, async (ctx) => {
    const transition = forwardOf(ctx);
    if (transition.to !== 'decommissioned') {
      throw new DomainError('precondition_failed', `the migration of "${ctx.tenant.name}" is in the ${ctx.project.phase} phase: decommissioning follows porting`);
    }
    return decommission(ctx, transition, await loadGateSnapshot(ctx.trx, ctx.tenant, ctx.project, ctx.at, tenantName), actor);
  });
}

/**
 * Goes back from parallel operation to implementation, before the point of no return:
 * every forwarding order still standing is marked for removal at the old provider, and every
 * employee's number goes back to `provisional_active`: once the old provider has taken the
 * forwarding down, calls to the legacy numbers reach the old system as before the move. Refused, with the reason, once any
 * number is ported, while a port order is with the losing provider, or from another phase.
 */
export async function rollbackMigration(
  database: Database,
  tenantIdOrSlug: string,
  actor: Actor,
  options: Pick<ChangeOptions, 'clock'> = {},
): Promise<RollbackOutcome> {
  return withProject(database, tenantIdOrSlug, options, async (ctx) => {
    const snapshot = await loadGateSnapshot(ctx.trx, ctx.tenant, ctx.project, ctx.at);
    const ported = evaluateGate('nothing_ported', snapshot);
    if (!ported.passed) throw gatesRefused(`the migration of "${ctx.tenant.name}" is past the point of no return`, [ported]);
    const transition = rollbackPhase(ctx.project.phase);
    if (!transition) {
      throw new DomainError('precondition_failed', `the migration of "${ctx.tenant.name}" is in the ${ctx.project.phase} phase: rollback is possible only from parallel operation`);
    }
    const gates = passedGates(ctx, transition, snapshot);
    const clock = { now: () => ctx.at };
    const marked = await markForwardingForRemoval(ctx.trx, ctx.tenant.id, 'all', actor, { clock });
    const removals = marked.map((o): ForwardingRemoval => ({ forwardingOrderId: o.id, legacyNumber: o.legacyNumber, provisionalNumber: o.provisionalNumber, state: o.state }));
    const forwarded = snapshot.employees.filter((e) => e.numberState.startsWith('forwarding_'));
    for (const employee of forwarded) {
      await transitionEmployee(ctx.trx, employee.id, 'number', 'provisional_active', actor, 'rollback to implementation', { clock });
    }
    const outcome = await recordMove(ctx, transition, gates, actor, {}, 'rollback', { employeesReset: forwarded.length, forwardingRemovals: removals });
    return { ...outcome, employeesReset: forwarded.length, forwardingRemovals: removals };
  });
}
