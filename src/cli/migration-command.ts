import { Argument, Option } from 'commander';
import type { Command } from 'commander';
import type { Actor } from '../centrex/index.js';
import {
  EMPLOYEE_MACHINES,
  EVIDENCE_KINDS,
  EVIDENCE_RESULTS,
  EVIDENCE_SUBJECT_TYPES,
  advanceMigration,
  changeEmployeeState,
  decommissionMigration,
  getMigrationStatus,
  listEvidence,
  recordManualEvidence,
  rollbackMigration,
  startMigration,
  updateMigration,
} from '../migration/index.js';
import type { Evidence, GateResult, MigrationProject, MigrationStatus, PhaseMove, PhaseMoveOutcome, RollbackOutcome } from '../migration/index.js';
import type { Database } from '../store/index.js';
import { withDatabase } from './cli-context.js';
import type { CliContext } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption, parsePositiveInteger } from './option-parsers.js';

/** How many missing items `status` prints per gate; `--json` has them all. */
const shownPerGate = 20;

const counts = (byState: Readonly<Record<string, number>>): string =>
  Object.entries(byState)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ') || '-';

const sources = (g: GateResult): string => `evidence: ${g.sources.manual} manual, ${g.sources.automatic} automatic`;

function formatGates(gates: readonly GateResult[], limit: number): string {
  return gates
    .map((g) => {
      const head = `  ${g.passed ? 'passed' : 'FAILED'} ${g.gate}: ${g.description} (${sources(g)})\n`;
      const shown = g.missing.slice(0, limit).map((m) => `      ${m.subject.label}: ${m.reason}\n`);
      const more = g.missing.length > limit ? [`      … and ${g.missing.length - limit} more (--json lists them all)\n`] : [];
      return head + shown.join('') + more.join('');
    })
    .join('');
}

function formatMove(title: string, move: PhaseMove | null): string {
  if (!move) return `${title}: none\n`;
  return `${title}: ${move.from} → ${move.to}, ${move.ready ? 'ready' : 'not ready'}\n${formatGates(move.gates, shownPerGate)}`;
}

function formatStatus(tenant: string, status: MigrationStatus): string {
  const { project, employees } = status;
  return [
    `migration of ${tenant}: ${project.phase} since ${project.phaseChangedAt} (quiet days before decommissioning: ${project.quietDays})\n`,
    ...(project.decommissionedAt ? [`decommissioned at ${project.decommissionedAt}, confirmed by ${project.decommissionedBy ?? '?'}\n`] : []),
    `employees: ${employees.total}\n`,
    `  number:   ${counts(employees.number)}\n`,
    `  device:   ${counts(employees.device)}\n`,
    `  training: ${counts(employees.training)}\n`,
    formatMove('next', status.advance),
    formatMove('rollback', status.rollback),
  ].join('');
}

const formatProject = (tenant: string, p: MigrationProject): string => `migration of ${tenant}: ${p.phase} since ${p.phaseChangedAt} (quiet days: ${p.quietDays})\n`;

function formatOutcome(tenant: string, outcome: PhaseMoveOutcome): string {
  const { project } = outcome;
  const confirmed = project.decommissionedAt ? `; confirmed by ${project.decommissionedBy ?? '?'} at ${project.decommissionedAt}` : '';
  return `migration of ${tenant}: now ${project.phase}${confirmed}\n${formatGates(outcome.gates, shownPerGate)}`;
}

function formatRollback(tenant: string, outcome: RollbackOutcome): string {
  const removals = outcome.forwardingRemovals.map((r) => [r.legacyNumber, r.provisionalNumber, r.state, r.forwardingOrderId]);
  return [
    `migration of ${tenant}: back in ${outcome.project.phase}; ${outcome.employeesReset} employees' numbers back to provisional_active\n`,
    ...(removals.length > 0
      ? ['ask the old provider to remove these forwardings:\n', formatTable(['legacy', 'provisional', 'state', 'order'], removals)]
      : ['no forwarding order is left standing\n']),
  ].join('');
}

function formatEvidence(items: readonly Evidence[]): string {
  const rows = items.map((e) => [e.checkedAt, `${e.subject.type} ${e.subject.id}`, e.kind, e.result, e.source, e.checkedBy, e.id]);
  return formatTable(['checked', 'subject', 'kind', 'result', 'source', 'by', 'id'], rows);
}

/** Prints `value` as JSON with `--json`, else as `text` formats it. */
function printer(ctx: CliContext) {
  return <T>(json: boolean | undefined, value: T, text: (v: T) => string): void => ctx.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : text(value));
}

/** `belay migration …`: the tenant's migration project, its evidence and its employees' machines (no server needed). */
export const migrationCommand: CliCommand = (program, ctx) => {
  const migration = program.command('migration').description('the migration project: phases and gates, evidence, rollback, decommissioning');
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const print = printer(ctx);
  const db = <T>(command: Command, fn: (database: Database) => Promise<T>) => withDatabase(ctx, command, fn);

  migration
    .command('start')
    .description('start the tenant’s migration project, in the inventory phase')
    .argument('<tenant>', 'tenant id or slug')
    .option('--quiet-days <n>', 'days without a failed check before decommissioning (default 7)', (v) => parsePositiveInteger(v))
    .addOption(jsonOption())
    .action(async (tenant: string, options: { quietDays?: number; json?: boolean }, command) => {
      const input = options.quietDays === undefined ? {} : { quietDays: options.quietDays };
      print(options.json, await db(command, (d) => startMigration(d, tenant, input, actor())), (p) => formatProject(tenant, p));
    });

  migration
    .command('set')
    .description('change the project’s settings')
    .argument('<tenant>', 'tenant id or slug')
    .requiredOption('--quiet-days <n>', 'days without a failed check before decommissioning', (v) => parsePositiveInteger(v))
    .addOption(jsonOption())
    .action(async (tenant: string, options: { quietDays: number; json?: boolean }, command) => {
      print(options.json, await db(command, (d) => updateMigration(d, tenant, { quietDays: options.quietDays }, actor())), (p) => formatProject(tenant, p));
    });

  migration
    .command('status')
    .description('the phase, the employees per state, and what the gates of the next move and of the rollback find now')
    .argument('<tenant>', 'tenant id or slug')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { json?: boolean }, command) => {
      print(options.json, await db(command, (d) => getMigrationStatus(d, tenant)), (s) => formatStatus(tenant, s));
    });

  migration
    .command('advance')
    .description('move the project one phase on if every gate passes; otherwise list what each failed gate misses')
    .argument('<tenant>', 'tenant id or slug')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { json?: boolean }, command) => {
      print(options.json, await db(command, (d) => advanceMigration(d, tenant, {}, actor())), (o) => formatOutcome(tenant, o));
    });

  migration
    .command('rollback')
    .description('go back from parallel operation to implementation (refused once any number is ported)')
    .argument('<tenant>', 'tenant id or slug')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { json?: boolean }, command) => {
      print(options.json, await db(command, (d) => rollbackMigration(d, tenant, actor())), (o) => formatRollback(tenant, o));
    });

  migration
    .command('decommission')
    .description('the point of no return: release the old system once every number is ported and verified')
    .argument('<tenant>', 'tenant id or slug')
    .requiredOption('--confirm-name <name>', 'the tenant’s name, typed exactly, to confirm')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { confirmName: string; json?: boolean }, command) => {
      print(options.json, await db(command, (d) => decommissionMigration(d, tenant, { tenantName: options.confirmName }, actor())), (o) => formatOutcome(tenant, o));
    });

  const evidence = migration.command('evidence').description('the checks behind the gates');

  evidence
    .command('record')
    .description('record a check you made (source manual)')
    .argument('<tenant>', 'tenant id or slug')
    .addArgument(new Argument('<subject-type>', 'what was checked').choices(EVIDENCE_SUBJECT_TYPES))
    .argument('<subject>', 'employee: id or extension; number: E.164; project: the tenant; orders: their id')
    .addArgument(new Argument('<kind>', 'the kind of check').choices(EVIDENCE_KINDS))
    .addArgument(new Argument('<result>', 'what it found').choices(EVIDENCE_RESULTS))
    .option('--checked-at <time>', 'when you checked, ISO-8601 (default: now)')
    .option('--checked-by <name>', 'who checked (default: you)')
    .option('--note <text>', 'what you saw')
    .addOption(jsonOption())
    .action(async (tenant: string, subjectType: string, subject: string, kind: string, result: string, options: { checkedAt?: string; checkedBy?: string; note?: string; json?: boolean }, command) => {
      const input = {
        subject: { type: subjectType, id: subject },
        kind,
        result,
        ...(options.checkedAt !== undefined && { checkedAt: options.checkedAt }),
        ...(options.checkedBy !== undefined && { checkedBy: options.checkedBy }),
        ...(options.note !== undefined && { details: { note: options.note } }),
      };
      print(options.json, await db(command, (d) => recordManualEvidence(d, tenant, input, actor())), (e) => formatEvidence([e]));
    });

  evidence
    .command('list')
    .description('list the evidence, latest check first')
    .argument('<tenant>', 'tenant id or slug')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(EVIDENCE_KINDS))
    .addOption(new Option('--result <result>', 'only this result').choices(EVIDENCE_RESULTS))
    .option('--limit <n>', 'page size', (v) => parsePositiveInteger(v))
    .option('--after <cursor>', 'continue after this cursor (printed at the end of the previous page)')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { kind?: string; result?: string; limit?: number; after?: string; json?: boolean }, command) => {
      const { json, ...query } = options;
      const page = await db(command, (d) => listEvidence(d, tenant, query));
      print(json, page, (p) => formatEvidence(p.items) + (p.next === null ? '' : `more: belay migration evidence list ${tenant} --after ${p.next}\n`));
    });

  migration
    .command('transition')
    .description('move one of an employee’s machines along its table')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<employee>', 'migration employee id or extension')
    .addArgument(new Argument('<machine>', 'which machine').choices(EMPLOYEE_MACHINES))
    .argument('<to>', 'the state to move to')
    .option('--note <text>', 'why; required when training is waived')
    .addOption(jsonOption())
    .action(async (tenant: string, employee: string, machine: string, to: string, options: { note?: string; json?: boolean }, command) => {
      const input = { machine, to, ...(options.note !== undefined && { note: options.note }) };
      const state = await db(command, (d) => changeEmployeeState(d, tenant, employee, input, actor()));
      print(options.json, state, (s) =>
        formatTable(['extension', 'name', 'number', 'device', 'training', 'note'], [[s.extension, s.name, s.numberState, s.deviceState, s.trainingState, s.trainingNote ?? '-']]),
      );
    });
};
