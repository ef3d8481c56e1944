import type { Kysely, Selectable, Updateable } from 'kysely';
import { DomainError } from '../kernel/index.js';
import { uniqueViolationColumns } from './driver-errors.js';
import type { DatabaseSchema, DevicesTable } from './schema.js';

export type DeviceRow = Selectable<DevicesTable>;

/** A device of one tenant is addressed by its id or by its MAC address (normalized). */
export type DeviceKey = { readonly id: string } | { readonly mac: string };

export type DeviceRowChanges = Omit<Updateable<DevicesTable>, 'id' | 'tenant_id' | 'created_at'>;

/** Position after the last row of a page, in the list's order (label, then id). */
export interface DeviceRowCursor {
  readonly label: string;
  readonly id: string;
}

/** A MAC address already in the tenant's inventory is expected input: a `conflict` naming `mac`. */
function translateConflict(error: unknown, mac: string | undefined): unknown {
  if (mac !== undefined && uniqueViolationColumns(error)?.includes('mac')) {
    return new DomainError('conflict', `this tenant already has a device with MAC address ${mac}`, [
      { field: 'mac', message: `${mac} is already in the inventory` },
    ]);
  }
  return error;
}

export async function insertDevice(db: Kysely<DatabaseSchema>, row: DeviceRow): Promise<void> {
  try {
    await db.insertInto('devices').values(row).execute();
  } catch (error) {
    throw translateConflict(error, row.mac);
  }
}

export async function findDeviceRow(db: Kysely<DatabaseSchema>, tenantId: string, key: DeviceKey): Promise<DeviceRow | undefined> {
  const query = db.selectFrom('devices').selectAll().where('tenant_id', '=', tenantId);
  return ('id' in key ? query.where('id', '=', key.id) : query.where('mac', '=', key.mac)).executeTakeFirst();
}

/** Up to `limit` devices of the tenant in label order (ties by id), after `after`; only those of `userId` if given. */
export async function listDeviceRows(
  db: Kysely<DatabaseSchema>,
  tenantId: string,
  page: { readonly limit: number; readonly after?: DeviceRowCursor; readonly userId?: string },
): Promise<readonly DeviceRow[]> {
  const { after, userId } = page;
  return db
    .selectFrom('devices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(userId !== undefined, (q) => q.where('user_id', '=', userId ?? ''))
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('label', 'id'), '>', eb.tuple(after?.label ?? '', after?.id ?? ''))),
    )
    .orderBy('label')
    .orderBy('id')
    .limit(page.limit)
    .execute();
}

export async function updateDeviceRow(db: Kysely<DatabaseSchema>, id: string, changes: DeviceRowChanges): Promise<DeviceRow> {
  try {
    return await db.updateTable('devices').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  } catch (error) {
    throw translateConflict(error, changes.mac);
  }
}

export async function deleteDeviceRow(db: Kysely<DatabaseSchema>, id: string): Promise<void> {
  await db.deleteFrom('devices').where('id', '=', id).execute();
}

/** The devices assigned to a user. */
export async function devicesOfUser(db: Kysely<DatabaseSchema>, userId: string): Promise<readonly DeviceRow[]> {
  return db.selectFrom('devices').selectAll().where('user_id', '=', userId).orderBy('label').orderBy('id').execute();
}
