import { describe, expect, it } from 'vitest';
import { checkInventory } from './check-inventory.js';
import type { InventoryCheck, InventoryInput, InventorySnapshot } from './check-inventory.js';
import type { InventoryIssue } from './inventory-report.js';

const empty: InventorySnapshot = { users: [], devices: [], sites: [], blocks: [], employees: [] };

function context() {
  let n = 0;
  return { tenantId: 'tenant-1', at: '2026-03-02T09:00:00.000Z', newId: () => `id-${++n}` };
}

const sites = 'name;address;area_code\nKöln;Domkloster 4, 50667 Köln;0221\nBonn;Markt 1, 53111 Bonn;0228\n';
const blocks = [
  'kind,base_number,ddi_range,site,old_provider,line_id',
  'legacy,+49 221 4711,00-99,Köln,Telekom,AS-4711',
  'provisional,0221 98765,00-99,Köln,,',
  'legacy,+49 228 555,0-9,Bonn,Telekom,AS-555',
].join('\n');

/** The snapshot after applying `check` on top of `before`. */
function applied(before: InventorySnapshot, check: InventoryCheck): InventorySnapshot {
  const merge = <Row extends { id: string }>(rows: readonly Row[], changes: { created: readonly Row[]; updated: readonly { after: Row }[] }) => {
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of changes.created) byId.set(row.id, row);
    for (const { after } of changes.updated) byId.set(after.id, after);
    return [...byId.values()];
  };
  return {
    users: merge(before.users, check.changes.users),
    devices: merge(before.devices, check.changes.devices),
    sites: merge(before.sites, check.changes.sites),
    blocks: merge(before.blocks, check.changes.numberBlocks),
    employees: merge(before.employees, check.changes.employees),
  };
}

const where = (issues: readonly InventoryIssue[]) => issues.map((i) => `${i.file}:${i.row ?? '-'}:${i.column ?? '-'}:${i.code}`);

describe('checkInventory', () => {
  const employees = [
    'Name,E-Mail,Extension,Number,Site,Device Vendor,Device Model,Device MAC,Language,Role',
    'Erika Muster,erika@acme.example,23,+49 221 471123,Köln,Yealink,T46S,00:15:65:bd:56:d4,de,employee',
    '"Mustermann, Max",MAX@acme.example,24,-24,köln,,,,en-gb,',
    'Zentrale,,10,+49 221 471100,Köln,,,,,operator',
    'Anna Bonn,anna@acme.example,301,-3,Bonn,Snom,D385,000413aabbcc,,',
  ].join('\r\n');
  const input: InventoryInput = { sites, numberBlocks: blocks, employees };

  it('plans sites, blocks, users, old phones and migration records from a clean file', () => {
    const check = checkInventory(input, empty, context());
    expect(check.report.errors).toEqual([]);
    expect(check.report.counts).toEqual({
      sites: { created: 2, updated: 0, unchanged: 0 },
      numberBlocks: { created: 3, updated: 0, unchanged: 0 },
      employees: { created: 4, updated: 0, unchanged: 0 },
      users: { created: 4, updated: 0, unchanged: 0 },
      devices: { created: 2, updated: 0, unchanged: 0 },
    });
    const [erika, max, , anna] = check.changes.employees.created;
    expect(erika).toMatchObject({ legacy_number: '+49221471123', old_device_mac: '001565bd56d4', language: 'de', number_state: 'planned', device_state: 'old_recorded', training_state: 'pending' });
    expect(max).toMatchObject({ legacy_number: '+49221471124', language: 'en-GB' });
    expect(anna?.legacy_number).toBe('+492285553');
    expect(check.changes.users.created[1]).toMatchObject({ extension: '24', display_name: 'Mustermann, Max', email: 'max@acme.example', sip_username: '24', ha1_md5: null });
    expect(check.changes.devices.created[0]).toMatchObject({ label: 'Erika Muster (old phone)', vendor: 'Yealink', model: 'T46S', mac: '001565bd56d4' });
    expect(check.changes.devices.created[0]?.user_id).toBe(check.changes.users.created[0]?.id);
    expect(where(check.report.warnings)).toEqual([]);
  });

  it('changes nothing when the same files are checked against what they created', () => {
    const first = checkInventory(input, empty, context());
    const second = checkInventory(input, applied(empty, first), context());
    expect(second.report.errors).toEqual([]);
    for (const counts of Object.values(second.report.counts)) expect(counts).toMatchObject({ created: 0, updated: 0 });
    expect(second.report.counts.employees.unchanged).toBe(4);
  });

  it('updates a record whose row changed, and leaves an existing user as it is with a warning', () => {
    const first = checkInventory(input, empty, context());
    const changed = { ...input, employees: employees.replace('Erika Muster,erika@acme.example,23,+49 221 471123,Köln,Yealink,T46S,00:15:65:bd:56:d4,de', 'Erika Schmidt,erika@acme.example,23,+49 221 471125,Köln,Yealink,T46S,00:15:65:bd:56:d4,fr') };
    const second = checkInventory(changed, applied(empty, first), context());
    expect(second.report.errors).toEqual([]);
    expect(second.report.counts.employees).toEqual({ created: 0, updated: 1, unchanged: 3 });
    expect(second.changes.employees.updated[0]?.after).toMatchObject({ legacy_number: '+49221471125', language: 'fr' });
    expect(where(second.report.warnings)).toEqual(['employees:2:Name:differs_from_directory']);
  });

  it('reports every bad row with its row and column, and plans nothing from them', () => {
    const existing = applied(empty, checkInventory(input, empty, context()));
    const bad = [
      'name;email;extension;number;site;device_mac',
      'Dup Ext;dup1@acme.example;40;;Köln;',
      'Dup Ext 2;dup2@acme.example;40;;Köln;',
      'Taken Mail;ERIKA@acme.example;41;;Köln;',
      'Bad Mac;;42;;Köln;01:02:03:04:05',
      'Nowhere;;43;;Berlin;',
      'Austria;;44;+43 1 234567;Köln;',
      'Outside;;45;+49 221 999999;Köln;',
      'Short DDI;;46;-5;Köln;',
      'Taken Number;;47;+49 221 471123;Köln;',
      'Taken Mac;;48;;Köln;001565bd56d4',
      ';;0815;;Köln;',
    ].join('\n');
    const check = checkInventory({ employees: bad }, existing, context());
    expect(where(check.report.errors)).toEqual([
      'employees:3:extension:duplicate',
      'employees:4:email:taken',
      'employees:5:device_mac:invalid',
      'employees:6:site:unknown_site',
      'employees:7:number:invalid_number',
      'employees:8:number:outside_blocks',
      'employees:9:number:outside_blocks',
      'employees:10:number:taken',
      'employees:11:device_mac:taken',
      'employees:12:extension:invalid',
      'employees:12:name:required',
    ]);
    const byRow = new Map(check.report.errors.map((e) => [`${e.row}:${e.column}`, e.message]));
    expect(byRow.get('9:number')).toBe('-5 is not a DDI of block +492214711 00-99; block +492214711 00-99 has 2-digit DDIs: -05');
    expect(byRow.get('10:number')).toBe('+49221471123 is the legacy number of 23 (Erika Muster)');
    expect(byRow.get('4:email')).toBe('e-mail erika@acme.example belongs to user 23 (Erika Muster)');
    expect(check.report.counts.employees).toEqual({ created: 1, updated: 0, unchanged: 0 });
  });

  it('warns when a number depends on whether the block is 0-99 or 00-99, and names the reading that would hold a DDI with a leading zero', () => {
    const narrow = { sites: 'name,address,area_code\nKöln,Domkloster 4,0221\n', numberBlocks: 'kind,base_number,ddi_range,site,old_provider,line_id\nlegacy,+49 221 4711,0-99,Köln,Telekom,AS-1\n' };
    const check = checkInventory({ ...narrow, employees: 'name,extension,number\nA,20,+49 221 47115\nB,21,+49 221 471105\nC,22,+49 221 471155\n' }, empty, context());
    expect(where(check.report.warnings)).toEqual(['employees:2:number:ambiguous_ddi']);
    expect(check.report.warnings[0]?.message).toContain('write the range 00-99');
    expect(where(check.report.errors)).toEqual(['employees:3:number:outside_blocks']);
    expect(check.report.errors[0]?.message).toContain('if its DDIs all have 2 digits, write the range 00-99');
  });

  it('checks sites and blocks: area codes, overlaps, lengths, the provisional block in the site’s area code, port data', () => {
    const check = checkInventory(
      {
        sites: 'name,address,area_code\nKöln,Domkloster 4,0221\nköln,Elsewhere,0221\nMobil,Nowhere,0171\n',
        numberBlocks: [
          'kind,base_number,ddi_range,site,old_provider,line_id',
          'legacy,+49 221 4711,00-99,Köln,,',
          'legacy,+49 221 4711,50-59,Köln,Telekom,AS-2',
          'provisional,+49 30 98765,00-99,Köln,,',
          'provisional,+49 221 4711000,0000-9999,,,',
          'spare,+49 221 1,0-9,,,',
        ].join('\n'),
        employees: 'name,extension\n',
      },
      empty,
      context(),
    );
    expect(where(check.report.errors)).toEqual([
      'sites:3:name:duplicate',
      'sites:4:area_code:invalid',
      'numberBlocks:4:base_number:area_code_mismatch',
      'numberBlocks:5:ddi_range:invalid_number',
      'numberBlocks:6:kind:invalid',
      'numberBlocks:3:ddi_range:overlapping_blocks',
    ]);
    expect(where(check.report.warnings)).toEqual(['numberBlocks:2:old_provider:missing_port_data']);
  });

  it('stops at a syntax error or a missing column, naming the row', () => {
    const check = checkInventory({ employees: 'name,extension\n"Open,20\n', sites: 'name;address\nKöln;Dom\n' }, empty, context());
    expect(where(check.report.errors)).toEqual(['sites:1:area_code:missing_column', 'employees:2:-:csv_syntax']);
  });
});
