import { configFor } from './cli-context.js';
import { CommandFailed } from './exit-code.js';
import type { CliCommand } from './cli-context.js';
import { ShutdownHooks } from './shutdown-hooks.js';

const shutdownSignals = ['SIGTERM', 'SIGINT'] as const;

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const s of shutdownSignals) process.off(s, onSignal);
      resolve(signal);
    };
    for (const s of shutdownSignals) process.on(s, onSignal);
  });
}

/**
 * `belay serve`: runs the server until SIGTERM or SIGINT, then stops it in order (stop
 * accepting, finish what is in flight, close the database). A shutdown that fails or
 * outlasts BELAY_SHUTDOWN_TIMEOUT_MS ends the command with a failure.
 */
export const serveCommand: CliCommand = (program, ctx) => {
  program
    .command('serve')
    .description('run the server (HTTP API) until SIGTERM or SIGINT')
    .action(async (_options: object, command) => {
      const config = configFor(ctx, command);
      const logger = ctx.compose.createLogger(config);
      const hooks = new ShutdownHooks(logger);
      const signal = nextSignal();

      try {
        await ctx.compose.startServer(config, { logger, hooks });
      } catch (err) {
        logger.fatal({ err }, 'could not start');
        await hooks.run(config.shutdownTimeoutMs);
        throw new CommandFailed(`could not start: ${err instanceof Error ? err.message : String(err)}`);
      }

      logger.info({ signal: await signal }, 'shutting down');
      const outcome = await hooks.run(config.shutdownTimeoutMs);
      if (!outcome.ok) throw new CommandFailed(`shutdown incomplete: ${outcome.failed.join(', ')} did not stop cleanly`);
      logger.info('stopped');
    });
};
