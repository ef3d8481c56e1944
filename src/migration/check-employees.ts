import { DEFAULT_CLASS_OF_SERVICE, deviceCreateSchema, userCreateSchema } from '../centrex/index.js';
import type { DeviceRow, MigrationEmployeeRow, NumberBlockRow, SiteRow, UserRow } from '../store/index.js';
import type { ImportContext, SitesByName } from './check-sites.js';
import { ChangeSet, nameKey, textProblem } from './entity-changes.js';
import type { IssueSink } from './inventory-report.js';
import { readInventoryTable, RowCheck } from './inventory-table.js';
import type { ColumnSpec } from './inventory-table.js';
import { resolveLegacyNumber } from './legacy-number.js';
import { newEmployeeRow } from './new-employee-row.js';

type EmployeeColumn = 'name' | 'email' | 'extension' | 'number' | 'site' | 'device_vendor' | 'device_model' | 'device_mac' | 'language' | 'role';

export const EMPLOYEE_COLUMNS: readonly ColumnSpec<EmployeeColumn>[] = [
  { key: 'name', aliases: ['display_name', 'employee', 'mitarbeiter'], required: true },
  { key: 'email', aliases: ['mail'], required: false },
  { key: 'extension', aliases: ['ext', 'nebenstelle'], required: true },
  { key: 'number', aliases: ['legacy_number', 'ddi', 'rufnummer', 'durchwahl'], required: false },
  { key: 'site', aliases: ['location', 'standort'], required: false },
  { key: 'device_vendor', aliases: ['vendor', 'hersteller'], required: false },
  { key: 'device_model', aliases: ['model', 'modell'], required: false },
  { key: 'device_mac', aliases: ['mac', 'mac_address'], required: false },
  { key: 'language', aliases: ['lang', 'sprache'], required: false },
  { key: 'role', aliases: ['rolle'], required: false },
];

/** The directory and migration records the employees file is checked against. */
export interface EmployeeContext extends ImportContext {
  readonly users: readonly UserRow[];
  readonly devices: readonly DeviceRow[];
  readonly employees: readonly MigrationEmployeeRow[];
  readonly sites: SitesByName;
  /** Every number block of the tenant after the import. */
  readonly blocks: readonly NumberBlockRow[];
}

export interface EmployeeChanges {
  /** New users only: an existing user is left as it is. */
  readonly users: ChangeSet<UserRow>;
  /** New devices only (the old phones), each assigned to its employee. */
  readonly devices: ChangeSet<DeviceRow>;
  readonly employees: ChangeSet<MigrationEmployeeRow>;
}

const userFields = ['extension', 'name', 'email'] as const;
const deviceFields = deviceCreateSchema.pick({ mac: true, vendor: true, model: true }).partial();
const deviceColumns = { mac: 'device_mac', vendor: 'device_vendor', model: 'device_model' } as const;
const LANGUAGE = /^([a-z]{2,3})(?:[-_]([a-z]{2}))?$/i;
/** Room for the suffix in a device label of at most 200 characters. */
const labelNameLength = 185;

/** `de`, `en-GB` from `DE`, `en_gb`; null for none, undefined for something else. */
function languageTag(text: string): string | null | undefined {
  if (text === '') return null;
  const match = LANGUAGE.exec(text);
  if (!match?.[1]) return undefined;
  return match[2] ? `${match[1].toLowerCase()}-${match[2].toUpperCase()}` : match[1].toLowerCase();
}

const describe = (user: Pick<UserRow, 'extension' | 'display_name'>): string => `${user.extension} (${user.display_name})`;

function indexBy<T, K>(items: readonly T[], key: (item: T) => K | null): Map<K, T> {
  const map = new Map<K, T>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) map.set(k, item);
  }
  return map;
}

/** The first row each value was seen on, to name it in a duplicate's message. */
class FirstSeen {
  private readonly rows = new Map<string, number>();
  /** The earlier row holding `value`, or undefined after noting this row as its first. */
  earlier(value: string, row: number): number | undefined {
    const seen = this.rows.get(value);
    if (seen === undefined) this.rows.set(value, row);
    return seen;
  }
}

type Check = RowCheck<EmployeeColumn>;

/** The directory user a row names: its values by the directory's rules, and the user it is if the extension exists. */
interface RowUser {
  readonly extension: string;
  readonly name: string;
  readonly email: string | null;
  readonly existing: UserRow | undefined;
}

interface RowPhone {
  readonly mac: string | null;
  readonly vendor: string | null;
  readonly model: string | null;
  /** The inventory's device with that MAC address, if any. */
  readonly known: DeviceRow | undefined;
}

/** The employees file, row by row, against the tenant's directory, sites and blocks (see {@link checkEmployees}). */
class EmployeeChecks {
  readonly changes: EmployeeChanges = { users: new ChangeSet(), devices: new ChangeSet(), employees: new ChangeSet() };
  private readonly userByExtension: Map<string, UserRow>;
  private readonly userByEmail: Map<string, UserRow>;
  private readonly userBySipUsername: Map<string, UserRow>;
  private readonly userById: Map<string, UserRow>;
  private readonly deviceByMac: Map<string, DeviceRow>;
  private readonly employeeByUser: Map<string, MigrationEmployeeRow>;
  private readonly employeeByLegacy: Map<string, MigrationEmployeeRow>;
  private readonly legacy: readonly NumberBlockRow[];
  private readonly provisional: readonly NumberBlockRow[];
  private readonly seen = { extension: new FirstSeen(), email: new FirstSeen(), number: new FirstSeen(), mac: new FirstSeen() };

  constructor(private readonly context: EmployeeContext) {
    this.userByExtension = indexBy(context.users, (u) => u.extension);
    this.userByEmail = indexBy(context.users, (u) => u.email);
    this.userBySipUsername = indexBy(context.users, (u) => u.sip_username);
    this.userById = indexBy(context.users, (u) => u.id);
    this.deviceByMac = indexBy(context.devices, (d) => d.mac);
    this.employeeByUser = indexBy(context.employees, (e) => e.user_id);
    this.employeeByLegacy = indexBy(context.employees, (e) => e.legacy_number);
    this.legacy = context.blocks.filter((b) => b.kind === 'legacy');
    this.provisional = context.blocks.filter((b) => b.kind === 'provisional');
  }

  check(check: Check): void {
    const { row } = check;
    const user = this.user(check);
    const site = this.site(check);
    const employee = user.existing ? this.employeeByUser.get(user.existing.id) : undefined;
    const legacy = this.legacyNumber(check, site, user, employee);
    const phone = this.phone(check, user.existing);
    const language = languageTag(row.value('language'));
    if (language === undefined) check.error('language', 'invalid', `"${row.value('language')}" is not a language tag like de or en-GB`);
    const role = row.value('role');
    const roleProblem = textProblem(role, 100);
    if (roleProblem) check.error('role', 'invalid', `the role ${roleProblem}`);
    if (!check.valid || !site) return;

    const userRow = user.existing ?? newUser(this.context, user);
    this.changes.users.add(user.existing, userRow, []);
    if (phone.known) this.changes.devices.add(phone.known, phone.known, []);
    else if (phone.mac !== null) this.changes.devices.add(undefined, newDevice(this.context, userRow, { ...phone, mac: phone.mac }), []);
    const record: MigrationEmployeeRow = {
      ...(employee ?? newEmployeeRow({ id: this.context.newId(), tenantId: this.context.tenantId, userId: userRow.id, siteId: site.id, at: this.context.at })),
      site_id: site.id,
      legacy_number: legacy?.number ?? null,
      legacy_block_id: legacy?.block.id ?? null,
      old_device_vendor: phone.vendor,
      old_device_model: phone.model,
      old_device_mac: phone.mac,
      language: language ?? null,
      role: role === '' ? null : role,
      updated_at: this.context.at,
    };
    this.changes.employees.add(employee, record, comparedEmployeeColumns);
  }

  private duplicate(check: Check, column: EmployeeColumn, seen: FirstSeen, value: string, what: string): void {
    const earlier = seen.earlier(value, check.row.row);
    if (earlier !== undefined) check.error(column, 'duplicate', `${what} is also on row ${earlier}`);
  }

  /** Extension, name and e-mail by the directory's own rules; an existing user is used as it is. */
  private user(check: Check): RowUser {
    const { row } = check;
    const email = row.value('email');
    const parsed = userCreateSchema.safeParse({ extension: row.value('extension'), name: row.value('name'), ...(email !== '' && { email }) });
    for (const issue of parsed.error?.issues ?? []) {
      const column = userFields.find((field) => field === issue.path[0]) ?? 'name';
      check.error(column, row.value(column) === '' ? 'required' : 'invalid', `the ${column} ${issue.message}`);
    }
    const extension = parsed.data?.extension ?? row.value('extension');
    const name = parsed.data?.name ?? row.value('name');
    const mail = parsed.data?.email ?? null;
    this.duplicate(check, 'extension', this.seen.extension, extension, `extension ${extension}`);
    if (mail !== null) this.duplicate(check, 'email', this.seen.email, mail, `e-mail ${mail}`);
    const existing = this.userByExtension.get(extension);
    const mailOwner = mail === null ? undefined : this.userByEmail.get(mail);
    if (mailOwner && mailOwner !== existing) check.error('email', 'taken', `e-mail ${mail} belongs to user ${describe(mailOwner)}`);
    const sipOwner = this.userBySipUsername.get(extension);
    if (!existing && sipOwner) check.error('extension', 'taken', `"${extension}" is the SIP username of user ${describe(sipOwner)}`);
    const kept = `for extension ${extension}; the import leaves existing users as they are`;
    if (existing && existing.display_name !== name) check.warning('name', 'differs_from_directory', `the directory has "${existing.display_name}" ${kept}`);
    if (existing && mail !== null && existing.email !== mail) check.warning('email', 'differs_from_directory', `the directory has ${existing.email ?? 'no e-mail'} ${kept}`);
    return { extension, name, email: mail, existing };
  }

  /** The site the row names, or the tenant's only one; undefined when there is none to use. */
  private site(check: Check): SiteRow | undefined {
    const { sites } = this.context;
    const name = check.row.value('site');
    if (name === '' && sites.size !== 1) {
      check.error('site', 'required', sites.size === 0 ? 'the tenant has no sites yet: import a sites file too' : `the tenant has ${sites.size} sites: name the employee's site`);
      return undefined;
    }
    const site = name === '' ? [...sites.values()][0] : sites.get(nameKey(name));
    if (site === undefined) {
      const known = [...sites.values()].flatMap((s) => (s ? [s.name] : []));
      check.error('site', 'unknown_site', `site "${name}" is neither in the sites file nor among the tenant's sites (${known.join(', ') || 'none'})`);
    }
    // a site the sites file gets wrong has its own error there
    if (site === null) check.invalidate();
    return site ?? undefined;
  }

  /** The legacy number, a whole number or a DDI, in one of the tenant's legacy blocks and no one else's. */
  private legacyNumber(check: Check, site: SiteRow | undefined, user: RowUser, employee: MigrationEmployeeRow | undefined): { number: string; block: NumberBlockRow } | undefined {
    const text = check.row.value('number');
    let legacy: { number: string; block: NumberBlockRow } | undefined;
    if (text !== '') {
      const resolved = resolveLegacyNumber(text, site, this.legacy, this.provisional);
      if (!resolved.ok) check.error('number', resolved.code, resolved.message);
      else {
        legacy = resolved;
        if (resolved.ambiguity) check.warning('number', 'ambiguous_ddi', resolved.ambiguity);
        this.duplicate(check, 'number', this.seen.number, resolved.number, `legacy number ${resolved.number}`);
        const holder = this.employeeByLegacy.get(resolved.number);
        const holderUser = holder && holder.user_id !== user.existing?.id ? this.userById.get(holder.user_id) : undefined;
        if (holderUser) check.error('number', 'taken', `${resolved.number} is the legacy number of ${describe(holderUser)}`);
      }
    }
    if (employee && employee.number_state !== 'planned' && employee.legacy_number !== (legacy?.number ?? null)) {
      check.error('number', 'number_in_use', `the legacy number of extension ${user.extension} cannot change now that its number state is ${employee.number_state}`);
    }
    return legacy;
  }

  /** The old phone; its MAC address is the employee's own in the device inventory, or new there. */
  private phone(check: Check, existing: UserRow | undefined): RowPhone {
    const { row } = check;
    const parsed = deviceFields.safeParse({
      ...(row.value('device_mac') !== '' && { mac: row.value('device_mac') }),
      ...(row.value('device_vendor') !== '' && { vendor: row.value('device_vendor') }),
      ...(row.value('device_model') !== '' && { model: row.value('device_model') }),
    });
    for (const issue of parsed.error?.issues ?? []) {
      const key = issue.path[0] === 'mac' ? 'mac' : issue.path[0] === 'vendor' ? 'vendor' : 'model';
      check.error(deviceColumns[key], 'invalid', `the ${key === 'mac' ? 'MAC address' : key} ${issue.message}`);
    }
    const mac = parsed.data?.mac ?? null;
    const known = mac === null ? undefined : this.deviceByMac.get(mac);
    if (mac !== null) {
      this.duplicate(check, 'device_mac', this.seen.mac, mac, `MAC address ${mac}`);
      const owner = known?.user_id ? this.userById.get(known.user_id) : undefined;
      if (owner && owner !== existing) check.error('device_mac', 'taken', `MAC address ${mac} is the phone of user ${describe(owner)} in the device inventory`);
      else if (known && known.user_id === null) check.warning('device_mac', 'taken', `MAC address ${mac} is in the device inventory, assigned to no one; it is left as it is`);
    }
    return { mac, vendor: parsed.data?.vendor ?? null, model: parsed.data?.model ?? null, known };
  }
}

/**
 * The employees file checked row by row against the directory, the sites and the number
 * blocks. A row is one employee keyed by extension: a new extension creates a directory user
 * (without password: one is set when the phone is provisioned), an existing one is used as it
 * is (a different name or e-mail is reported, not changed). Each row creates or updates the
 * employee's migration record, and the old phone with a MAC address joins the device inventory.
 */
export function checkEmployees(text: string | undefined, context: EmployeeContext, issues: IssueSink): EmployeeChanges {
  const checks = new EmployeeChecks(context);
  const rows = text === undefined ? [] : (readInventoryTable('employees', text, EMPLOYEE_COLUMNS, issues) ?? []);
  for (const row of rows) checks.check(new RowCheck(row, issues));
  return checks.changes;
}

const comparedEmployeeColumns = [
  'site_id',
  'legacy_number',
  'legacy_block_id',
  'old_device_vendor',
  'old_device_model',
  'old_device_mac',
  'language',
  'role',
] as const satisfies readonly (keyof MigrationEmployeeRow)[];

function newUser(context: ImportContext, { extension, name, email }: RowUser): UserRow {
  return {
    id: context.newId(),
    tenant_id: context.tenantId,
    extension,
    display_name: name,
    email,
    sip_username: extension,
    ha1_md5: null,
    ha1_sha256: null,
    dnd: 0,
    forward_always: null,
    forward_busy: null,
    forward_no_answer: null,
    forward_no_answer_seconds: null,
    forward_unregistered: null,
    class_of_service: DEFAULT_CLASS_OF_SERVICE,
    clir: 0,
    ring_external: null,
    created_at: context.at,
    updated_at: context.at,
  };
}

function newDevice(context: ImportContext, user: UserRow, { mac, vendor, model }: RowPhone & { mac: string }): DeviceRow {
  const label = `${user.display_name.slice(0, labelNameLength)} (old phone)`;
  return { id: context.newId(), tenant_id: context.tenantId, label, vendor, model, mac, user_id: user.id, created_at: context.at, updated_at: context.at };
}
