import { exportAudit } from '../migration/index.js';
import { verifyAuditChain } from '../store/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { CommandFailed } from './exit-code.js';

/** `belay audit …`: the append-only, hash-chained audit log in the configured database. */
export const auditCommand: CliCommand = (program, ctx) => {
  const audit = program.command('audit').description('the audit log: every change with actor, time, before and after, hash-chained');

  audit
    .command('verify')
    .description('recompute the hash chain; exits 1 naming the first row that does not fit')
    .action(async (_options: object, command) => {
      const verdict = await withDatabase(ctx, command, (database) => verifyAuditChain(database.db));
      if (!verdict.ok) {
        throw new CommandFailed(`the audit log is broken at row ${verdict.broken.id} (${verdict.broken.reason}): ${verdict.broken.message}; ${verdict.rows} rows before it verified`);
      }
      ctx.stdout(`the audit log is intact: ${verdict.rows} rows, head ${verdict.headHash}\n`);
    });

  audit
    .command('export')
    .description('print the audit log as JSON lines, oldest first (each line re-verifiable on its own chain)')
    .option('--tenant <tenant>', 'only this tenant’s records: its id (also of a deleted tenant) or slug')
    .action(async (options: { tenant?: string }, command) => {
      await withDatabase(ctx, command, async (database) => {
        for await (const line of exportAudit(database, options.tenant)) ctx.stdout(line);
      });
    });
};
