import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption } from './option-parsers.js';
import { serverApi, serverOption } from './server-api.js';

/** A registration as the API lists it (the fields shown here). */
interface Registration {
  readonly id: string;
  readonly aor: string;
  readonly contact: string;
  readonly source: { readonly protocol: string; readonly address: string; readonly port: number };
  readonly expiresAt: string;
  readonly reachable: string;
}

const hostPort = (address: string, port: number): string => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

function formatRegistrations(items: readonly Registration[]): string {
  const rows = items.map((r) => [r.aor, r.contact, `${r.source.protocol}:${hostPort(r.source.address, r.source.port)}`, r.expiresAt, r.reachable, r.id]);
  return formatTable(['aor', 'contact', 'source', 'expires', 'reachable', 'id'], rows);
}

const path = (tenant: string): string => `/tenants/${encodeURIComponent(tenant)}`;

/** `belay registrations …`: the phones registered with the running server. */
export const registrationsCommand: CliCommand = (program, ctx) => {
  const registrations = program.command('registrations').description('the phones registered with the running server (through its HTTP API)');

  registrations
    .command('list')
    .description('list a tenant’s registrations, or one user’s')
    .argument('<tenant>', 'id or slug')
    .option('--user <user>', 'only this user (id or extension)')
    .addOption(serverOption())
    .addOption(jsonOption())
    .action(async (tenant: string, options: { user?: string; json?: boolean }, command) => {
      const scope = options.user === undefined ? path(tenant) : `${path(tenant)}/users/${encodeURIComponent(options.user)}`;
      const { items } = await serverApi(ctx, command).get<{ items: readonly Registration[] }>(`${scope}/registrations`);
      ctx.stdout(options.json ? `${JSON.stringify(items, null, 2)}\n` : formatRegistrations(items));
    });

  registrations
    .command('remove')
    .description('remove a registration: the phone is not reached until it registers again')
    .argument('<tenant>', 'id or slug')
    .argument('<registration>', 'registration id')
    .addOption(serverOption())
    .action(async (tenant: string, id: string, _options: object, command) => {
      await serverApi(ctx, command).delete(`${path(tenant)}/registrations/${encodeURIComponent(id)}`);
      ctx.stdout(`removed registration ${id}\n`);
    });
};
