import { deviceCreateSchema, userCreateSchema } from '../centrex/index.js';
import type { DeviceRow, MigrationEmployeeRow, NumberBlockRow, UserRow } from '../store/index.js';
import type { ImportContext, SitesByName } from './check-sites.js';
import { ChangeSet, nameKey, textProblem } from './entity-changes.js';
import type { IssueSink } from './inventory-report.js';
import { readInventoryTable, rowIssues } from './inventory-table.js';
import type { ColumnSpec, RowIssues } from './inventory-table.js';
import { resolveLegacyNumber } from './legacy-number.js';

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

/**
 * The employees file checked row by row against the directory, the sites and the number
 * blocks. A row is one employee keyed by extension: a new extension creates a directory user
 * (without password: one is set when the phone is provisioned), an existing one is used as it
 * is (a different name or e-mail is reported, not changed). Each row creates or updates the
 * employee's migration record, and the old phone with a MAC address joins the device inventory.
 */
export function checkEmployees(text: string | undefined, context: EmployeeContext, issues: IssueSink): EmployeeChanges {
  const changes: EmployeeChanges = { users: new ChangeSet(), devices: new ChangeSet(), employees: new ChangeSet() };
  const rows = text === undefined ? [] : (readInventoryTable('employees', text, EMPLOYEE_COLUMNS, issues) ?? []);
  const index = {
    userByExtension: indexBy(context.users, (u) => u.extension),
    userByEmail: indexBy(context.users, (u) => u.email),
    userBySipUsername: indexBy(context.users, (u) => u.sip_username),
    userById: indexBy(context.users, (u) => u.id),
    deviceByMac: indexBy(context.devices, (d) => d.mac),
    employeeByUser: indexBy(context.employees, (e) => e.user_id),
    employeeByLegacy: indexBy(context.employees, (e) => e.legacy_number),
  };
  const legacy = context.blocks.filter((b) => b.kind === 'legacy');
  const provisional = context.blocks.filter((b) => b.kind === 'provisional');
  const onlySite = context.sites.size === 1 ? [...context.sites.values()][0] : undefined;
  const seen = { extension: new FirstSeen(), email: new FirstSeen(), number: new FirstSeen(), mac: new FirstSeen() };

  for (const row of rows) {
    const problems = rowIssues(row, issues);
    let valid = true;
    const fail: RowIssues<EmployeeColumn>['error'] = (...args) => {
      valid = false;
      problems.error(...args);
    };
    const duplicate = (column: EmployeeColumn, set: FirstSeen, value: string, what: string): void => {
      const earlier = set.earlier(value, row.row);
      if (earlier !== undefined) fail(column, 'duplicate', `${what} is also on row ${earlier}`);
    };

    // the directory user: extension, name and e-mail by the directory's own rules
    const email = row.value('email');
    const user = userCreateSchema.safeParse({ extension: row.value('extension'), name: row.value('name'), ...(email !== '' && { email }) });
    if (!user.success) {
      for (const issue of user.error.issues) {
        const column = userFields.find((field) => field === issue.path[0]) ?? 'name';
        fail(column, row.value(column) === '' ? 'required' : 'invalid', `the ${column} ${issue.message}`);
      }
    }
    const extension = user.data?.extension ?? row.value('extension');
    const name = user.data?.name ?? row.value('name');
    const mail = user.data?.email ?? null;
    duplicate('extension', seen.extension, extension, `extension ${extension}`);
    if (mail !== null) duplicate('email', seen.email, mail, `e-mail ${mail}`);
    const existing = index.userByExtension.get(extension);
    const mailOwner = mail === null ? undefined : index.userByEmail.get(mail);
    if (mailOwner && mailOwner !== existing) fail('email', 'taken', `e-mail ${mail} belongs to user ${describe(mailOwner)}`);
    const sipOwner = index.userBySipUsername.get(extension);
    if (!existing && sipOwner) fail('extension', 'taken', `"${extension}" is the SIP username of user ${describe(sipOwner)}`);
    if (existing && existing.display_name !== name) {
      problems.warning('name', 'differs_from_directory', `the directory has "${existing.display_name}" for extension ${extension}; the import leaves existing users as they are`);
    }
    if (existing && mail !== null && existing.email !== mail) {
      problems.warning('email', 'differs_from_directory', `the directory has ${existing.email ?? 'no e-mail'} for extension ${extension}; the import leaves existing users as they are`);
    }

    // the site: named, or the tenant's only one
    const siteName = row.value('site');
    const siteEntry = siteName === '' ? onlySite : context.sites.get(nameKey(siteName));
    if (siteName === '' && context.sites.size !== 1) {
      fail('site', 'required', context.sites.size === 0 ? 'the tenant has no sites yet: import a sites file too' : `the tenant has ${context.sites.size} sites: name the employee's site`);
    } else if (siteEntry === undefined) {
      const known = [...context.sites.values()].flatMap((s) => (s ? [s.name] : []));
      fail('site', 'unknown_site', `site "${siteName}" is neither in the sites file nor among the tenant's sites (${known.join(', ') || 'none'})`);
    } else if (siteEntry === null) valid = false;
    const site = siteEntry ?? undefined;

    // the legacy number: a whole number or a DDI, in one of the tenant's legacy blocks
    const employee = existing ? index.employeeByUser.get(existing.id) : undefined;
    let legacyNumber: string | null = null;
    let legacyBlock: string | null = null;
    if (row.value('number') !== '') {
      const resolved = resolveLegacyNumber(row.value('number'), site, legacy, provisional);
      if (!resolved.ok) fail('number', resolved.code, resolved.message);
      else {
        legacyNumber = resolved.number;
        legacyBlock = resolved.block.id;
        if (resolved.ambiguity) problems.warning('number', 'ambiguous_ddi', resolved.ambiguity);
        duplicate('number', seen.number, legacyNumber, `legacy number ${legacyNumber}`);
        const holder = index.employeeByLegacy.get(legacyNumber);
        const holderUser = holder && holder.user_id !== existing?.id ? index.userById.get(holder.user_id) : undefined;
        if (holderUser) fail('number', 'taken', `${legacyNumber} is the legacy number of ${describe(holderUser)}`);
      }
    }
    if (employee && employee.number_state !== 'planned' && employee.legacy_number !== legacyNumber) {
      fail('number', 'number_in_use', `the legacy number of extension ${extension} cannot change now that its number state is ${employee.number_state}`);
    }

    // the old phone
    const device = deviceFields.safeParse({
      ...(row.value('device_mac') !== '' && { mac: row.value('device_mac') }),
      ...(row.value('device_vendor') !== '' && { vendor: row.value('device_vendor') }),
      ...(row.value('device_model') !== '' && { model: row.value('device_model') }),
    });
    if (!device.success) {
      for (const issue of device.error.issues) {
        const key = issue.path[0] === 'mac' ? 'mac' : issue.path[0] === 'vendor' ? 'vendor' : 'model';
        fail(deviceColumns[key], 'invalid', `the ${key === 'mac' ? 'MAC address' : key} ${issue.message}`);
      }
    }
    const mac = device.data?.mac ?? null;
    const knownDevice = mac === null ? undefined : index.deviceByMac.get(mac);
    if (mac !== null) {
      duplicate('device_mac', seen.mac, mac, `MAC address ${mac}`);
      const owner = knownDevice?.user_id ? index.userById.get(knownDevice.user_id) : undefined;
      if (owner && owner !== existing) fail('device_mac', 'taken', `MAC address ${mac} is the phone of user ${describe(owner)} in the device inventory`);
      else if (knownDevice && knownDevice.user_id === null) {
        problems.warning('device_mac', 'taken', `MAC address ${mac} is in the device inventory, assigned to no one; it is left as it is`);
      }
    }

    const language = languageTag(row.value('language'));
    if (language === undefined) fail('language', 'invalid', `"${row.value('language')}" is not a language tag like de or en-GB`);
    const role = row.value('role');
    const roleProblem = textProblem(role, 100);
    if (roleProblem) fail('role', 'invalid', `the role ${roleProblem}`);

    if (!valid || !site) continue;
    const userRow = existing ?? newUser(context, extension, name, mail);
    changes.users.add(existing, userRow, []);
    if (mac !== null && !knownDevice) {
      changes.devices.add(undefined, newDevice(context, userRow, mac, device.data?.vendor ?? null, device.data?.model ?? null), []);
    } else if (knownDevice) changes.devices.add(knownDevice, knownDevice, []);
    const record: MigrationEmployeeRow = {
      ...(employee ?? newEmployee(context, userRow.id)),
      site_id: site.id,
      legacy_number: legacyNumber,
      legacy_block_id: legacyBlock,
      old_device_vendor: device.data?.vendor ?? null,
      old_device_model: device.data?.model ?? null,
      old_device_mac: mac,
      language: language ?? null,
      role: role === '' ? null : role,
      updated_at: context.at,
    };
    changes.employees.add(employee, record, comparedEmployeeColumns);
  }
  return changes;
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

function newUser(context: ImportContext, extension: string, name: string, email: string | null): UserRow {
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
    created_at: context.at,
    updated_at: context.at,
  };
}

function newDevice(context: ImportContext, user: UserRow, mac: string, vendor: string | null, model: string | null): DeviceRow {
  const label = `${user.display_name.slice(0, labelNameLength)} (old phone)`;
  return { id: context.newId(), tenant_id: context.tenantId, label, vendor, model, mac, user_id: user.id, created_at: context.at, updated_at: context.at };
}

function newEmployee(context: ImportContext, userId: string): MigrationEmployeeRow {
  return {
    id: context.newId(),
    tenant_id: context.tenantId,
    user_id: userId,
    site_id: '',
    legacy_number: null,
    legacy_block_id: null,
    provisional_number: null,
    provisional_block_id: null,
    ported_number: null,
    number_state: 'planned',
    device_state: 'old_recorded',
    training_state: 'pending',
    training_note: null,
    old_device_vendor: null,
    old_device_model: null,
    old_device_mac: null,
    language: null,
    role: null,
    created_at: context.at,
    updated_at: context.at,
  };
}
