import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { Actor } from '../centrex/index.js';
import {
  activateForwardingOrder,
  confirmForwardingRemoval,
  forwardingExportFormats,
  forwardingListDocument,
  listTenantForwardingOrders,
  requestForwardingOrders,
  requestForwardingRemoval,
  verifyForwardingOrder,
} from '../migration/index.js';
import type { ForwardingExportFormat, ForwardingOrder, ForwardingRequest } from '../migration/index.js';
import type { Database } from '../store/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption } from './option-parsers.js';

const formatOrders = (orders: readonly ForwardingOrder[]): string =>
  formatTable(
    ['legacy', 'forward to', 'extension', 'name', 'state', 'id'],
    orders.map((o) => [o.legacyNumber, o.provisionalNumber, o.extension ?? '-', o.name ?? '-', o.state, o.id]),
  );

const formatRequest = (r: ForwardingRequest): string =>
  formatOrders(r.created) + r.skipped.map((s) => `skipped ${s.label}: ${s.reason}\n`).join('');

/** `belay forwarding …`: forwarding legacy → provisional numbers at the old provider, directly in the configured database. */
export const forwardingCommand: CliCommand = (program, ctx) => {
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const run = <T>(command: Command, fn: (database: Database) => Promise<T>): Promise<T> => withDatabase(ctx, command, fn);
  const print = <T>(json: boolean | undefined, value: T, format: (value: T) => string): void => ctx.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : format(value));

  const forwarding = program.command('forwarding').description('forwarding of the legacy numbers to the provisional ones at the old provider');

  forwarding
    .command('request')
    .description('order forwarding for the named employees, or for every employee ready for it')
    .argument('<tenant>', 'tenant id or slug')
    .option('--employee <extension...>', 'the employees (extension or migration employee id)')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { employee?: string[]; json?: boolean }, command) => {
      const input = options.employee ? { employees: options.employee } : {};
      print(options.json, await run(command, (db) => requestForwardingOrders(db, tenant, input, actor())), formatRequest);
    });

  forwarding
    .command('list')
    .description('list a tenant’s forwarding orders')
    .argument('<tenant>', 'tenant id or slug')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { json?: boolean }, command) => {
      print(options.json, await run(command, (db) => listTenantForwardingOrders(db, tenant)), formatOrders);
    });

  type Call = (db: Database, tenant: string, id: string, body: unknown, actor: Actor) => Promise<ForwardingOrder>;
  const step = (name: string, description: string, call: Call, configure: (c: Command) => Command = (c) => c) =>
    configure(forwarding.command(name).description(description).argument('<tenant>', 'tenant id or slug').argument('<order>', 'forwarding order id'))
      .addOption(jsonOption())
      .action(async (tenant: string, id: string, options: { json?: boolean; checkedBy?: string; checkedAt?: string; note?: string }, command: Command) => {
        const { json, ...body } = options;
        print(json, await run(command, (db) => call(db, tenant, id, body, actor())), (order) => formatOrders([order]));
      });

  step('activate', 'the old provider has set the forwarding up', (db, t, id, _b, a) => activateForwardingOrder(db, t, id, a));
  step('verify', 'a test call to the legacy number reached the employee (recorded as manual evidence)', verifyForwardingOrder, (c) =>
    c.option('--checked-by <name>', 'who made the test call (default: you)').option('--checked-at <time>', 'when (ISO-8601; default: now)').option('--note <text>', 'what was seen'),
  );
  step('request-removal', 'ask for the forwarding to be taken down', (db, t, id, _b, a) => requestForwardingRemoval(db, t, id, a));
  step('confirm-removal', 'the old provider has taken the forwarding down', (db, t, id, _b, a) => confirmForwardingRemoval(db, t, id, a));

  forwarding
    .command('export')
    .description('the forwarding list for the old provider or the old PBX’s administrator')
    .argument('<tenant>', 'tenant id or slug')
    .addOption(new Option('--format <format>', 'csv or a printable html page').choices(forwardingExportFormats).default('csv'))
    .option('--output <file>', 'write it to this file instead of standard output')
    .action(async (tenant: string, options: { format: ForwardingExportFormat; output?: string }, command) => {
      const document = await run(command, (db) => forwardingListDocument(db, tenant, options.format));
      if (options.output === undefined) return ctx.stdout(document);
      await writeFile(options.output, document);
      ctx.stdout(`wrote the forwarding list to ${options.output}\n`);
    });
};
