import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { createTrunk, deleteTrunk, getTrunk, listTrunks, updateTrunk } from '../centrex/index.js';
import type { Actor, Trunk } from '../centrex/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { CommandFailed } from './exit-code.js';
import { formatTable } from './format-table.js';
import { jsonOption, parsePositiveInteger, readSecretFile } from './option-parsers.js';
import { serverApi, serverOption } from './server-api.js';

/** The word that removes an optional setting on update. */
const NONE = 'none';

function formatTrunks(trunks: readonly Trunk[]): string {
  const rows = trunks.map((t) => [
    t.name,
    t.mode,
    `${t.transport}:${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`,
    t.profile,
    String(t.priority),
    t.enabled ? 'yes' : 'no',
    t.username ?? '-',
    t.passwordSet ? 'set' : '-',
    t.defaultNumber ?? '-',
    t.id,
  ]);
  return formatTable(['name', 'mode', 'server', 'profile', 'priority', 'enabled', 'username', 'password', 'defaultNumber', 'id'], rows);
}

/** A trunk's state as `GET …/trunks/:trunk/status` answers it. */
interface TrunkStatusView {
  readonly name: string;
  readonly live: boolean;
  readonly state: string;
  readonly lastError: string | null;
  readonly registeredUntil: string | null;
  readonly lastAttemptAt: string | null;
  readonly activeCalls: number;
}

function formatStatus(s: TrunkStatusView): string {
  const row = [s.name, s.state, s.live ? 'yes' : 'no', s.registeredUntil ?? '-', s.lastAttemptAt ?? '-', String(s.activeCalls), s.lastError ?? '-'];
  return formatTable(['name', 'state', 'live', 'registeredUntil', 'lastAttempt', 'calls', 'lastError'], [row]);
}

interface OwnerOptions {
  tenant?: string;
  shared?: boolean;
}

/** Whose trunks a command is about: `--tenant <tenant>` or `--shared`, exactly one. */
function ownerOf(options: OwnerOptions): string | null {
  if ((options.tenant === undefined) === (options.shared !== true)) throw new CommandFailed('name the trunks’ owner: --tenant <tenant> or --shared');
  return options.tenant ?? null;
}

const ownerOptions = (): Option[] => [
  new Option('--tenant <tenant>', 'the tenant (id or slug) whose trunks these are'),
  new Option('--shared', 'the trunks shared by the provider, usable by every tenant').conflicts('tenant'),
];

/** A positive integer, or `none` (kept as the word: commander turns a null from a parser into ''). */
const countOrNone = (value: string): number | typeof NONE => (value === NONE ? NONE : parsePositiveInteger(value));

function addressList(value: string): string[] {
  if (value === NONE) return [];
  const addresses = value.split(',').map((a) => a.trim());
  if (addresses.some((a) => a === '')) throw new InvalidArgumentError(`expected IP addresses separated by commas, got "${value}"`);
  return addresses;
}

/** The trunk settings `create` and `update` share; on update `none` removes an optional one. */
function settingOptions(update: boolean): Option[] {
  const clear = (what: string) => (update ? `${what} (\`${NONE}\` removes it)` : what);
  return [
    new Option('--port <port>', 'the carrier’s SIP port (default 5060, 5061 with TLS)').argParser(parsePositiveInteger),
    new Option('--transport <transport>', 'udp, tcp or tls (default udp)'),
    new Option('--domain <domain>', update ? `the SIP domain of the trunk’s URIs (\`${NONE}\`: the host)` : 'the SIP domain of the trunk’s URIs (default: the host)'),
    new Option('--outbound-proxy <host:port>', clear('where requests go first')),
    new Option('--username <user>', clear('the account: user part of From and of the registration')),
    new Option('--auth-username <user>', clear('the Digest username, when it differs from the username')),
    new Option('--password-file <file>', 'read the Digest password from this file (/dev/stdin: from a pipe)').argParser(readSecretFile),
    new Option('--register-expires <seconds>', 'seconds a registration asks for (default 600)').argParser(parsePositiveInteger),
    new Option('--profile <profile>', 'trunk profile: generic, telekom, sipgate, nfon, dts or a custom one (default generic)'),
    new Option('--inbound-addresses <ips>', clear('IP addresses the carrier sends calls from, separated by commas')).argParser(addressList),
    new Option('--default-number <number>', clear('the trunk’s main number, the network number of last resort')),
    new Option('--priority <n>', 'lower is tried first (default 100)').argParser(parsePositiveInteger),
    new Option('--max-calls <n>', clear('concurrent calls at most')).argParser(countOrNone),
    new Option('--max-cps <n>', clear('new calls per second at most')).argParser(countOrNone),
    new Option('--site <site>', clear('the site (id or name) the trunk serves; its emergency calls prefer it')),
  ];
}

interface SettingOptions {
  port?: number;
  transport?: string;
  domain?: string;
  outboundProxy?: string;
  username?: string;
  authUsername?: string;
  passwordFile?: string;
  registerExpires?: number;
  profile?: string;
  inboundAddresses?: string[];
  defaultNumber?: string;
  priority?: number;
  maxCalls?: number | typeof NONE;
  maxCps?: number | typeof NONE;
  site?: string;
}

/** The settings given, as the service takes them: `none` as null (which removes an optional setting). */
function settingsInput(options: SettingOptions): Record<string, unknown> {
  const { passwordFile, ...settings } = options;
  const given = Object.entries(settings).filter(([, value]) => value !== undefined);
  return {
    ...Object.fromEntries(given.map(([key, value]: [string, unknown]) => [key, value === NONE ? null : value])),
    ...(passwordFile !== undefined && { password: passwordFile }),
  };
}

/** `belay trunk …`: manage SIP trunks directly in the configured database; `status` asks the running server. */
export const trunkCommand: CliCommand = (program, ctx) => {
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const print = (json: boolean | undefined, value: Trunk | { items: readonly Trunk[] }): void => {
    if (json) return ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
    ctx.stdout(formatTrunks('items' in value ? value.items : [value]));
  };
  const withOwner = (command: Command): Command => {
    for (const option of ownerOptions()) command.addOption(option);
    return command;
  };

  const trunk = program.command('trunk').description('manage SIP trunks to carriers: a tenant’s own (--tenant) or shared by the provider (--shared)');

  const create = withOwner(
    trunk
      .command('create')
      .description('create a trunk')
      .requiredOption('--name <name>', 'unique among the owner’s trunks')
      .requiredOption('--mode <mode>', 'register (belay registers at the carrier) or ip (the carrier knows belay by its address)')
      .requiredOption('--host <host>', 'the carrier’s SIP server: an IP address or a DNS name')
      .option('--disabled', 'create it switched off'),
  );
  for (const option of settingOptions(false)) create.addOption(option);
  create.addOption(jsonOption()).action(async (options: OwnerOptions & SettingOptions & { name: string; mode: string; host: string; disabled?: boolean; json?: boolean }, command) => {
    const { tenant, shared, json, disabled, name, mode, host, ...settings } = options;
    const owner = ownerOf({ tenant, shared });
    const input = { name, mode, host, ...settingsInput(settings), ...(disabled && { enabled: false }) };
    print(json, await withDatabase(ctx, command, (db) => createTrunk(db, owner, input, actor())));
  });

  withOwner(trunk.command('list').description('list the trunks in the order they are tried'))
    .addOption(jsonOption())
    .action(async (options: OwnerOptions & { json?: boolean }, command) => {
      const owner = ownerOf(options);
      print(options.json, await withDatabase(ctx, command, (db) => listTrunks(db, owner)));
    });

  withOwner(trunk.command('show').description('show one trunk').argument('<trunk>', 'id or name'))
    .addOption(jsonOption())
    .action(async (idOrName: string, options: OwnerOptions & { json?: boolean }, command) => {
      const owner = ownerOf(options);
      print(options.json, await withDatabase(ctx, command, (db) => getTrunk(db, owner, idOrName)));
    });

  const update = withOwner(
    trunk
      .command('update')
      .description('change a trunk')
      .argument('<trunk>', 'id or name')
      .option('--name <name>', 'new name')
      .option('--mode <mode>', 'register or ip')
      .option('--host <host>', 'new SIP server')
      .option('--remove-password', 'remove the stored password')
      .option('--enable', 'switch it on')
      .addOption(new Option('--disable', 'switch it off').conflicts('enable')),
  );
  for (const option of settingOptions(true)) update.addOption(option);
  update.addOption(jsonOption()).action(
    async (
      idOrName: string,
      options: OwnerOptions & SettingOptions & { name?: string; mode?: string; host?: string; removePassword?: boolean; enable?: boolean; disable?: boolean; json?: boolean },
      command,
    ) => {
      const { tenant, shared, json, removePassword, enable, disable, ...settings } = options;
      const owner = ownerOf({ tenant, shared });
      if (removePassword && settings.passwordFile !== undefined) throw new CommandFailed('--remove-password cannot be combined with --password-file');
      const patch = {
        ...settingsInput(settings),
        ...(removePassword && { password: null }),
        ...((enable || disable) && { enabled: enable === true }),
      };
      print(json, await withDatabase(ctx, command, (db) => updateTrunk(db, owner, idOrName, patch, actor())));
    },
  );

  withOwner(trunk.command('delete').description('delete a trunk').argument('<trunk>', 'id or name')).action(async (idOrName: string, options: OwnerOptions, command) => {
    const owner = ownerOf(options);
    await withDatabase(ctx, command, (db) => deleteTrunk(db, owner, idOrName, actor()));
    ctx.stdout(`deleted trunk ${idOrName}\n`);
  });

  withOwner(trunk.command('status').description('what a trunk is doing now: its registration and calls (asks the running server)').argument('<trunk>', 'id or name'))
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (idOrName: string, options: OwnerOptions & { json?: boolean }, command) => {
      const owner = ownerOf(options);
      const base = owner === null ? '' : `/tenants/${encodeURIComponent(owner)}`;
      const status = await serverApi(ctx, command).get<TrunkStatusView>(`${base}/trunks/${encodeURIComponent(idOrName)}/status`);
      ctx.stdout(options.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    });
};
