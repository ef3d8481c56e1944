import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from '../centrex/index.js';
import type { Actor, Tenant } from '../centrex/index.js';
import { configFor, withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption, parsePositiveInteger } from './option-parsers.js';

const columns = ['slug', 'name', 'sipDomain', 'id', 'createdAt'] as const satisfies readonly (keyof Tenant)[];

const formatTenants = (tenants: readonly Tenant[]): string => formatTable(columns, tenants.map((t) => columns.map((c) => t[c])));

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
    .option('--sip-domain <domain>', 'SIP domain and Digest realm (default: <slug>.$BELAY_SIP_DOMAIN)')
    .addOption(jsonOption())
    .action(async (options: { slug: string; name: string; sipDomain?: string; json?: boolean }, command) => {
      const { json, ...input } = options;
      const sipDomainParent = configFor(ctx, command).sipDomain;
      const created = await withDatabase(ctx, command, (db) => createTenant(db, input, actor(), { sipDomainParent }));
      print(json, created);
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
    .description('change a tenant’s slug, name or SIP domain')
    .argument('<tenant>', 'id or slug')
    .option('--slug <slug>', 'new slug')
    .option('--name <name>', 'new display name')
    .option('--sip-domain <domain>', 'new SIP domain (invalidates the users’ SIP passwords, see --reset-passwords)')
    .option('--reset-passwords', 'let a SIP domain change clear the users’ SIP passwords; each then needs a new one')
    .option('--reception-extension <extension>', 'where calls to the tenant’s numbers without an employee go (`none` removes it)')
    .addOption(jsonOption())
    .action(
      async (
        idOrSlug: string,
        options: { slug?: string; name?: string; sipDomain?: string; resetPasswords?: boolean; receptionExtension?: string; json?: boolean },
        command,
      ) => {
        const { json, receptionExtension, ...rest } = options;
        const patch = { ...rest, ...(receptionExtension !== undefined && { receptionExtension: receptionExtension === 'none' ? null : receptionExtension }) };
        const updated = await withDatabase(ctx, command, (db) => updateTenant(db, idOrSlug, patch, actor()));
        print(json, updated);
      },
    );

  tenant
    .command('delete')
    .description('delete a tenant that holds no data any more')
    .argument('<tenant>', 'id or slug')
    .action(async (idOrSlug: string, _options: object, command) => {
      await withDatabase(ctx, command, (db) => deleteTenant(db, idOrSlug, actor()));
      ctx.stdout(`deleted tenant ${idOrSlug}\n`);
    });
};
