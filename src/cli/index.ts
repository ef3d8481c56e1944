export { CommandFailed, ExitCode } from './cli-context.js';
export type { CliCommand, CliContext, Composition } from './cli-context.js';
export { ConfigError, loadConfig, logLevels } from './config.js';
export type { Config, ConfigSources, LogLevel } from './config.js';
export { buildProgram, runCli } from './run-cli.js';
export { ShutdownHooks } from './shutdown-hooks.js';
export type { ShutdownLog, ShutdownOutcome } from './shutdown-hooks.js';
