import { InvalidArgumentError, Option } from 'commander';
import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from '../centrex/index.js';
import type { Actor, Tenant } from '../centrex/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';

const columns = ['slug', 'name', 'id', 'createdAt'] as const satisfies readonly (keyof Tenant)[];

/** Tenants as aligned columns under a header line. */
function formatTenants(tenants: readonly Tenant[]): string {
  const rows = [columns.map((c) => c.toUpperCase()), ...tenants.map((t) => columns.map((c) => t[c]))];
  const widths = columns.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd() + '\n').join('');
}

const jsonOption = () => new Option('--json', 'print JSON instead of a table');

/** `belay tenant …`: manage tenants directly in the configured database (no server needed). */
export const tenantCommand: CliCommand = (program, ctx) => {
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const print = (json: boolean | undefined, value: Tenant | { items: readonly Tenant[]; next: string | null }): void => {
    if (json) return ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
    if ('items' in value) {
      ctx.stdout(formatTenants(value.items));
      if (value.next !== null) ctx.stdout(`more: belay tenant list --after ${value.next}\n`);
    } else {
      ctx.stdout(formatTenants([value]));
    }
  };

  const tenant = program.command('tenant').description('manage tenants (the customer companies hosted here)');

  tenant
    .command('create')
    .description('create a tenant')
    .requiredOption('--slug <slug>', 'short unique name used in URLs and SIP domains, e.g. acme')
    .requiredOption('--name <name>', 'display name, e.g. "ACME GmbH"')
    .addOption(jsonOption())
    .action(async (options: { slug: string; name: string; json?: boolean }, command) => {
      const created = await withDatabase(ctx, command, (db) => createTenant(db, { slug: options.slug, name: options.name }, actor()));
      print(options.json, created);
    });

  tenant
    .command('list')
    .description('list tenants, a page at a time')
    .option('--limit <n>', 'page size', (v) => parsePositiveInteger(v))
    .option('--after <cursor>', 'continue after this cursor (printed at the end of the previous page)')
    .addOption(jsonOption())
    .action(async (options: { limit?: number; after?: string; json?: boolean }, command) => {
      const page = await withDatabase(ctx, command, (db) => listTenants(db, { limit: options.limit, after: options.after }));
      print(options.json, page);
    });

  tenant
    .command('show')
    .description('show one tenant')
    .argument('<tenant>', 'id or slug')
    .addOption(jsonOption())
    .action(async (idOrSlug: string, options: { json?: boolean }, command) => {
      print(options.json, await withDatabase(ctx, command, (db) => getTenant(db, idOrSlug)));
    });

  tenant
    .command('update')
    .description('change a tenant’s slug or name')
    .argument('<tenant>', 'id or slug')
    .option('--slug <slug>', 'new slug')
    .option('--name <name>', 'new display name')
    .addOption(jsonOption())
    .action(async (idOrSlug: string, options: { slug?: string; name?: string; json?: boolean }, command) => {
      const { json, ...patch } = options;
      const updated = await withDatabase(ctx, command, (db) => updateTenant(db, idOrSlug, patch, actor()));
      print(json, updated);
    });

  tenant
    .command('delete')
    .description('delete a tenant that holds no data any more')
    .argument('<tenant>', 'id or slug')
    .action(async (idOrSlug: string, _options: object, command) => {
      await withDatabase(ctx, command, (db) => deleteTenant(db, idOrSlug, actor()));
      ctx.stdout(`deleted tenant ${idOrSlug}\n`);
    });
};

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}
