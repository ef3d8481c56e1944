/**
 * A company moving to belay, set up only through belay's HTTP API as an operator would: the
 * tenant, the migration inventory (sites, legacy and provisional number blocks, employees), the
 * number plan (each employee's provisional number), SIP passwords, number states, trunks, and
 * the settings telephony needs (reception, a site's emergency number, a user's class of service).
 */
import type { BelayServer } from './belay-server.js';
import { eventually } from './belay-server.js';
import { SippPhone } from './sipp-phone.js';

export interface SitePlan {
  readonly name: string;
  /** As written in the file, e.g. `0221`. */
  readonly areaCode: string;
}

export interface BlockPlan {
  readonly kind: 'legacy' | 'provisional';
  /** The base number as written, e.g. `+49 221 4711`. */
  readonly base: string;
  /** DDIs of one width, e.g. `00-99`. */
  readonly range: string;
  readonly site: string;
  /** A legacy block's old provider and line. */
  readonly line?: { readonly provider: string; readonly id: string };
}

export interface EmployeePlan {
  readonly extension: string;
  readonly name: string;
  /** The legacy number as the old PBX export writes it (a whole number or `-23` for a DDI); none for a new hire. */
  readonly number?: string;
  readonly site: string;
}

export interface CompanyPlan {
  readonly slug: string;
  readonly name: string;
  readonly sites: readonly SitePlan[];
  readonly blocks: readonly BlockPlan[];
  readonly employees: readonly EmployeePlan[];
}

/** An employee's record after the import and the number plan, as the migration API shows it. */
export interface EmployeeRecord {
  readonly userId: string;
  readonly extension: string;
  readonly siteId: string;
  readonly legacyNumber: string | null;
  readonly provisionalNumber: string | null;
  readonly numberState: string;
}

/** What `GET /tenants/:tenant/users/:user/identity` answers (the fields these tests look at). */
export interface IdentityView {
  readonly identity: { readonly upn: string | null; readonly npn: string | null; readonly phase: string; readonly onOldSystem: boolean };
  readonly presented: { readonly number: string; readonly allowed: boolean; readonly rule: string | null } | null;
  readonly emergency: { readonly number: string | null; readonly problem: string | null };
}

/** A built-in trunk profile: how belay writes the two numbers toward the carrier. */
export type ProfileName = 'generic' | 'telekom' | 'sipgate' | 'nfon' | 'dts';

export interface TrunkPlan {
  readonly name: string;
  readonly profile: ProfileName;
  /** Where the trunk's carrier listens. */
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  /** Register mode with these credentials; ip mode without. */
  readonly account?: { readonly username: string; readonly password: string };
  readonly defaultNumber?: string;
  readonly priority: number;
  /** The site (id or name) whose trunk it is: emergency calls from there prefer it. */
  readonly site?: string;
}

/** A SIP password that passes the directory's rules (it must not contain the extension). */
const passwordOf = (extension: string): string => `Identity-${extension.replace(/\d/g, (d) => 'abcdefghij'.charAt(Number(d)))}-Q7`;

const csv = (rows: readonly (readonly string[])[]): string => rows.map((row) => row.join(';')).join('\r\n');

/** Every number of a block: the base followed by each DDI of its range (`00-99` → 100 numbers). */
export function blockNumbers(baseE164: string, range: string | null): readonly string[] {
  if (range === null) return [baseE164];
  const [first = '', last = ''] = range.split('-');
  const out: string[] = [];
  for (let ddi = Number(first); ddi <= Number(last); ddi++) out.push(`${baseE164}${String(ddi).padStart(first.length, '0')}`);
  return out;
}

export class Company {
  private employees = new Map<string, EmployeeRecord>();

  private constructor(
    private readonly belay: BelayServer,
    readonly plan: CompanyPlan,
    /** The tenant's SIP domain (the host of its users' addresses). */
    readonly domain: string,
    readonly tenantId: string,
  ) {}

  static async create(belay: BelayServer, plan: CompanyPlan): Promise<Company> {
    const tenant = await belay.api<{ id: string; sipDomain: string }>('POST', '/tenants', { slug: plan.slug, name: plan.name });
    const company = new Company(belay, plan, tenant.sipDomain, tenant.id);
    const report = await belay.api<{ errors: readonly unknown[] }>('POST', `/tenants/${plan.slug}/migration/inventory/apply`, {
      sites: csv([['name', 'address', 'area_code'], ...plan.sites.map((s) => [s.name, `Hauptstraße 1, ${s.name}`, s.areaCode])]),
      numberBlocks: csv([
        ['kind', 'base_number', 'ddi_range', 'site', 'old_provider', 'line_id'],
        ...plan.blocks.map((b) => [b.kind, b.base, b.range, b.site, b.line?.provider ?? '', b.line?.id ?? '']),
      ]),
      employees: csv([['name', 'extension', 'number', 'site'], ...plan.employees.map((e) => [e.name, e.extension, e.number ?? '', e.site])]),
    });
    if (report.errors.length > 0) throw new Error(`inventory of ${plan.slug}: ${JSON.stringify(report.errors)}`);
    await belay.api('POST', `/tenants/${plan.slug}/migration/plan/apply`);
    for (const employee of plan.employees) {
      await belay.api('PUT', `/tenants/${plan.slug}/users/${employee.extension}/password`, { password: passwordOf(employee.extension) });
    }
    await company.reload();
    return company;
  }

  get slug(): string {
    return this.plan.slug;
  }

  /** An employee's numbers as of the last change made through this object. */
  employee(extension: string): EmployeeRecord {
    const found = this.employees.get(extension);
    if (!found) throw new Error(`${this.slug} has no employee ${extension}`);
    return found;
  }

  /** Every number of the company's blocks of `kind`. */
  async numbers(kind: 'legacy' | 'provisional'): Promise<readonly string[]> {
    const { items } = await this.belay.api<{ items: { kind: string; baseNumber: string; ddiRange: string | null }[] }>(
      'GET',
      `/tenants/${this.slug}/migration/number-blocks`,
    );
    return items.filter((b) => b.kind === kind).flatMap((b) => blockNumbers(b.baseNumber, b.ddiRange));
  }

  async siteId(name: string): Promise<string> {
    const { items } = await this.belay.api<{ items: { id: string; name: string }[] }>('GET', `/tenants/${this.slug}/migration/sites`);
    const site = items.find((s) => s.name === name);
    if (!site) throw new Error(`${this.slug} has no site ${name}`);
    return site.id;
  }

  /** The employee's desk phone (registered by the caller of this method). */
  phone(extension: string): SippPhone {
    return new SippPhone(this.belay.sipPort, { extension, password: passwordOf(extension), domain: this.domain });
  }

  /** Moves the employee's number machine through `states` in order, as the migration team does. */
  async moveNumber(extension: string, ...states: readonly string[]): Promise<void> {
    for (const to of states) {
      await this.belay.api('POST', `/tenants/${this.slug}/migration/employees/${extension}/transitions`, { machine: 'number', to });
    }
    await this.reload();
  }

  async identity(extension: string): Promise<IdentityView> {
    return this.belay.api<IdentityView>('GET', `/tenants/${this.slug}/users/${extension}/identity`);
  }

  /** Waits until belay's telephony model shows the employee in `phase` (the model follows changes through the audit log). */
  async awaitPhase(extension: string, phase: 'before' | 'parallel' | 'ported'): Promise<IdentityView> {
    return eventually(`${this.slug}/${extension} in phase ${phase}`, async () => {
      const view = await this.identity(extension);
      return view.identity.phase === phase ? view : undefined;
    });
  }

  /** Adds a trunk of the tenant; a register-mode one is waited for until the carrier has registered it. */
  async addTrunk(trunk: TrunkPlan): Promise<string> {
    const { id } = await this.belay.api<{ id: string }>('POST', `/tenants/${this.slug}/trunks`, {
      name: trunk.name,
      mode: trunk.account ? 'register' : 'ip',
      host: trunk.host,
      port: trunk.port,
      transport: 'udp',
      domain: trunk.domain,
      profile: trunk.profile,
      priority: trunk.priority,
      ...(trunk.account ? { username: trunk.account.username, password: trunk.account.password } : {}),
      ...(trunk.defaultNumber === undefined ? {} : { defaultNumber: trunk.defaultNumber }),
      ...(trunk.site === undefined ? {} : { site: trunk.site }),
    });
    if (trunk.account) {
      await eventually(`trunk ${trunk.name} of ${this.slug} registered`, async () => {
        const status = await this.belay.api<{ state: string }>('GET', `/tenants/${this.slug}/trunks/${id}/status`);
        return status.state === 'registered' ? status : undefined;
      });
    }
    return id;
  }

  /** DDIs of the tenant's blocks without an employee go to this extension. */
  async setReception(extension: string): Promise<void> {
    await this.belay.api('PATCH', `/tenants/${this.slug}`, { receptionExtension: extension });
  }

  async setEmergencyNumber(site: string, number: string): Promise<void> {
    await this.belay.api('PATCH', `/tenants/${this.slug}/migration/sites/${await this.siteId(site)}`, { emergencyNumber: number });
  }

  async updateUser(extension: string, changes: object): Promise<void> {
    await this.belay.api('PATCH', `/tenants/${this.slug}/users/${extension}`, changes);
  }

  private async reload(): Promise<void> {
    const { items } = await this.belay.api<{ items: EmployeeRecord[] }>('GET', `/tenants/${this.slug}/migration/employees`);
    this.employees = new Map(items.map((e) => [e.extension, e]));
  }
}

/**
 * A company at one site in Köln: a legacy block at the old provider (line AS-<slug>) and a
 * provisional block, each with DDIs 00–99; employees written with their legacy DDI (`-23`).
 */
export function koelnCompany(slug: string, blocks: { readonly legacy: string; readonly provisional: string }, employees: readonly Omit<EmployeePlan, 'site'>[]): CompanyPlan {
  return {
    slug,
    name: `${slug} GmbH`,
    sites: [{ name: 'Köln', areaCode: '0221' }],
    blocks: [
      { kind: 'legacy', base: blocks.legacy, range: '00-99', site: 'Köln', line: { provider: 'Telekom', id: `AS-${slug}` } },
      { kind: 'provisional', base: blocks.provisional, range: '00-99', site: 'Köln' },
    ],
    employees: employees.map((e) => ({ ...e, site: 'Köln' })),
  };
}
