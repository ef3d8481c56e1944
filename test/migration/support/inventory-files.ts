/** Inventory files of a small company in Cologne and Bonn, as an old PBX export and an admin would write them. */

export const sitesCsv = 'name;address;area_code\r\nKöln;Domkloster 4, 50667 Köln;0221\r\nBonn;Markt 1, 53111 Bonn;0228\r\n';

export const numberBlocksCsv = [
  'kind;base_number;ddi_range;site;old_provider;line_id',
  'legacy;+49 221 4711;00-99;Köln;Telekom;AS-0221-4711',
  'legacy;+49 228 555;0-9;Bonn;Telekom;AS-0228-555',
  'provisional;+49 221 98765;00-99;Köln;;',
  'provisional;+49 228 7770;00-99;Bonn;;',
].join('\r\n');

export const employeesCsv = [
  'Name;E-Mail;Extension;Number;Site;Device Vendor;Device Model;Device MAC;Language;Role',
  'Erika Muster;erika@acme.example;23;+49 221 471123;Köln;Yealink;T46S;00:15:65:BD:56:D4;de;employee',
  '"Mustermann; Max";max@acme.example;24;-24;Köln;Snom;D385;00-04-13-aa-bb-cc;en;employee',
  'Zentrale;;10;+49 221 471100;Köln;;;;de;operator',
  'Anna Bonn;anna@acme.example;301;-3;Bonn;;;;de;employee',
].join('\r\n');

/** `count` employees at the Cologne site with DDIs 0000…, for a bigger company. */
export function companyCsv(count: number): { readonly sites: string; readonly numberBlocks: string; readonly employees: string } {
  const rows = ['name,email,extension,number,site,device_vendor,device_model,device_mac,language,role'];
  for (let i = 0; i < count; i++) {
    const mac = `0015650${i.toString(16).padStart(5, '0')}`;
    rows.push(`Erika Mustermann-Schmidt ${i},erika.mustermann${i}@big-company.example,${20000 + i},+49 221 4710${String(i).padStart(4, '0')},Köln,Yealink,T54W,${mac},de,employee`);
  }
  return {
    sites: 'name,address,area_code\nKöln,Domkloster 4,0221\n',
    numberBlocks: 'kind,base_number,ddi_range,site,old_provider,line_id\nlegacy,+49 221 4710,0000-9999,Köln,Telekom,AS-1\nprovisional,+49 221 9870,0000-9999,Köln,,\n',
    employees: `${rows.join('\n')}\n`,
  };
}
