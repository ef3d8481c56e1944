import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import {
  createUser,
  createUsers,
  deleteUser,
  forwardTargetText,
  getUser,
  listUsers,
  setUserPassword,
  updateUser,
} from '../centrex/index.js';
import type { Actor, User, UserPage, UserWithGeneratedPassword } from '../centrex/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand, CliContext } from './cli-context.js';
import { CommandFailed } from './exit-code.js';
import { formatTable } from './format-table.js';
import { jsonOption, parsePositiveInteger, readSecretFile } from './option-parsers.js';

/** The word that removes a forwarding on update. */
const NONE = 'none';

/** Forwarding, and the external number rung in parallel. */
function describeForwarding({ forwarding, ringExternal }: Pick<User, 'forwarding' | 'ringExternal'>): string {
  const parts = [
    ringExternal !== null && `parallel→${ringExternal}`,
    forwarding.always && `always→${forwardTargetText(forwarding.always)}`,
    forwarding.busy && `busy→${forwardTargetText(forwarding.busy)}`,
    forwarding.noAnswer && `no-answer(${forwarding.noAnswer.seconds}s)→${forwardTargetText(forwarding.noAnswer.target)}`,
    forwarding.unregistered && `unregistered→${forwardTargetText(forwarding.unregistered)}`,
  ];
  return parts.filter(Boolean).join(' ') || '-';
}

function formatUsers(users: readonly User[]): string {
  const rows = users.map((u) => [
    u.extension,
    u.name,
    u.sipUsername,
    u.hasPassword ? 'yes' : 'no',
    u.dnd ? 'on' : 'off',
    u.classOfService,
    u.clir ? 'on' : 'off',
    describeForwarding(u),
    u.email ?? '-',
    u.id,
  ]);
  return formatTable(['extension', 'name', 'sipUsername', 'password', 'dnd', 'cos', 'clir', 'forwarding', 'email', 'id'], rows);
}

interface ForwardingOptions {
  forwardAlways?: string;
  forwardBusy?: string;
  forwardNoAnswer?: string;
  forwardNoAnswerSeconds?: number;
  forwardUnregistered?: string;
}

interface TelephonyOptions {
  classOfService?: string;
  clir?: boolean;
  ringExternal?: string;
}

interface PasswordOptions {
  /** The password read from the file given. */
  passwordFile?: string;
  generatePassword?: boolean;
}

/** The `forwarding` patch the options describe (`none` removes a kind), or undefined if they name none. */
function forwardingPatch(options: ForwardingOptions): Record<string, unknown> | undefined {
  const target = (value: string | undefined) => (value === undefined ? undefined : value === NONE ? null : value);
  if (options.forwardNoAnswerSeconds !== undefined && (options.forwardNoAnswer === undefined || options.forwardNoAnswer === NONE)) {
    throw new CommandFailed('--forward-no-answer-seconds needs --forward-no-answer <target>');
  }
  const noAnswer = target(options.forwardNoAnswer);
  const patch = {
    always: target(options.forwardAlways),
    busy: target(options.forwardBusy),
    noAnswer: noAnswer && { target: noAnswer, ...(options.forwardNoAnswerSeconds !== undefined && { seconds: options.forwardNoAnswerSeconds }) },
    unregistered: target(options.forwardUnregistered),
  };
  const given = Object.entries(patch).filter(([, value]) => value !== undefined);
  return given.length === 0 ? undefined : Object.fromEntries(given);
}

const telephonyInput = (options: TelephonyOptions) => ({
  ...(options.classOfService !== undefined && { classOfService: options.classOfService }),
  ...(options.clir !== undefined && { clir: options.clir }),
  ...(options.ringExternal !== undefined && { ringExternal: options.ringExternal === NONE ? null : options.ringExternal }),
});

const passwordInput = (options: PasswordOptions) => ({
  ...(options.passwordFile !== undefined && { password: options.passwordFile }),
  ...(options.generatePassword && { generatePassword: true }),
});

/** Options every command that sets call features shares. */
function featureOptions(): Option[] {
  const forward = (kind: string, what: string) =>
    new Option(`--forward-${kind} <target>`, `forward ${what} to an extension or phone number (\`${NONE}\` removes it)`);
  return [
    forward('always', 'every call'),
    forward('busy', 'calls when busy'),
    forward('no-answer', 'calls not answered in time'),
    new Option('--forward-no-answer-seconds <n>', 'ring this long before forwarding (5–120, default 20)').argParser(parsePositiveInteger),
    forward('unregistered', 'calls when no phone is registered'),
    new Option('--class-of-service <class>', 'what the user may dial out to: internal, local, national, mobile, international (default) or premium'),
    new Option('--clir', 'withhold the user’s number on outbound calls'),
    new Option('--no-clir', 'show the user’s number on outbound calls'),
    new Option('--ring-external <number>', `an external number rung in parallel with the user’s phones (\`${NONE}\` removes it)`),
    new Option('--password-file <file>', 'read the SIP password from this file (/dev/stdin: from a pipe)').argParser(readSecretFile),
    new Option('--generate-password', 'let belay choose a strong SIP password and print it once').conflicts('passwordFile'),
  ];
}

/** `belay user …`: manage a tenant's users directly in the configured database. */
export const userCommand: CliCommand = (program, ctx) => {
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const user = program.command('user').description('manage the users (employees) of a tenant: extensions, SIP accounts, forwarding');

  const create = user
    .command('create')
    .description('create a user')
    .argument('<tenant>', 'tenant id or slug')
    .requiredOption('--extension <digits>', 'the internal number, 2–8 digits')
    .requiredOption('--name <name>', 'the employee’s name')
    .option('--email <address>', 'e-mail address')
    .option('--sip-username <name>', 'username the phones authenticate with (default: the extension)')
    .option('--dnd', 'start with do-not-disturb on');
  for (const option of featureOptions()) create.addOption(option);
  create.addOption(jsonOption()).action(
    async (
      tenant: string,
      options: { extension: string; name: string; email?: string; sipUsername?: string; dnd?: boolean; json?: boolean } & ForwardingOptions &
        TelephonyOptions &
        PasswordOptions,
      command,
    ) => {
      const forwarding = forwardingPatch(options);
      const input = {
        extension: options.extension,
        name: options.name,
        ...(options.email !== undefined && { email: options.email }),
        ...(options.sipUsername !== undefined && { sipUsername: options.sipUsername }),
        ...(options.dnd && { dnd: true }),
        ...(forwarding && { forwarding }),
        ...telephonyInput(options),
        ...passwordInput(options),
      };
      printChanged(ctx, options.json, await withDatabase(ctx, command, (db) => createUser(db, tenant, input, actor())));
    },
  );

  user
    .command('import')
    .description('create many users from a JSON file, all or none')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<file>', 'a JSON list of users, each as the API takes them: { "extension", "name", … }')
    .addOption(jsonOption())
    .action(async (tenant: string, file: string, options: { json?: boolean }, command) => {
      const users = readJsonFile(file);
      const created = await withDatabase(ctx, command, (db) => createUsers(db, tenant, { users }, actor()));
      if (options.json) return ctx.stdout(`${JSON.stringify({ items: created }, null, 2)}\n`);
      ctx.stdout(formatUsers(created));
      for (const u of created) if (u.generatedPassword !== undefined) ctx.stdout(`password of ${u.extension} (shown once): ${u.generatedPassword}\n`);
    });

  user
    .command('list')
    .description('list a tenant’s users in extension order, a page at a time')
    .argument('<tenant>', 'tenant id or slug')
    .option('--extension <digits>', 'only the user with this extension')
    .option('--limit <n>', 'page size', (v) => parsePositiveInteger(v))
    .option('--after <cursor>', 'continue after this cursor (printed at the end of the previous page)')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { extension?: string; limit?: number; after?: string; json?: boolean }, command) => {
      const { json, ...page } = options;
      const result: UserPage = await withDatabase(ctx, command, (db) => listUsers(db, tenant, page));
      if (json) return ctx.stdout(`${JSON.stringify(result, null, 2)}\n`);
      ctx.stdout(formatUsers(result.items));
      if (result.next !== null) ctx.stdout(`more: belay user list ${tenant} --after ${result.next}\n`);
    });

  user
    .command('show')
    .description('show one user')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<user>', 'user id or extension')
    .addOption(jsonOption())
    .action(async (tenant: string, idOrExtension: string, options: { json?: boolean }, command) => {
      printChanged(ctx, options.json, await withDatabase(ctx, command, (db) => getUser(db, tenant, idOrExtension)));
    });

  const update = user
    .command('update')
    .description('change a user')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<user>', 'user id or extension')
    .option('--extension <digits>', 'new extension')
    .option('--name <name>', 'new name')
    .option('--email <address>', 'new e-mail address')
    .option('--no-email', 'remove the e-mail address')
    .option('--sip-username <name>', 'new SIP username (needs a new password too)')
    .option('--dnd', 'turn do-not-disturb on')
    .option('--no-dnd', 'turn do-not-disturb off');
  for (const option of featureOptions()) update.addOption(option);
  update.addOption(jsonOption()).action(
    async (
      tenant: string,
      idOrExtension: string,
      options: { extension?: string; name?: string; email?: string | false; sipUsername?: string; dnd?: boolean; json?: boolean } &
        ForwardingOptions &
        TelephonyOptions &
        PasswordOptions,
      command,
    ) => {
      const forwarding = forwardingPatch(options);
      const patch = {
        ...(options.extension !== undefined && { extension: options.extension }),
        ...(options.name !== undefined && { name: options.name }),
        ...(options.email !== undefined && { email: options.email === false ? null : options.email }),
        ...(options.sipUsername !== undefined && { sipUsername: options.sipUsername }),
        ...(options.dnd !== undefined && { dnd: options.dnd }),
        ...(forwarding && { forwarding }),
        ...telephonyInput(options),
        ...passwordInput(options),
      };
      printChanged(ctx, options.json, await withDatabase(ctx, command, (db) => updateUser(db, tenant, idOrExtension, patch, actor())));
    },
  );

  user
    .command('set-password')
    .description('set a user’s SIP password, from a file or generated')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<user>', 'user id or extension')
    .addOption(new Option('--password-file <file>', 'read the password from this file (/dev/stdin: from a pipe)').argParser(readSecretFile))
    .addOption(new Option('--generate', 'let belay choose a strong password and print it once').conflicts('passwordFile'))
    .addOption(jsonOption())
    .action(async (tenant: string, idOrExtension: string, options: { passwordFile?: string; generate?: boolean; json?: boolean }, command) => {
      if (options.passwordFile === undefined && !options.generate) throw new CommandFailed('give --password-file <file> or --generate');
      const input = options.generate ? { generate: true } : { password: options.passwordFile };
      printChanged(ctx, options.json, await withDatabase(ctx, command, (db) => setUserPassword(db, tenant, idOrExtension, input, actor())));
    });

  user
    .command('delete')
    .description('delete a user (their devices stay in the inventory, unassigned)')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<user>', 'user id or extension')
    .action(async (tenant: string, idOrExtension: string, _options: object, command) => {
      await withDatabase(ctx, command, (db) => deleteUser(db, tenant, idOrExtension, actor()));
      ctx.stdout(`deleted user ${idOrExtension}\n`);
    });
};

/** One user as a table (or JSON), followed by the generated password if there is one. */
function printChanged(ctx: CliContext, json: boolean | undefined, user: UserWithGeneratedPassword): void {
  if (json) return ctx.stdout(`${JSON.stringify(user, null, 2)}\n`);
  ctx.stdout(formatUsers([user]));
  if (user.generatedPassword !== undefined) ctx.stdout(`password of ${user.extension} (shown once): ${user.generatedPassword}\n`);
}

/** The list of users in an import file: a JSON array, or an object with a `users` array. */
function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandFailed(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && 'users' in value ? value.users : value;
  } catch (error) {
    throw new CommandFailed(`${file} is not valid JSON (${(error as Error).message})`);
  }
}
