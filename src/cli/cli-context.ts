import type { Command } from 'commander';
import type { Logger } from 'pino';
import { migrateToLatest } from '../store/index.js';
import type { Database } from '../store/index.js';
import { loadConfig } from './config.js';
import type { Config } from './config.js';
import type { ShutdownHooks } from './shutdown-hooks.js';

/** What the composition root (src/main.ts) builds for the commands; the CLI never builds these itself. */
export interface Composition {
  createLogger(config: Config): Logger;
  /** Opens the configured database (creating the data folder); the caller closes it. */
  openDatabase(config: Config): Promise<Database>;
  /**
   * Starts every server part (database, migrations, HTTP API, …), registering a shutdown
   * hook for each as it comes up, so a failed start can still be unwound.
   */
  startServer(config: Config, lifecycle: { readonly logger: Logger; readonly hooks: ShutdownHooks }): Promise<void>;
}

/** Everything a command may use: the process's surroundings and the composition. */
export interface CliContext {
  readonly version: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The operating-system user running the command (the audit actor of CLI changes). */
  readonly user: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly compose: Composition;
}

/** A subcommand: attaches itself (and its own subcommands) to the program. */
export type CliCommand = (program: Command, ctx: CliContext) => void;

/** The configuration for `command`, honouring the global `--config` option. */
export function configFor(ctx: CliContext, command: Command): Config {
  const { config } = command.optsWithGlobals<{ config?: string }>();
  return loadConfig({ env: ctx.env, cwd: ctx.cwd, file: config });
}

/** Runs `fn` with the configured database, brought to the latest schema, and closes it afterwards. */
export async function withDatabase<T>(ctx: CliContext, command: Command, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await ctx.compose.openDatabase(configFor(ctx, command));
  try {
    await migrateToLatest(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}
