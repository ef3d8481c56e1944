import type { Actor } from '../centrex/index.js';
import { applyNumberPlan, previewNumberPlan } from '../migration/index.js';
import type { NumberPlanReport } from '../migration/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption } from './option-parsers.js';

function formatPlan(plan: NumberPlanReport): string {
  const rows = plan.entries.map((e) => [e.extension, e.name, e.legacyNumber ?? '-', e.currentNumber ?? '-', e.plannedNumber ?? '-', e.reason, e.conflict ?? '']);
  const { kept, suffix, nextFree, unplanned, changed } = plan.counts;
  const summary = `${suffix} keep their DDI, ${nextFree} get the next free number, ${kept} kept, ${unplanned} without a number; ${changed} changed`;
  return `${formatTable(['extension', 'name', 'legacy', 'current', 'planned', 'reason', 'conflict'], rows)}\n${summary}${plan.applied ? ' (applied)' : ' (a preview: add --apply to write it)'}\n`;
}

/** `belay plan <tenant>`: the provisional number of every employee, previewed or (with --apply) written. */
export const planCommand: CliCommand = (program, ctx) => {
  program
    .command('plan')
    .description('plan each employee’s provisional number on the new trunk (the legacy DDI where the block allows, else the next free number); --apply writes it')
    .argument('<tenant>', 'tenant id or slug')
    .option('--apply', 'write the plan (without: a preview)')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { apply?: boolean; json?: boolean }, command) => {
      const actor: Actor = { kind: 'cli', id: ctx.user };
      const plan = await withDatabase(ctx, command, (database) => (options.apply ? applyNumberPlan(database, tenant, actor) : previewNumberPlan(database, tenant)));
      ctx.stdout(options.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
    });
};
