import { createDevice, deleteDevice, getDevice, listDevices, updateDevice } from '../centrex/index.js';
import type { Actor, Device, DevicePage } from '../centrex/index.js';
import { withDatabase } from './cli-context.js';
import type { CliCommand } from './cli-context.js';
import { formatTable } from './format-table.js';
import { jsonOption, parsePositiveInteger } from './option-parsers.js';

const formatDevices = (devices: readonly Device[]): string =>
  formatTable(
    ['label', 'mac', 'vendor', 'model', 'user', 'id'],
    devices.map((d) => [d.label, d.mac, d.vendor ?? '-', d.model ?? '-', d.userId ?? '-', d.id]),
  );

/** `belay device …`: a tenant's phone inventory, directly in the configured database. */
export const deviceCommand: CliCommand = (program, ctx) => {
  const actor = (): Actor => ({ kind: 'cli', id: ctx.user });
  const print = (json: boolean | undefined, value: Device | DevicePage, tenant?: string): void => {
    if (json) return ctx.stdout(`${JSON.stringify(value, null, 2)}\n`);
    if (!('items' in value)) return ctx.stdout(formatDevices([value]));
    ctx.stdout(formatDevices(value.items));
    if (value.next !== null) ctx.stdout(`more: belay device list ${tenant ?? ''} --after ${value.next}\n`);
  };

  const device = program.command('device').description('manage the phone inventory of a tenant');

  device
    .command('create')
    .description('add a device')
    .argument('<tenant>', 'tenant id or slug')
    .requiredOption('--mac <address>', 'MAC address in any common notation')
    .requiredOption('--label <label>', 'what people call it, e.g. "Reception"')
    .option('--vendor <vendor>', 'e.g. Yealink')
    .option('--model <model>', 'e.g. T54W')
    .option('--user <user>', 'assign it to this user (id or extension)')
    .addOption(jsonOption())
    .action(
      async (tenant: string, options: { mac: string; label: string; vendor?: string; model?: string; user?: string; json?: boolean }, command) => {
        const { json, ...input } = options;
        print(json, await withDatabase(ctx, command, (db) => createDevice(db, tenant, input, actor())));
      },
    );

  device
    .command('list')
    .description('list a tenant’s devices in label order, a page at a time')
    .argument('<tenant>', 'tenant id or slug')
    .option('--user <user>', 'only the devices of this user (id or extension)')
    .option('--limit <n>', 'page size', (v) => parsePositiveInteger(v))
    .option('--after <cursor>', 'continue after this cursor (printed at the end of the previous page)')
    .addOption(jsonOption())
    .action(async (tenant: string, options: { user?: string; limit?: number; after?: string; json?: boolean }, command) => {
      const { json, ...page } = options;
      print(json, await withDatabase(ctx, command, (db) => listDevices(db, tenant, page)), tenant);
    });

  device
    .command('show')
    .description('show one device')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<device>', 'device id or MAC address')
    .addOption(jsonOption())
    .action(async (tenant: string, idOrMac: string, options: { json?: boolean }, command) => {
      print(options.json, await withDatabase(ctx, command, (db) => getDevice(db, tenant, idOrMac)));
    });

  device
    .command('update')
    .description('change a device or its assignment')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<device>', 'device id or MAC address')
    .option('--label <label>', 'new label')
    .option('--mac <address>', 'new MAC address')
    .option('--vendor <vendor>', 'new vendor')
    .option('--no-vendor', 'forget the vendor')
    .option('--model <model>', 'new model')
    .option('--no-model', 'forget the model')
    .option('--user <user>', 'assign it to this user (id or extension)')
    .option('--no-user', 'unassign it')
    .addOption(jsonOption())
    .action(
      async (
        tenant: string,
        idOrMac: string,
        options: { label?: string; mac?: string; vendor?: string | false; model?: string | false; user?: string | false; json?: boolean },
        command,
      ) => {
        const { json, ...given } = options;
        const patch = Object.fromEntries(Object.entries(given).map(([key, value]) => [key, value === false ? null : value]));
        print(json, await withDatabase(ctx, command, (db) => updateDevice(db, tenant, idOrMac, patch, actor())));
      },
    );

  device
    .command('delete')
    .description('remove a device from the inventory')
    .argument('<tenant>', 'tenant id or slug')
    .argument('<device>', 'device id or MAC address')
    .action(async (tenant: string, idOrMac: string, _options: object, command) => {
      await withDatabase(ctx, command, (db) => deleteDevice(db, tenant, idOrMac, actor()));
      ctx.stdout(`deleted device ${idOrMac}\n`);
    });
};
