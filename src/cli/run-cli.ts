import { Command, CommanderError } from 'commander';
import { isDomainError } from '../kernel/index.js';
import { CommandFailed, ExitCode } from './exit-code.js';
import type { CliContext } from './cli-context.js';
import { commands } from './commands.js';
import { ConfigError } from './config.js';

/** The `belay` program with every subcommand; output goes to the context's writers. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('belay')
    .description('belay: IP-Centrex for a safe move of a company phone system to the cloud')
    .version(ctx.version, '-V, --version', 'print the version')
    .option('-c, --config <path>', 'JSON configuration file (default: $BELAY_CONFIG); environment variables override it')
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  for (const register of commands) register(program, ctx);
  return program;
}

/**
 * Runs `belay` on `argv` (as in `process.argv`) and resolves to the exit code. Usage errors
 * print usage; expected failures print one line per problem to stderr. Bugs are rethrown.
 */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    await buildProgram(ctx).parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === ExitCode.ok ? ExitCode.ok : ExitCode.usage;
    if (error instanceof ConfigError || error instanceof CommandFailed || isDomainError(error)) {
      ctx.stderr(error.message.split('\n').map((line) => `belay: ${line}\n`).join(''));
      return ExitCode.failure;
    }
    throw error;
  }
}
