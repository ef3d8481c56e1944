import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { Actor } from '../centrex/index.js';
import {
  cancelPortOrder,
  completePortOrder,
  confirmPortOrder,
  createPortOrder,
  describeNumbers,
  getPortOrder,
  listTenantPortOrders,
  portRejectionCodeNames,
  portRequestDocument,
  rejectPortOrder,
  reschedulePortOrder,
  resubmitPortOrder,
  retireExpiredProvisionals,
  submitPortOrder,
  updatePortOrder,
} from '../migration/index.js';
import type { PortCompletion, PortOrder, ProvisionalRetirement } from '../migration/index.js';
import type { Database } from '../store/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand, CliContext } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption, parsePositiveInteger } from './option-parsers.js';

interface DataOptions {
  holderName?: string;
  holderStreet?: string;
  holderPostalCode?: string;
  holderCity?: string;
  customerNumber?: string;
  signatory?: string;
  signatoryRole?: string;
  date?: string;
  atContractEnd?: boolean;
  contractEnd?: string;
  graceDays?: number;
}

/** The options naming an order's data; the holder's data is passed on exactly as typed (quote it in the shell). */
function dataOptions(command: Command): Command {
  return command
    .option('--holder-name <name>', 'the line holder exactly as registered at the old provider')
    .option('--holder-street <street>', 'street and house number exactly as registered')
    .option('--holder-postal-code <code>', 'postal code as registered')
    .option('--holder-city <city>', 'town as registered')
    .option('--customer-number <number>', 'the customer number at the old provider')
    .option('--signatory <name>', 'the person authorised to sign for the holder')
    .option('--signatory-role <role>', 'their role, e.g. Geschäftsführerin')
    .addOption(new Option('--date <YYYY-MM-DD>', 'the port date asked for').conflicts('atContractEnd'))
    .option('--at-contract-end', 'ask for the port at the end of the old contract')
    .option('--contract-end <YYYY-MM-DD>', 'when the old contract ends')
    .option('--grace-days <n>', 'days the provisional numbers stay reachable after the port (default 30)', (v) => parsePositiveInteger(v));
}

function dataInput(o: DataOptions): Record<string, unknown> {
  const input: Record<string, unknown> = {
    holderName: o.holderName,
    holderStreet: o.holderStreet,
    holderPostalCode: o.holderPostalCode,
    holderCity: o.holderCity,
    customerNumber: o.customerNumber,
    signatoryName: o.signatory,
    signatoryRole: o.signatoryRole,
    contractEndDate: o.contractEnd,
    provisionalGraceDays: o.graceDays,
    ...(o.date !== undefined && { requestedDate: o.date, atContractEnd: false }),
    ...(o.atContractEnd && { requestedDate: null, atContractEnd: true }),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

const quoted = (value: string | null): string => (value === null ? '-' : JSON.stringify(value));

function portDate(order: PortOrder): string {
  if (order.requestedDate !== null) return order.requestedDate;
  if (!order.atContractEnd) return '-';
  return order.contractEndDate === null ? 'at contract end' : `at contract end (${order.contractEndDate})`;
}

const wechseltermin = (order: PortOrder): string =>
  order.confirmedDate === null ? '-' : `${order.confirmedDate}${order.portingWindow ? ` ${order.portingWindow.start}–${order.portingWindow.end}` : ''}`;

function formatOrder(order: PortOrder): string {
  const lines = [
    `port order ${order.id}: ${order.oldProvider} line ${order.lineId}, ${order.state}`,
    `numbers (${order.numbers.length}): ${describeNumbers(order.numbers)}`,
    `holder: ${quoted(order.holderName)}, ${quoted(order.holderStreet)}, ${quoted(order.holderPostalCode)} ${quoted(order.holderCity)}`,
    `customer number: ${quoted(order.customerNumber)}; signatory: ${order.signatoryName ?? '-'}${order.signatoryRole ? ` (${order.signatoryRole})` : ''}`,
    `date asked for: ${portDate(order)}; Wechseltermin: ${wechseltermin(order)}; provisional numbers kept ${order.provisionalGraceDays} days after the port`,
    ...(order.rejection ? [`rejected ${order.rejection.at} with ${order.rejection.code} (${order.rejection.meaning})${order.rejection.text ? `: ${order.rejection.text}` : ''}; ${order.rejection.remedy}`] : []),
    ...(order.cancelReason ? [`cancelled: ${order.cancelReason}`] : []),
    ...order.warnings.map((w) => `warning: ${w.message}`),
  ];
  return lines.map((line) => `${line}\n`).join('');
}

const formatOrders = (orders: readonly PortOrder[]): string =>
  formatTable(
    ['id', 'provider', 'line', 'state', 'numbers', 'date', 'wechseltermin', 'warnings'],
    orders.map((o) => [o.id, o.oldProvider, o.lineId, o.state, String(o.numbers.length), portDate(o), wechseltermin(o), String(o.warnings.length)]),
  );

function formatCompletion(c: PortCompletion): string {
  return [
    formatOrder(c.order),
    ...c.switched.map((m) => `switched ${m.label} to ${m.legacyNumber} (${m.from} → ${m.to})\n`),
    ...c.behind.map((b) => `behind: ${b.label} has the ported number ${b.legacyNumber}, but its number state is ${b.numberState}\n`),
    `forwarding asked to be removed: ${c.forwardingRemovals.map((f) => f.legacyNumber).join(', ') || 'none'}\n`,
  ].join('');
}

function formatRetirement(r: ProvisionalRetirement): string {
  return [
    ...r.retired.map((e) => `retired ${e.provisionalNumber ?? '-'} of ${e.label}\n`),
    ...r.waiting.map((e) => `waiting: ${e.label} (${e.numberState}): the ported number is not verified yet\n`),
    ...(r.retired.length + r.waiting.length === 0 ? ['no provisional number is due for retirement\n'] : []),
  ].join('');
}

/** `belay port …`: port orders and the port-date automation, directly in the configured database. */
export const portCommand: CliCommand = (program, ctx: CliContext) => {
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const print = <T>(json: boolean | undefined, value: T, format: (value: T) => string): void => ctx.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : format(value));
  const run = <T>(command: Command, fn: (database: Database) => Promise<T>): Promise<T> => withDatabase(ctx, command, fn);

  const port = program.command('port').description('port orders: move the numbers of a line from the old provider, and what follows');

  dataOptions(
    port
      .command('create')
      .description('draw up a port order for one line at one old provider (all of its numbers)')
      .argument('<tenant>', 'tenant id or slug')
      .requiredOption('--provider <name>', 'the old provider, as on the legacy number blocks')
      .requiredOption('--line <id>', 'the old provider’s line id (Anlagenanschluss)')
      .option('--number <number...>', 'the numbers (default: every number of the line; a line cannot be split)'),
  )
    .addOption(jsonOption())
    .action(async (tenant: string, options: DataOptions & { provider: string; line: string; number?: string[]; json?: boolean }, command) => {
      const input = { oldProvider: options.provider, lineId: options.line, ...(options.number && { numbers: options.number }), ...dataInput(options) };
      print(options.json, await run(command, (db) => createPortOrder(db, tenant, input, actor())), formatOrder);
    });

  port
    .command('list')
    .description('list a tenant’s port orders')
    .argument('<tenant>', 'tenant id or slug')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { json?: boolean }, command) => {
      print(options.json, await run(command, (db) => listTenantPortOrders(db, tenant)), formatOrders);
    });

  port
    .command('show')
    .description('show a port order with its warnings')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<order>', 'order id')
    .addOption(jsonOption())
    .action(async (tenant: string, id: string, options: { json?: boolean }, command) => {
      print(options.json, await run(command, (db) => getPortOrder(db, tenant, id)), formatOrder);
    });

  dataOptions(port.command('update').description('correct a draft or rejected order').argument('<tenant>', 'tenant id or slug').argument('<order>', 'order id'))
    .addOption(jsonOption())
    .action(async (tenant: string, id: string, options: DataOptions & { json?: boolean }, command) => {
      print(options.json, await run(command, (db) => updatePortOrder(db, tenant, id, dataInput(options), actor())), formatOrder);
    });

  type Call = (db: Database, tenant: string, id: string, body: unknown, actor: Actor) => Promise<PortOrder>;
  const step = (name: string, description: string, call: Call, configure: (c: Command) => Command = (c) => c, input: (o: Record<string, string>) => unknown = () => ({})) =>
    configure(port.command(name).description(description).argument('<tenant>', 'tenant id or slug').argument('<order>', 'order id'))
      .addOption(jsonOption())
      .action(async (tenant: string, id: string, options: Record<string, string> & { json?: boolean }, command: Command) => {
        print(options.json, await run(command, (db) => call(db, tenant, id, input(options), actor())), formatOrder);
      });

  step('submit', 'submit a draft to the losing provider (refused, naming each, while data is missing)', (db, t, id, _b, a) => submitPortOrder(db, t, id, a));
  step('resubmit', 'submit a rejected order again once the rejected data is corrected', (db, t, id, _b, a) => resubmitPortOrder(db, t, id, a));
  step(
    'reject',
    'record the losing provider’s rejection',
    rejectPortOrder,
    (c) => c.addOption(new Option('--code <code>', 'the rejection code').choices(portRejectionCodeNames).makeOptionMandatory()).option('--text <text>', 'the provider’s explanation (required with SON)'),
    (o) => ({ code: o['code'], ...(o['text'] !== undefined && { text: o['text'] }) }),
  );
  step(
    'confirm',
    'record the Wechseltermin the losing provider confirmed',
    confirmPortOrder,
    (c) => c.requiredOption('--date <YYYY-MM-DD>', 'the Wechseltermin').option('--window <HH:MM-HH:MM>', 'the porting window, German local time'),
    (o) => {
      const [windowStart, windowEnd] = o['window']?.split('-') ?? [];
      return { date: o['date'], ...(windowStart !== undefined && { windowStart }), ...(windowEnd !== undefined && { windowEnd }) };
    },
  );
  step('reschedule', 'ask for a new port date (TVS-VA)', reschedulePortOrder, (c) => c.requiredOption('--date <YYYY-MM-DD>', 'the new date asked for'), (o) => ({ requestedDate: o['date'] }));
  step('cancel', 'withdraw the order', cancelPortOrder, (c) => c.requiredOption('--reason <text>', 'why'), (o) => ({ reason: o['reason'] }));

  port
    .command('complete')
    .description('record that the numbers have moved: identities switch, forwarding is marked for removal')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<order>', 'order id')
    .addOption(jsonOption())
    .action(async (tenant: string, id: string, options: { json?: boolean }, command) => {
      print(options.json, await run(command, (db) => completePortOrder(db, tenant, id, actor())), formatCompletion);
    });

  port
    .command('request')
    .description('the printable port request for signature (HTML)')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<order>', 'order id')
    .option('--output <file>', 'write it to this file instead of standard output')
    .action(async (tenant: string, id: string, options: { output?: string }, command) => {
      const page = await run(command, (db) => portRequestDocument(db, tenant, id));
      if (options.output === undefined) return ctx.stdout(page);
      await writeFile(options.output, page);
      ctx.stdout(`wrote the port request to ${options.output}\n`);
    });

  port
    .command('retire-provisionals')
    .description('retire the provisional numbers whose grace period after the port has ended (every tenant)')
    .addOption(jsonOption())
    .action(async (options: { json?: boolean }, command) => {
      print(options.json, await run(command, (db) => retireExpiredProvisionals(db, Date.now())), formatRetirement);
    });
};
