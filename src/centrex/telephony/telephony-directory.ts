import type { EmployeeNumbers, SiteInfo, TrunkProfile } from '../identity/index.js';

/**
 * The telephony read model: trunks, the numbers a tenant holds and who they belong to,
 * sites with their emergency numbers, the reception extension. Read synchronously from
 * memory on every call that touches the public network; see `InMemoryTelephony` and
 * `loadTelephony` for how it is kept current.
 */

export type TrunkMode = 'register' | 'ip';
export type TrunkTransport = 'udp' | 'tcp' | 'tls';

/** A SIP trunk to a carrier, as configured (a tenant's own, or shared by the provider when `tenantId` is null). */
export interface TrunkConfig {
  readonly id: string;
  readonly tenantId: string | null;
  readonly name: string;
  /** `register`: belay registers at the carrier; `ip`: the carrier knows belay by its address. */
  readonly mode: TrunkMode;
  readonly host: string;
  readonly port: number;
  readonly transport: TrunkTransport;
  /** The SIP domain of number URIs and the REGISTER (the host unless configured). */
  readonly domain: string;
  readonly outboundProxy: { readonly host: string; readonly port: number } | null;
  readonly username: string | null;
  /** The Digest username when it differs from `username`. */
  readonly authUsername: string | null;
  readonly password: string | null;
  /** Seconds asked for in REGISTER. */
  readonly registerExpires: number;
  readonly profile: TrunkProfile;
  /** Addresses the carrier's INVITEs come from (besides `host`). */
  readonly inboundAddresses: readonly string[];
  /** E.164: the trunk's main number, the network number of last resort. */
  readonly defaultNumber: string | null;
  /** Lower is tried first. */
  readonly priority: number;
  readonly maxCalls: number | null;
  readonly maxCps: number | null;
  /** The site whose trunk this is: emergency calls from that site prefer it. */
  readonly siteId: string | null;
  readonly enabled: boolean;
}

/** Who a number belongs to, and as what. */
export interface NumberOwner {
  readonly tenantId: string;
  /** The employee; null for a DDI of a block no employee has, and for a trunk's default number. */
  readonly userId: string | null;
  readonly role: 'legacy' | 'provisional' | 'ported' | 'block' | 'trunk';
}

export interface TelephonyDirectory {
  /** Enabled trunks a tenant may call out on: its own, then the shared ones, each by priority. */
  trunksFor(tenantId: string): readonly TrunkConfig[];
  trunkById(id: string): TrunkConfig | undefined;
  /** The enabled trunk whose host or inbound addresses are this IP address. */
  trunkBySource(address: string): TrunkConfig | undefined;
  allTrunks(): readonly TrunkConfig[];
  numbersOf(userId: string): EmployeeNumbers | undefined;
  site(siteId: string): SiteInfo | undefined;
  /** The site of the number block holding the number, null when none does or the block has no site. */
  siteOfNumber(e164: string): string | null;
  /** Employee numbers first, then block DDIs (`userId` null), then the default numbers of tenants' own trunks. */
  ownerOf(e164: string): NumberOwner | undefined;
  /** Right of use (§ 120 TKG): the tenant's employee numbers, the numbers of its blocks, its own trunks' default numbers. */
  holds(tenantId: string, e164: string): boolean;
  /** The extension DDI calls without an employee go to; null when unset. */
  receptionOf(tenantId: string): string | null;
}
