import { canonicalIp } from '../../sip/index.js';
import { AuditedReadModel } from '../audited-read-model.js';
import type { EmployeeNumbers, SiteInfo } from '../identity/index.js';
import { blockHolds } from './number-block-range.js';
import type { NumberBlockRange } from './number-block-range.js';
import type { NumberOwner, TelephonyDirectory, TrunkConfig } from './telephony-directory.js';

/** Everything the model holds of one tenant's numbers; replaced as a whole when the tenant is reloaded. */
export interface TenantTelephony {
  readonly tenantId: string;
  readonly receptionExtension: string | null;
  readonly sites: readonly SiteInfo[];
  readonly blocks: readonly NumberBlockRange[];
  readonly employees: readonly EmployeeNumbers[];
}

/** A stored trunk the model leaves out, because it cannot be used as configured. */
export interface UnusableTrunk {
  readonly id: string;
  readonly tenantId: string | null;
  readonly name: string;
  readonly problem: string;
}

/** The version key of the trunk set (tenant ids are UUIDs, so it never clashes). */
const TRUNKS = 'trunks';

const byPriority = (a: TrunkConfig, b: TrunkConfig): number => a.priority - b.priority || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** An address as a socket reports it and as it is configured, written one way ({@link canonicalIp}): `::ffff:192.0.2.1` and `[::1]` as `192.0.2.1` and `::1`. */
function normalizeAddress(address: string): string {
  const bare = address.trim();
  return canonicalIp(bare) ?? bare.toLowerCase();
}

function addTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function removeFrom<T>(map: Map<string, T[]>, key: string, keep: (value: T) => boolean): void {
  const list = map.get(key)?.filter(keep);
  if (list?.length) map.set(key, list);
  else map.delete(key);
}

function heldBy(owners: readonly NumberOwner[] | undefined, tenantId: string): boolean {
  return owners?.some((owner) => owner.tenantId === tenantId) === true;
}

/** The numbers an employee is known by, and as what: a ported legacy number is the ported number; a retired provisional number is no longer theirs. */
function employeeNumberRoles(numbers: EmployeeNumbers): readonly (readonly [string, NumberOwner['role']])[] {
  const roles: (readonly [string, NumberOwner['role']])[] = [];
  if (numbers.ported !== null) roles.push([numbers.ported, 'ported']);
  if (numbers.legacy !== null && numbers.legacy !== numbers.ported) roles.push([numbers.legacy, 'legacy']);
  if (numbers.provisional !== null && numbers.state !== 'provisional_retired') roles.push([numbers.provisional, 'provisional']);
  return roles;
}

/**
 * The telephony model in memory. Every lookup is a few hash-map reads: employee and trunk
 * numbers are keyed by number; blocks are keyed by base number and found by trying the
 * prefixes of the lengths base numbers have (a handful), their DDIs checked by arithmetic.
 * It changes only through {@link putTenant}, {@link removeTenant} and {@link putTrunks}
 * (see `loadTelephony` and `refreshTelephony`); each tenant and the trunk set remember the
 * version (audit record id) of what they hold, and older writes are ignored.
 */
export class InMemoryTelephony extends AuditedReadModel implements TelephonyDirectory {
  private readonly tenants = new Map<string, TenantTelephony>();
  private readonly employees = new Map<string, EmployeeNumbers>();
  private readonly sites = new Map<string, SiteInfo>();
  private readonly employeeOwners = new Map<string, NumberOwner[]>();
  private readonly blocksByBase = new Map<string, NumberBlockRange[]>();
  /** How many blocks have a base number of each length; `baseLengths` lists the lengths, longest first. */
  private readonly baseLengthCounts = new Map<number, number>();
  private baseLengths: readonly number[] = [];

  private trunks: readonly TrunkConfig[] = [];
  private unusable: readonly UnusableTrunk[] = [];
  private trunksById = new Map<string, TrunkConfig>();
  private trunksBySource = new Map<string, TrunkConfig>();
  private trunkOwners = new Map<string, NumberOwner[]>();
  private sharedTrunks: readonly TrunkConfig[] = [];
  /** `trunksFor` per tenant, computed on first use after each change of the trunks. */
  private trunksOfTenant = new Map<string, readonly TrunkConfig[]>();

  trunksFor(tenantId: string): readonly TrunkConfig[] {
    let trunks = this.trunksOfTenant.get(tenantId);
    if (!trunks) {
      const own = this.trunks.filter((t) => t.enabled && t.tenantId === tenantId).sort(byPriority);
      trunks = own.length === 0 ? this.sharedTrunks : [...own, ...this.sharedTrunks];
      this.trunksOfTenant.set(tenantId, trunks);
    }
    return trunks;
  }

  trunkById(id: string): TrunkConfig | undefined {
    return this.trunksById.get(id);
  }

  trunkBySource(address: string): TrunkConfig | undefined {
    return this.trunksBySource.get(normalizeAddress(address));
  }

  allTrunks(): readonly TrunkConfig[] {
    return this.trunks;
  }

  /** Stored trunks left out of the model, with why: the tenant's own and the shared ones. */
  unusableTrunks(tenantId: string): readonly UnusableTrunk[] {
    return this.unusable.filter((t) => t.tenantId === null || t.tenantId === tenantId);
  }

  numbersOf(userId: string): EmployeeNumbers | undefined {
    return this.employees.get(userId);
  }

  site(siteId: string): SiteInfo | undefined {
    return this.sites.get(siteId);
  }

  siteOfNumber(e164: string): string | null {
    return this.blockHolding(e164)?.siteId ?? null;
  }

  ownerOf(e164: string): NumberOwner | undefined {
    const employee = this.employeeOwners.get(e164)?.[0];
    if (employee) return employee;
    const block = this.blockHolding(e164);
    if (block) return { tenantId: block.tenantId, userId: null, role: 'block' };
    return this.trunkOwners.get(e164)?.[0];
  }

  holds(tenantId: string, e164: string): boolean {
    return heldBy(this.employeeOwners.get(e164), tenantId) || this.blockHolding(e164, tenantId) !== undefined || heldBy(this.trunkOwners.get(e164), tenantId);
  }

  receptionOf(tenantId: string): string | null {
    return this.tenants.get(tenantId)?.receptionExtension ?? null;
  }

  /** What the model holds of the tenant's numbers, sites and employees. */
  tenantTelephony(tenantId: string): TenantTelephony | undefined {
    return this.tenants.get(tenantId);
  }

  /** Replaces what the model holds of one tenant. */
  putTenant(data: TenantTelephony, version: number): void {
    if (!this.accepts(data.tenantId, version)) return;
    this.unindexTenant(data.tenantId);
    this.tenants.set(data.tenantId, data);
    for (const site of data.sites) this.sites.set(site.id, site);
    for (const numbers of data.employees) {
      this.employees.set(numbers.userId, numbers);
      for (const [number, role] of employeeNumberRoles(numbers)) addTo(this.employeeOwners, number, { tenantId: data.tenantId, userId: numbers.userId, role });
    }
    for (const block of data.blocks) {
      addTo(this.blocksByBase, block.baseNumber, block);
      this.countBaseLength(block.baseNumber.length, 1);
    }
  }

  /** Forgets a deleted tenant. */
  removeTenant(tenantId: string, version: number): void {
    if (!this.accepts(tenantId, version)) return;
    this.unindexTenant(tenantId);
    this.tenants.delete(tenantId);
  }

  /** Replaces every trunk: the usable ones and, with why, those left out. */
  putTrunks(trunks: readonly TrunkConfig[], unusable: readonly UnusableTrunk[], version: number): void {
    if (!this.accepts(TRUNKS, version)) return;
    this.trunks = trunks;
    this.unusable = unusable;
    this.trunksById = new Map(trunks.map((t) => [t.id, t]));
    this.sharedTrunks = trunks.filter((t) => t.enabled && t.tenantId === null).sort(byPriority);
    this.trunksOfTenant = new Map();
    this.trunksBySource = new Map();
    for (const trunk of trunks.filter((t) => t.enabled).sort(byPriority)) {
      for (const address of [trunk.host, ...trunk.inboundAddresses]) {
        const key = normalizeAddress(address);
        if (!this.trunksBySource.has(key)) this.trunksBySource.set(key, trunk);
      }
    }
    this.trunkOwners = new Map();
    for (const trunk of trunks) {
      if (trunk.tenantId !== null && trunk.defaultNumber !== null) addTo(this.trunkOwners, trunk.defaultNumber, { tenantId: trunk.tenantId, userId: null, role: 'trunk' });
    }
  }

  /** The block holding the number (of this tenant only, if given): longest base number first. */
  private blockHolding(e164: string, tenantId?: string): NumberBlockRange | undefined {
    for (const length of this.baseLengths) {
      if (length > e164.length) continue;
      for (const block of this.blocksByBase.get(e164.slice(0, length)) ?? []) {
        if ((tenantId === undefined || block.tenantId === tenantId) && blockHolds(block, e164)) return block;
      }
    }
    return undefined;
  }

  private countBaseLength(length: number, delta: number): void {
    const count = (this.baseLengthCounts.get(length) ?? 0) + delta;
    if (count > 0) this.baseLengthCounts.set(length, count);
    else this.baseLengthCounts.delete(length);
    this.baseLengths = [...this.baseLengthCounts.keys()].sort((a, b) => b - a);
  }

  private unindexTenant(tenantId: string): void {
    const previous = this.tenants.get(tenantId);
    if (!previous) return;
    for (const site of previous.sites) this.sites.delete(site.id);
    for (const numbers of previous.employees) {
      this.employees.delete(numbers.userId);
      for (const [number] of employeeNumberRoles(numbers)) removeFrom(this.employeeOwners, number, (o) => o.tenantId !== tenantId);
    }
    for (const block of previous.blocks) {
      removeFrom(this.blocksByBase, block.baseNumber, (b) => b.tenantId !== tenantId);
      this.countBaseLength(block.baseNumber.length, -1);
    }
  }
}
