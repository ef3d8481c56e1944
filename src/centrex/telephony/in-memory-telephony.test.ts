import { describe, expect, it } from 'vitest';
import { acmeTrunk } from '../../../test/trunk/support/trunk-world.js';
import type { EmployeeNumbers } from '../identity/index.js';
import { InMemoryTelephony } from './in-memory-telephony.js';
import type { TenantTelephony } from './in-memory-telephony.js';
import type { TrunkConfig } from './telephony-directory.js';

const acme = 'tenant-acme';
const globex = 'tenant-globex';

/** A register-mode trunk at sip.carrier.example, without a site or a default number unless `extra` gives them. */
const trunk = (id: string, tenantId: string | null, priority: number, extra: Partial<TrunkConfig> = {}): TrunkConfig =>
  acmeTrunk(id, 'sip.carrier.example', { tenantId, priority, mode: 'register', defaultNumber: null, siteId: null, ...extra });

const erika: EmployeeNumbers = { userId: 'erika', tenantId: acme, siteId: 'koeln', legacy: '+49221471123', provisional: '+492219876523', ported: null, state: 'forwarding_active' };
const max: EmployeeNumbers = { userId: 'max', tenantId: acme, siteId: 'koeln', legacy: '+49221471124', provisional: '+492219876524', ported: '+49221471124', state: 'provisional_retired' };

const acmeNumbers: TenantTelephony = {
  tenantId: acme,
  receptionExtension: '10',
  sites: [
    { id: 'koeln', tenantId: acme, name: 'Köln', areaCode: '221', emergencyNumber: '+492219876500' },
    { id: 'bonn', tenantId: acme, name: 'Bonn', areaCode: '228', emergencyNumber: null },
  ],
  blocks: [
    // 00-99: every DDI has two digits
    { id: 'legacy-koeln', tenantId: acme, kind: 'legacy', baseNumber: '+492214711', ddi: { from: 0, to: 99, digits: 2 }, siteId: 'koeln' },
    { id: 'provisional-koeln', tenantId: acme, kind: 'provisional', baseNumber: '+4922198765', ddi: { from: 0, to: 99, digits: 2 }, siteId: 'koeln' },
    // 0-99: DDIs without leading zeros
    { id: 'legacy-bonn', tenantId: acme, kind: 'legacy', baseNumber: '+49228555', ddi: { from: 0, to: 99, digits: null }, siteId: 'bonn' },
    { id: 'single', tenantId: acme, kind: 'legacy', baseNumber: '+4930123456', ddi: null, siteId: null },
  ],
  employees: [erika, max],
};

function model(): InMemoryTelephony {
  const telephony = new InMemoryTelephony();
  telephony.putTenant(acmeNumbers, 1);
  telephony.putTrunks(
    [
      trunk('acme-backup', acme, 20, { defaultNumber: '+4969999000' }),
      trunk('shared-b', null, 5, { host: '192.0.2.20', defaultNumber: '+49800111' }),
      trunk('acme-main', acme, 10, { host: '192.0.2.10', inboundAddresses: ['192.0.2.11', '2001:DB8::11'], defaultNumber: '+492219876500' }),
      trunk('shared-a', null, 1, { host: '192.0.2.10' }),
      trunk('acme-off', acme, 1, { enabled: false, host: '192.0.2.30' }),
      trunk('globex-main', globex, 1),
    ],
    [],
    1,
  );
  return telephony;
}

describe('InMemoryTelephony', () => {
  it('knows employee numbers by role: legacy and provisional in parallel operation, the ported number after the port', () => {
    const telephony = model();
    expect(telephony.ownerOf('+49221471123')).toEqual({ tenantId: acme, userId: 'erika', role: 'legacy' });
    expect(telephony.ownerOf('+492219876523')).toEqual({ tenantId: acme, userId: 'erika', role: 'provisional' });
    expect(telephony.ownerOf('+49221471124')).toEqual({ tenantId: acme, userId: 'max', role: 'ported' });
    // a retired provisional number is a DDI of its block again, no longer the employee's
    expect(telephony.ownerOf('+492219876524')).toEqual({ tenantId: acme, userId: null, role: 'block' });
    expect(telephony.numbersOf('erika')).toBe(erika);
    expect(telephony.numbersOf('nobody')).toBeUndefined();
  });

  it('finds block DDIs by arithmetic, as the range is written: 00-99 has 05, 0-99 has 5 but not 05', () => {
    const telephony = model();
    const block = { tenantId: acme, userId: null, role: 'block' };
    expect(telephony.ownerOf('+49221471105')).toEqual(block);
    expect(telephony.ownerOf('+49221471199')).toEqual(block);
    expect(telephony.ownerOf('+4922147115')).toBeUndefined();
    expect(telephony.ownerOf('+492214711100')).toBeUndefined();
    expect(telephony.ownerOf('+492285555')).toEqual(block);
    expect(telephony.ownerOf('+4922855599')).toEqual(block);
    expect(telephony.ownerOf('+4922855505')).toBeUndefined();
    expect(telephony.ownerOf('+49228555100')).toBeUndefined();
    expect(telephony.ownerOf('+4930123456')).toEqual(block);
    expect(telephony.ownerOf('+49301234567')).toBeUndefined();
    expect(telephony.siteOfNumber('+49221471105')).toBe('koeln');
    expect(telephony.siteOfNumber('+492285557')).toBe('bonn');
    expect(telephony.siteOfNumber('+4930123456')).toBeNull();
    expect(telephony.siteOfNumber('+4989000')).toBeNull();
  });

  it('knows the default numbers of tenants’ own trunks, after employee numbers and blocks, and not those of shared trunks', () => {
    const telephony = model();
    expect(telephony.ownerOf('+4969999000')).toEqual({ tenantId: acme, userId: null, role: 'trunk' });
    // also a DDI of the provisional block: the block comes first
    expect(telephony.ownerOf('+492219876500')).toEqual({ tenantId: acme, userId: null, role: 'block' });
    expect(telephony.ownerOf('+49800111')).toBeUndefined();
  });

  it('says which numbers a tenant holds a right of use for', () => {
    const telephony = model();
    for (const number of ['+49221471123', '+492219876523', '+49221471124', '+492219876524', '+49221471177', '+492285559', '+4930123456', '+4969999000']) {
      expect(telephony.holds(acme, number), number).toBe(true);
    }
    for (const number of ['+4922855509', '+49800111', '+4989123456']) expect(telephony.holds(acme, number), number).toBe(false);
    expect(telephony.holds(globex, '+49221471123')).toBe(false);
    expect(telephony.holds(globex, '+49221471177')).toBe(false);
  });

  it('offers a tenant its enabled trunks by priority, then the shared ones by priority; other tenants get only theirs and the shared', () => {
    const telephony = model();
    expect(telephony.trunksFor(acme).map((t) => t.id)).toEqual(['acme-main', 'acme-backup', 'shared-a', 'shared-b']);
    expect(telephony.trunksFor(globex).map((t) => t.id)).toEqual(['globex-main', 'shared-a', 'shared-b']);
    expect(telephony.trunksFor('tenant-without-trunks').map((t) => t.id)).toEqual(['shared-a', 'shared-b']);
    expect(telephony.trunkById('acme-off')?.enabled).toBe(false);
    expect(telephony.allTrunks()).toHaveLength(6);
  });

  it('recognises a trunk by the address a request came from, written any way a socket writes it', () => {
    const telephony = model();
    expect(telephony.trunkBySource('192.0.2.11')?.id).toBe('acme-main');
    expect(telephony.trunkBySource('::ffff:192.0.2.11')?.id).toBe('acme-main');
    expect(telephony.trunkBySource('[2001:db8::11]')?.id).toBe('acme-main');
    expect(telephony.trunkBySource('192.0.2.20')?.id).toBe('shared-b');
    // two trunks at one address: the one tried first
    expect(telephony.trunkBySource('192.0.2.10')?.id).toBe('shared-a');
    // a disabled trunk is not recognised
    expect(telephony.trunkBySource('192.0.2.30')).toBeUndefined();
    expect(telephony.trunkBySource('198.51.100.1')).toBeUndefined();
  });

  it('keeps sites and the reception extension', () => {
    const telephony = model();
    expect(telephony.site('bonn')).toEqual({ id: 'bonn', tenantId: acme, name: 'Bonn', areaCode: '228', emergencyNumber: null });
    expect(telephony.receptionOf(acme)).toBe('10');
    expect(telephony.receptionOf(globex)).toBeNull();
  });

  it('replaces a tenant as a whole: numbers, blocks and sites no longer stored are gone; older versions are ignored', () => {
    const telephony = model();
    const without = { ...acmeNumbers, receptionExtension: null, sites: acmeNumbers.sites.slice(0, 1), blocks: acmeNumbers.blocks.slice(0, 1), employees: [max] };
    telephony.putTenant(without, 5);
    expect(telephony.ownerOf('+49221471123')).toEqual({ tenantId: acme, userId: null, role: 'block' });
    expect(telephony.ownerOf('+492219876523')).toBeUndefined();
    expect(telephony.ownerOf('+492285555')).toBeUndefined();
    expect(telephony.numbersOf('erika')).toBeUndefined();
    expect(telephony.site('bonn')).toBeUndefined();
    expect(telephony.receptionOf(acme)).toBeNull();

    telephony.putTenant(acmeNumbers, 4);
    expect(telephony.numbersOf('erika')).toBeUndefined();
    telephony.removeTenant(acme, 6);
    expect(telephony.ownerOf('+49221471124')).toBeUndefined();
    expect(telephony.ownerOf('+49221471105')).toBeUndefined();
    expect(telephony.tenantTelephony(acme)).toBeUndefined();
  });

  it('keeps another tenant’s numbers when one tenant holding the same ones is replaced', () => {
    const telephony = model();
    const blocks = acmeNumbers.blocks.map((b) => ({ ...b, tenantId: globex, siteId: null }));
    telephony.putTenant({ tenantId: globex, receptionExtension: null, sites: [], blocks, employees: [{ ...erika, tenantId: globex, userId: 'erika-globex' }] }, 2);
    telephony.removeTenant(acme, 3);
    expect(telephony.ownerOf('+49221471123')).toEqual({ tenantId: globex, userId: 'erika-globex', role: 'legacy' });
    expect(telephony.holds(globex, '+49221471177')).toBe(true);
    expect(telephony.holds(acme, '+49221471177')).toBe(false);
  });

  it('replaces the trunks as a whole', () => {
    const telephony = model();
    telephony.putTrunks([trunk('shared-c', null, 1)], [{ id: 'broken', tenantId: acme, name: 'broken', problem: 'trunk "broken" cannot be used' }], 2);
    expect(telephony.trunksFor(acme).map((t) => t.id)).toEqual(['shared-c']);
    expect(telephony.trunkBySource('192.0.2.11')).toBeUndefined();
    expect(telephony.ownerOf('+4969999000')).toBeUndefined();
    expect(telephony.unusableTrunks(acme).map((t) => t.id)).toEqual(['broken']);
    expect(telephony.unusableTrunks(globex)).toEqual([]);
    telephony.putTrunks([], [], 1);
    expect(telephony.allTrunks()).toHaveLength(1);
  });
});
