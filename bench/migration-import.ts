/**
 * The inventory import and number plan of a 10,000-employee company: the dry run, the apply
 * (one transaction), the number plan (preview and apply) and a second import of the same
 * files (which changes nothing), each timed on a fresh database, median of the runs.
 *
 *   npx tsx bench/migration-import.ts                  # SQLite, temporary folder
 *   npx tsx bench/migration-import.ts postgres://…     # a throw-away database on that server
 */
import { createTenant } from '../src/centrex/index.js';
import { applyInventory, applyNumberPlan, previewInventory, previewNumberPlan } from '../src/migration/index.js';
import { migrateToLatest, openDatabase } from '../src/store/index.js';
import { scratchDatabaseAt } from '../test/support/scratch-database.js';

const employees = 10_000;
const runs = 3;
const actor = { kind: 'system', id: 'bench' } as const;

/** Three sites, each with a legacy block at the old provider and a provisional one on the new trunk. */
const sites = [
  { name: 'Köln', address: 'Domkloster 4, 50667 Köln', areaCode: '0221', legacy: '+49 221 4710', provisional: '+49 221 9870', share: 6_000 },
  { name: 'Bonn', address: 'Markt 2, 53111 Bonn', areaCode: '0228', legacy: '+49 228 5550', provisional: '+49 228 7770', share: 3_000 },
  { name: 'Düsseldorf', address: 'Marktplatz 1, 40213 Düsseldorf', areaCode: '0211', legacy: '+49 211 1230', provisional: '+49 211 4560', share: 1_000 },
];
const givenNames = ['Erika', 'Max', 'Aylin', 'Jonas', 'Anna', 'Lukas', 'Mia', 'Leon', 'Sofia', 'Paul'];
const familyNames = ['Mustermann', 'Schmidt', 'Demir', 'Becker', 'Weber', 'Wagner', 'Hoffmann', 'Schäfer', 'Koch', 'Richter'];
const phones = [['Yealink', 'T54W'], ['Snom', 'D385'], ['Gigaset', 'N870'], ['', '']];

/** The company's files as an old PBX and its administrator would write them (German Excel: `;`). */
function company(): { sites: string; numberBlocks: string; employees: string } {
  const rows = ['Name;E-Mail;Nebenstelle;Rufnummer;Standort;Hersteller;Modell;MAC;Sprache;Rolle'];
  let n = 0;
  for (const site of sites) {
    for (let ddi = 0; ddi < site.share; ddi++, n++) {
      const name = `${givenNames[n % 10] ?? ''} ${familyNames[Math.floor(n / 10) % 10] ?? ''} ${n}`;
      const [vendor = '', model = ''] = phones[n % 4] ?? [];
      const mac = vendor === '' ? '' : `00:15:65:${(n >> 16).toString(16).padStart(2, '0')}:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
      // every other number written as a DDI only, the rest in full
      const number = n % 2 === 0 ? `-${String(ddi).padStart(4, '0')}` : `${site.legacy}-${String(ddi).padStart(4, '0')}`;
      const role = ddi === 0 ? 'operator' : 'employee';
      rows.push(`"${name}";${name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replaceAll(' ', '.')}@company.example;${20_000 + n};${number};${site.name};${vendor};${model};${mac};de;${role}`);
    }
  }
  return {
    sites: ['Name;Adresse;Vorwahl', ...sites.map((s) => `${s.name};"${s.address}";${s.areaCode}`)].join('\r\n'),
    numberBlocks: [
      'kind;base_number;ddi_range;site;old_provider;line_id',
      ...sites.map((s) => `legacy;${s.legacy};0000-9999;${s.name};Deutsche Telekom;AS ${s.areaCode} ${s.legacy.slice(-4)}`),
      ...sites.map((s) => `provisional;${s.provisional};0000-9999;${s.name};;`),
    ].join('\r\n'),
    employees: rows.join('\r\n'),
  };
}

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ readonly result: T; readonly timing: Timing }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { result, timing: { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 } };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`benchmark result wrong: ${what}`);
}

const steps = ['dry run', 'apply', 'plan preview', 'plan apply', 'import again'] as const;
type Step = (typeof steps)[number];

async function run(adminUrl: string | undefined, files: ReturnType<typeof company>): Promise<{ dialect: string; timings: Record<Step, Timing> }> {
  const target = await scratchDatabaseAt(adminUrl, 'belay-migration-bench');
  const database = await openDatabase({ url: target.url });
  try {
    await migrateToLatest(database);
    await createTenant(database, { slug: 'company', name: 'Company GmbH' }, actor);
    const dry = await timed(() => previewInventory(database, 'company', files));
    check(dry.result.errors.length === 0 && dry.result.counts.employees.created === employees, `the dry run: ${JSON.stringify(dry.result.errors.slice(0, 3))} ${JSON.stringify(dry.result.counts)}`);
    const apply = await timed(() => applyInventory(database, 'company', files, actor));
    check(apply.result.applied && apply.result.counts.devices.created === employees * 0.75, 'the apply');
    const planPreview = await timed(() => previewNumberPlan(database, 'company'));
    check(planPreview.result.counts.suffix === employees, 'the plan preview');
    const planApply = await timed(() => applyNumberPlan(database, 'company', actor));
    check(planApply.result.counts.changed === employees, 'the plan');
    const again = await timed(() => applyInventory(database, 'company', files, actor));
    check(again.result.counts.employees.unchanged === employees && again.result.counts.employees.updated === 0, 'the second import');
    return {
      dialect: database.dialect,
      timings: { 'dry run': dry.timing, apply: apply.timing, 'plan preview': planPreview.timing, 'plan apply': planApply.timing, 'import again': again.timing },
    };
  } finally {
    await database.close();
    await target.remove();
  }
}

const files = company();
const results: Awaited<ReturnType<typeof run>>[] = [];
for (let i = 0; i < runs; i++) results.push(await run(process.argv[2], files));

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const seconds = (ms: number): string => (ms / 1000).toFixed(2);
console.log(`${results[0]?.dialect ?? ''}: ${employees} employees at ${sites.length} sites, ${(Buffer.byteLength(files.employees) / 1e6).toFixed(2)} MB of CSV; median of ${runs} runs on fresh databases`);
console.log('step           wall s   cpu s');
let total = 0;
for (const step of steps) {
  const wall = median(results.map((r) => r.timings[step].wallMs));
  const cpu = median(results.map((r) => r.timings[step].cpuMs));
  if (step !== 'import again') total += wall;
  console.log(`${step.padEnd(13)} ${seconds(wall).padStart(7)} ${seconds(cpu).padStart(7)}`);
}
console.log(`dry run + apply + plan preview + plan apply: ${seconds(total)} s`);
