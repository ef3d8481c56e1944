import { describe, expect, it } from 'vitest';
import { createDevice, createTenant, createUser, deleteDevice, getDevice, getUser, listDevices, updateDevice } from '../../src/centrex/index.js';
import type { Actor, Device } from '../../src/centrex/index.js';
import { listAudit } from '../../src/store/index.js';
import { testDialects, useMigratedDatabase } from '../store/support/test-database.js';

const root: Actor = { kind: 'cli', id: 'root' };

describe.each(testDialects())('devices on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  async function setUp(): Promise<void> {
    await createTenant(database(), { slug: 'acme', name: 'ACME' }, root);
    await createTenant(database(), { slug: 'globex', name: 'Globex' }, root);
    await createUser(database(), 'acme', { extension: '201', name: 'Erika' }, root);
  }

  it('adds a device with its MAC normalized, finds it by id or any MAC notation, changes and removes it', async () => {
    await setUp();
    const device = await createDevice(database(), 'acme', { label: ' Reception ', mac: '00-15-65-BD-56-D4', vendor: 'Yealink', model: 'T54W' }, root);
    expect(device).toMatchObject({ label: 'Reception', mac: '001565bd56d4', vendor: 'Yealink', model: 'T54W', userId: null });
    expect(await getDevice(database(), 'acme', device.id)).toEqual(device);
    expect(await getDevice(database(), 'acme', '0015.65bd.56d4')).toEqual(device);

    expect((await listDevices(database(), 'acme')).items).toEqual([device]);
    const erika = await getUser(database(), 'acme', '201');
    const assigned = await updateDevice(database(), 'acme', '001565bd56d4', { user: '201', vendor: null, label: 'Erika’s desk' }, root);
    expect(assigned).toMatchObject({ label: 'Erika’s desk', vendor: null, model: 'T54W', userId: erika.id });
    expect((await listDevices(database(), 'acme', { user: erika.id })).items).toEqual([assigned]);
    expect((await updateDevice(database(), 'acme', device.id, { user: null }, root)).userId).toBeNull();

    await deleteDevice(database(), 'acme', device.id, root);
    await expect(getDevice(database(), 'acme', device.id)).rejects.toMatchObject({ code: 'not_found' });
    const { items } = await listAudit(database().db, { entityType: 'device' });
    expect(items.map((r) => r.action)).toEqual(['device.create', 'device.update', 'device.update', 'device.delete']);
  });

  it('refuses a malformed MAC naming `mac`, a MAC already in the tenant with 409, and a user it does not have', async () => {
    await setUp();
    await expect(createDevice(database(), 'acme', { label: 'X', mac: '00:15:65:bd:56' }, root)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'mac', message: expect.stringContaining('12 hex digits') }],
    });
    await createDevice(database(), 'acme', { label: 'A', mac: '001565bd56d4' }, root);
    await expect(createDevice(database(), 'acme', { label: 'B', mac: '00:15:65:BD:56:D4' }, root)).rejects.toMatchObject({
      code: 'conflict',
      fields: [{ field: 'mac', message: '001565bd56d4 is already in the inventory' }],
    });
    // another tenant's inventory is its own
    await createDevice(database(), 'globex', { label: 'B', mac: '001565bd56d4' }, root);
    await expect(createDevice(database(), 'globex', { label: 'C', mac: '001565bd56d5', user: '201' }, root)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'user', message: '"201" is not a user of this tenant' }],
    });
    expect((await listDevices(database(), 'acme')).items).toHaveLength(1);
  });

  it('pages in label order and refuses a bad cursor', async () => {
    await setUp();
    const labels = ['Lobby', 'Kitchen', 'Attic', 'Basement', 'Garage'];
    for (const [i, label] of labels.entries()) await createDevice(database(), 'acme', { label, mac: `0015650000${i}0` }, root);
    const seen: Device[] = [];
    let after: string | undefined;
    do {
      const page = await listDevices(database(), 'acme', { limit: 2, ...(after !== undefined && { after }) });
      seen.push(...page.items);
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(seen.map((d) => d.label)).toEqual(['Attic', 'Basement', 'Garage', 'Kitchen', 'Lobby']);
    await expect(listDevices(database(), 'acme', { after: 'x' })).rejects.toMatchObject({ fields: [{ field: 'after' }] });
  });
});
