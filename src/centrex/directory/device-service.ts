import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError, validateInput, validationFailed } from '../../kernel/index.js';
import {
  appendAudit,
  deleteDeviceRow,
  findDeviceRow,
  inTransaction,
  insertDevice,
  listDeviceRows,
  lockAuditChain,
  updateDeviceRow,
} from '../../store/index.js';
import type { AuditEntry, Database, DatabaseSchema, DeviceKey, DeviceRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { decodeCursor, encodeCursor } from '../page-cursor.js';
import { looksLikeUuid } from '../tenant-schema.js';
import { findTenant } from '../tenant-service.js';
import type { Tenant } from '../tenant-service.js';
import { changeTime } from './change-options.js';
import type { ChangeOptions } from './change-options.js';
import { deviceFromRow } from './device.js';
import type { Device } from './device.js';
import { deviceCreateSchema, devicePageSchema, deviceUpdateSchema } from './device-schema.js';
import { findUser } from './find-user.js';
import { parseMacAddress } from './mac-address.js';

export interface DevicePage {
  readonly items: readonly Device[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

const defaultPageSize = 50;

/** The audit entry of a device change (devices hold no secrets: before and after in full). */
export function deviceAudit(actor: Actor, verb: string, before: Device | null, after: Device | null, at: string): AuditEntry {
  const device = after ?? before;
  if (!device) throw new Error('an audited device change needs a before or an after');
  return { tenantId: device.tenantId, actor, action: `device.${verb}`, entityType: 'device', entityId: device.id, at, before, after };
}

/** A device is addressed by id or, within its tenant, by MAC address in any notation. */
function deviceKeyOf(idOrMac: string): DeviceKey {
  if (looksLikeUuid(idOrMac)) return { id: idOrMac.toLowerCase() };
  const parsed = parseMacAddress(idOrMac);
  return parsed.ok ? { mac: parsed.mac } : { mac: idOrMac };
}

async function findDevice(db: Kysely<DatabaseSchema>, tenant: Tenant, idOrMac: string): Promise<DeviceRow> {
  const row = await findDeviceRow(db, tenant.id, deviceKeyOf(idOrMac));
  if (!row) throw new DomainError('not_found', `device "${idOrMac}" not found in tenant "${tenant.slug}"`);
  return row;
}

/** The id of the user a device is assigned to; a user that does not exist is reported under `user`. */
async function assignedUserId(db: Kysely<DatabaseSchema>, tenant: Tenant, user: string | null): Promise<string | null> {
  if (user === null) return null;
  try {
    return (await findUser(db, tenant, user)).id;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') {
      const message = `"${user}" is not a user of this tenant`;
      throw validationFailed('device', [{ field: 'user', message }]);
    }
    throw error;
  }
}

/** Adds a device to the tenant's inventory; `conflict` if its MAC address is already there. */
export async function createDevice(
  database: Database,
  tenantIdOrSlug: string,
  input: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<Device> {
  const { label, mac, vendor = null, model = null, user = null } = validateInput(deviceCreateSchema, input, 'device');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const at = changeTime(options);
    const row: DeviceRow = {
      id: randomUUID(),
      tenant_id: tenant.id,
      label,
      vendor,
      model,
      mac,
      user_id: await assignedUserId(trx, tenant, user),
      created_at: at,
      updated_at: at,
    };
    await insertDevice(trx, row);
    const device = deviceFromRow(row);
    await appendAudit(trx, deviceAudit(actor, 'create', null, device, at));
    return device;
  });
}

/** The tenant's devices in label order, a page at a time (default 50, at most 1000); optionally only one user's. */
export async function listDevices(
  database: Database,
  tenantIdOrSlug: string,
  page: { limit?: number; after?: string; user?: string } = {},
): Promise<DevicePage> {
  const { limit = defaultPageSize, after, user } = validateInput(devicePageSchema, page, 'page');
  const tenant = await findTenant(database.db, tenantIdOrSlug);
  const cursor = after === undefined ? undefined : decodeCursor(after, 2);
  const rows = await listDeviceRows(database.db, tenant.id, {
    limit: limit + 1,
    ...(cursor && { after: { label: cursor[0] ?? '', id: cursor[1] ?? '' } }),
    ...(user !== undefined && { userId: (await findUser(database.db, tenant, user)).id }),
  });
  const items = rows.slice(0, limit).map(deviceFromRow);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? encodeCursor([last.label, last.id]) : null };
}

/** The tenant's device with this id or MAC address; `not_found` otherwise. */
export async function getDevice(database: Database, tenantIdOrSlug: string, idOrMac: string): Promise<Device> {
  const tenant = await findTenant(database.db, tenantIdOrSlug);
  return deviceFromRow(await findDevice(database.db, tenant, idOrMac));
}

/** Changes a device (label, MAC, vendor, model, assigned user); a patch that changes nothing writes nothing. */
export async function updateDevice(
  database: Database,
  tenantIdOrSlug: string,
  idOrMac: string,
  patch: unknown,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<Device> {
  const { label, mac, vendor, model, user } = validateInput(deviceUpdateSchema, patch, 'device update');
  return inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const before = await findDevice(trx, tenant, idOrMac);
    const next = {
      label: label ?? before.label,
      mac: mac ?? before.mac,
      vendor: vendor === undefined ? before.vendor : vendor,
      model: model === undefined ? before.model : model,
      user_id: user === undefined ? before.user_id : await assignedUserId(trx, tenant, user),
    };
    if ((Object.keys(next) as (keyof typeof next)[]).every((column) => next[column] === before[column])) return deviceFromRow(before);
    const at = changeTime(options);
    const after = deviceFromRow(await updateDeviceRow(trx, before.id, { ...next, updated_at: at }));
    await appendAudit(trx, deviceAudit(actor, 'update', deviceFromRow(before), after, at));
    return after;
  });
}

/** Removes a device from the inventory. */
export async function deleteDevice(
  database: Database,
  tenantIdOrSlug: string,
  idOrMac: string,
  actor: Actor,
  options: ChangeOptions = {},
): Promise<void> {
  await inTransaction(database, async (trx) => {
    await lockAuditChain(trx);
    const tenant = await findTenant(trx, tenantIdOrSlug);
    const device = await findDevice(trx, tenant, idOrMac);
    await deleteDeviceRow(trx, device.id);
    await appendAudit(trx, deviceAudit(actor, 'delete', deviceFromRow(device), null, changeTime(options)));
  });
}
