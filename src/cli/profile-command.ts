import { Option } from 'commander';
import { createTrunkProfile, deleteTrunkProfile, getTrunkProfile, listTrunkProfiles, updateTrunkProfile } from '../centrex/index.js';
import type { Actor, TrunkProfileEntry } from '../centrex/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { CommandFailed } from './exit-code.js';
import { formatTable } from './format-table.js';
import { jsonOption } from './option-parsers.js';

function formatProfiles(profiles: readonly TrunkProfileEntry[]): string {
  const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
  const rows = profiles.map((p) => [
    p.name,
    p.builtin ? 'built-in' : p.tenantId === null ? 'shared' : 'tenant',
    p.fromUser,
    p.fromDisplay,
    p.ppi,
    p.pai,
    p.format,
    yesNo(p.userPhone),
    yesNo(p.diversion),
  ]);
  return formatTable(['name', 'kind', 'fromUser', 'fromDisplay', 'ppi', 'pai', 'format', 'userPhone', 'diversion'], rows);
}

/** The definition fields, each an option; `create` and `update` share them. */
function definitionOptions(): Option[] {
  return [
    new Option('--from-user <what>', 'the From user: upn (presented number), npn (network number) or account (the trunk’s username)'),
    new Option('--from-display <what>', 'the From display name: name, upn or none'),
    new Option('--ppi <what>', 'what P-Preferred-Identity carries: upn, npn or none'),
    new Option('--pai <what>', 'what P-Asserted-Identity carries: upn, npn or none'),
    new Option('--format <format>', 'how numbers are written: e164 (+49…), international (0049…), e164-digits (49…) or national (0…)'),
    new Option('--user-phone', 'add ;user=phone to number URIs'),
    new Option('--no-user-phone', 'no ;user=phone on number URIs'),
    new Option('--diversion', 'forwarded legs carry a Diversion header naming the employee’s number'),
    new Option('--no-diversion', 'no Diversion header on forwarded legs'),
  ];
}

interface DefinitionOptions {
  fromUser?: string;
  fromDisplay?: string;
  ppi?: string;
  pai?: string;
  format?: string;
  userPhone?: boolean;
  diversion?: boolean;
}

/** The definition fields given on the command line. */
function givenFields(options: DefinitionOptions): Record<string, unknown> {
  const { fromUser, fromDisplay, ppi, pai, format, userPhone, diversion } = options;
  return Object.fromEntries(Object.entries({ fromUser, fromDisplay, ppi, pai, format, userPhone, diversion }).filter(([, value]) => value !== undefined));
}

/** `belay profile …`: trunk profiles (where a trunk's INVITEs carry the presented and the network number). */
export const profileCommand: CliCommand = (program, ctx) => {
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const print = (json: boolean | undefined, value: TrunkProfileEntry | { items: readonly TrunkProfileEntry[] }): void => {
    if (json) return ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
    ctx.stdout(formatProfiles('items' in value ? value.items : [value]));
  };

  const profile = program.command('profile').description('trunk profiles: where INVITEs to a trunk carry the presented and the network number');

  profile
    .command('list')
    .description('list the built-in profiles and the custom ones')
    .option('--tenant <tenant>', 'only those the tenant’s trunks may use (built-in, shared, its own)')
    .addOption(jsonOption())
    .action(async (options: { tenant?: string; json?: boolean }, command) => {
      print(options.json, await withDatabase(ctx, command, (db) => listTrunkProfiles(db, options.tenant)));
    });

  profile
    .command('show')
    .description('show one profile')
    .argument('<profile>', 'name or id')
    .addOption(jsonOption())
    .action(async (name: string, options: { json?: boolean }, command) => {
      print(options.json, await withDatabase(ctx, command, (db) => getTrunkProfile(db, name)));
    });

  const create = profile
    .command('create')
    .description('create a custom profile, starting from another one (default generic) and changing what the options say')
    .argument('<name>', 'lowercase letters, digits, dots, underscores and hyphens; not a built-in name')
    .option('--tenant <tenant>', 'the tenant whose trunks may use it')
    .addOption(new Option('--shared', 'usable by every tenant’s trunks').conflicts('tenant'))
    .option('--like <profile>', 'start from this profile', 'generic');
  for (const option of definitionOptions()) create.addOption(option);
  create.addOption(jsonOption()).action(async (name: string, options: DefinitionOptions & { tenant?: string; shared?: boolean; like: string; json?: boolean }, command) => {
    if (options.tenant === undefined && options.shared !== true) throw new CommandFailed('name whose profile it is: --tenant <tenant> or --shared');
    const created = await withDatabase(ctx, command, async (db) => {
      const base = await getTrunkProfile(db, options.like);
      const definition = { fromUser: base.fromUser, fromDisplay: base.fromDisplay, ppi: base.ppi, pai: base.pai, format: base.format, userPhone: base.userPhone, diversion: base.diversion };
      return createTrunkProfile(db, options.tenant ?? null, { name, ...definition, ...givenFields(options) }, actor());
    });
    print(options.json, created);
  });

  const update = profile.command('update').description('change a custom profile').argument('<profile>', 'name or id');
  for (const option of definitionOptions()) update.addOption(option);
  update.addOption(jsonOption()).action(async (name: string, options: DefinitionOptions & { json?: boolean }, command) => {
    print(options.json, await withDatabase(ctx, command, (db) => updateTrunkProfile(db, name, givenFields(options), actor())));
  });

  profile
    .command('delete')
    .description('delete a custom profile no trunk uses')
    .argument('<profile>', 'name or id')
    .action(async (name: string, _options: object, command) => {
      await withDatabase(ctx, command, (db) => deleteTrunkProfile(db, name, actor()));
      ctx.stdout(`deleted trunk profile ${name}\n`);
    });
};
