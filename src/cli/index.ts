export type { CliContext, Composition } from './cli-context.js';
export type { Config, LogLevel, SipConfig } from './config.js';
export { runCli } from './run-cli.js';
export type { ShutdownHooks, ShutdownLog, ShutdownOutcome } from './shutdown-hooks.js';
