import { migrateToLatest } from '../store/index.js';
import { configFor } from './cli-context.js';
import type { CliCommand } from './cli-context.js';

/** `belay db …`: database maintenance. */
export const dbCommand: CliCommand = (program, ctx) => {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('bring the database schema to the latest version (serve does this at start too)')
    .action(async (_options: object, command) => {
      const database = await ctx.compose.openDatabase(configFor(ctx, command));
      try {
        const { applied } = await migrateToLatest(database);
        ctx.stdout(applied.length === 0 ? 'database schema is up to date\n' : applied.map((m: string) => `applied ${m}\n`).join(''));
      } finally {
        await database.close();
      }
    });
};
