import type { Actor } from '../centrex/index.js';
import { isDomainError } from '../kernel/index.js';
import { applyInventory, previewInventory } from '../migration/index.js';
import type { InventoryIssue, InventoryReport } from '../migration/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { CommandFailed } from './exit-code.js';
import { formatTable } from './format-table.js';
import { jsonOption } from './option-parsers.js';
import { readTextFile } from './read-text-file.js';

const fileNames = { employees: 'employees', sites: 'sites', numberBlocks: 'number blocks' } as const;

function formatReport(report: InventoryReport): string {
  const counts = Object.entries(report.counts).map(([kind, c]) => [kind === 'numberBlocks' ? 'number blocks' : kind, String(c.created), String(c.updated), String(c.unchanged)]);
  const issues = [...report.errors, ...report.warnings].map((issue: InventoryIssue) => [
    issue.severity,
    fileNames[issue.file],
    issue.row === null ? '-' : String(issue.row),
    issue.column ?? '-',
    issue.code,
    issue.message.replace(/\s+/g, ' '),
  ]);
  const table = formatTable(['records', 'created', 'updated', 'unchanged'], counts);
  return issues.length === 0 ? table : `${table}\n${formatTable(['severity', 'file', 'row', 'column', 'code', 'problem'], issues)}`;
}

/** `belay import <tenant> <employees.csv>`: the inventory of the old phone system, checked, then (with --apply) imported. */
export const importCommand: CliCommand = (program, ctx) => {
  program
    .command('import')
    .description('check an inventory export of the old phone system (CSV, see the README) and, with --apply, import it all or nothing')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<employees.csv>', 'one row per employee: name, email, extension, number, site, device_vendor, device_model, device_mac, language, role')
    .option('--sites <file>', 'the sites: name, address, area_code')
    .option('--number-blocks <file>', 'the number blocks: kind (legacy|provisional), base_number, ddi_range, site, old_provider, line_id')
    .option('--apply', 'import it (without: a dry run that writes nothing)')
    .addOption(jsonOption())
    .action(async (tenant: string, employeesFile: string, options: { sites?: string; numberBlocks?: string; apply?: boolean; json?: boolean }, command) => {
      const input = {
        employees: readTextFile(employeesFile),
        ...(options.sites !== undefined && { sites: readTextFile(options.sites) }),
        ...(options.numberBlocks !== undefined && { numberBlocks: readTextFile(options.numberBlocks) }),
      };
      const actor: Actor = { kind: 'cli', id: ctx.user };
      const report = await withDatabase(ctx, command, async (database) => {
        const preview = await previewInventory(database, tenant, input);
        if (!options.apply || preview.errors.length > 0) return preview;
        try {
          return await applyInventory(database, tenant, input, actor);
        } catch (error) {
          // the files were checked again inside the transaction and something had changed since the preview
          if (isDomainError(error) && error.fields.length > 0) ctx.stderr(error.fields.map((f) => `belay: ${f.field}: ${f.message}\n`).join(''));
          throw error;
        }
      });
      ctx.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
      if (report.errors.length > 0) {
        throw new CommandFailed(`${report.errors.length} ${report.errors.length === 1 ? 'error' : 'errors'}: nothing was imported`);
      }
      if (!options.json) ctx.stdout(report.applied ? 'imported\n' : 'a dry run: nothing was imported (add --apply to import)\n');
    });
};
