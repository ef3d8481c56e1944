import { Option } from 'commander';
import { CALL_DIRECTIONS, CALL_DISPOSITIONS, listCallRecords } from '../centrex/index.js';
import type { CallRecord, CallRecordPage } from '../centrex/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption, parsePositiveInteger } from './option-parsers.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** The caller: an extension, or the external number of an inbound call. */
const caller = (r: CallRecord): string => r.caller.extension ?? (r.direction === 'inbound' ? (r.presentedNumber ?? 'anonymous') : r.caller.uri);

/** What a record says about numbers and trunks, in a few words: the presented and network number, the original called number, notes. */
function numbers(r: CallRecord): string {
  const parts = [
    r.emergency ? 'EMERGENCY' : undefined,
    r.presentedNumber === null || r.direction === 'inbound' ? undefined : `shown ${r.presentedNumber}`,
    r.networkNumber === null ? undefined : `network ${r.networkNumber}`,
    r.originalCalled === null ? undefined : `for ${r.originalCalled}${r.diversionReason === null ? '' : ` (${r.diversionReason})`}`,
    r.blockReason === null ? undefined : `blocked: ${r.blockReason}`,
    r.identityNote ?? undefined,
  ];
  return parts.filter((p) => p !== undefined).join('; ') || '-';
}

function formatCalls(records: readonly CallRecord[]): string {
  const rows = records.map((r) => [
    r.startedAt,
    r.direction,
    caller(r),
    r.dialled,
    r.answeredBy?.extension ?? (r.answeredAt === null ? '-' : 'external'),
    r.forwarding.map((hop) => `${hop.from}→${hop.to} (${hop.reason})`).join(', ') || '-',
    r.disposition,
    String(r.sipStatus),
    seconds(r.durationMs),
    r.trunkId ?? '-',
    numbers(r),
  ]);
  return formatTable(['started', 'direction', 'caller', 'dialled', 'answered', 'forwarding', 'disposition', 'status', 'seconds', 'trunk', 'numbers'], rows);
}

/** `belay cdr …`: the call records in the configured database (no server needed). */
export const cdrCommand: CliCommand = (program, ctx) => {
  const cdr = program.command('cdr').description('call records (one per call, written when it ends)');

  cdr
    .command('list')
    .description('list a tenant’s calls, newest first, a page at a time')
    .argument('<tenant>', 'tenant id or slug')
    .option('--from <time>', 'only calls started at or after this ISO-8601 time, e.g. 2026-01-31T08:00:00Z')
    .option('--to <time>', 'only calls started before this ISO-8601 time')
    .option('--extension <extension>', 'only calls this extension placed, dialled or answered')
    .addOption(new Option('--disposition <disposition>', 'only calls that ended so').choices(CALL_DISPOSITIONS))
    .addOption(new Option('--direction <direction>', 'only calls between users, out over a trunk or in from one').choices(CALL_DIRECTIONS))
    .option('--limit <n>', 'page size', (v) => parsePositiveInteger(v))
    .option('--after <cursor>', 'continue after this cursor (printed at the end of the previous page)')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { from?: string; to?: string; extension?: string; disposition?: string; direction?: string; limit?: number; after?: string; json?: boolean }, command) => {
      const { json, ...query } = options;
      const page: CallRecordPage = await withDatabase(ctx, command, (db) => listCallRecords(db, tenant, query));
      if (json) return ctx.stdout(`${JSON.stringify(page, null, 2)}\n`);
      ctx.stdout(formatCalls(page.items));
      if (page.next !== null) ctx.stdout(`more: belay cdr list ${tenant} --after ${page.next}\n`);
    });
};
