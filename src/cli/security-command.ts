import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption } from './option-parsers.js';
import { serverApi, serverOption } from './server-api.js';

interface SourceBlock {
  readonly address: string;
  readonly since: string;
  readonly until: string;
  readonly failures: number;
}

/** `belay security …`: the SIP sources the running server blocks after repeated authentication failures. */
export const securityCommand: CliCommand = (program, ctx) => {
  const security = program.command('security').description('SIP sources blocked after repeated authentication failures (through the running server’s HTTP API)');

  security
    .command('blocks')
    .description('list the blocked source addresses')
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (options: { json?: boolean }, command) => {
      const { items } = await serverApi(ctx, command).get<{ items: readonly SourceBlock[] }>('/security/blocks');
      const rows = items.map((b) => [b.address, b.since, b.until, String(b.failures)]);
      ctx.stdout(options.json ? `${JSON.stringify(items, null, 2)}\n` : formatTable(['address', 'since', 'until', 'failures'], rows));
    });

  security
    .command('unblock')
    .description('lift the block on a source address')
    .argument('<address>', 'the blocked IP address')
    .addOption(serverOption())
    .action(async (address: string, _options: object, command) => {
      await serverApi(ctx, command).delete(`/security/blocks/${encodeURIComponent(address)}`);
      ctx.stdout(`unblocked ${address}\n`);
    });
};
