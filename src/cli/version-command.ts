import type { CliCommand } from './cli-context.js';

/** `belay version`: the installed version. */
export const versionCommand: CliCommand = (program, ctx) => {
  program
    .command('version')
    .description('print the version of belay')
    .action(() => {
      ctx.stdout(`belay ${ctx.version}\n`);
    });
};
