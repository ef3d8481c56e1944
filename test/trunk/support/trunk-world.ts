/**
 * A company in the middle of its move, as the directory and the telephony read model hold it:
 * the ACME tenant in Cologne (area code 221) with its old DDI block at the old provider
 * (`+49 221 4711-00…99`), its provisional block on the new trunk (`+49 221 98765-00…99`), a site
 * whose emergency number is the provisional block's `-0`, and employees whose numbers are in
 * whichever state a test needs. Extension `2xx` has legacy number `+492214711xx`… by the rule
 * `legacyOf`/`provisionalOf`, so tests can say "Erika (223) in parallel operation" and know
 * her numbers.
 */
import { BUILTIN_PROFILES, InMemoryTelephony } from '../../../src/centrex/index.js';
import type { DirectoryTenant, DirectoryUser, EmployeeNumbers, NumberState, SiteInfo, TrunkConfig } from '../../../src/centrex/index.js';
import { TENANT as ACME } from '../../calls/support/memory-pbx.js';

/** ACME is the calls tests' tenant; its users are theirs, whose SIP password is `<extension>-secret`. */
export { DOMAIN, TENANT as ACME, pbxUser as acmeUser } from '../../calls/support/memory-pbx.js';
export const OTHER: DirectoryTenant = { id: '00000000-0000-4000-8000-000000000002', slug: 'globex', name: 'Globex', sipDomain: 'globex.example' };

export const COLOGNE: SiteInfo = { id: 'site-cologne', tenantId: ACME.id, name: 'Köln', areaCode: '221', emergencyNumber: '+492219876500' };
export const BONN: SiteInfo = { id: 'site-bonn', tenantId: ACME.id, name: 'Bonn', areaCode: '228', emergencyNumber: null };

/** The old DDI block at the old provider, and the provisional block on the new trunk (both Cologne). */
export const LEGACY_BASE = '+492214711';
export const PROVISIONAL_BASE = '+4922198765';
/** The number the new trunk registers with (its main number). */
export const TRUNK_NUMBER = '+492219876599';

/** The legacy and provisional number of extension `2xx`: the DDI is its last two digits. */
export const legacyOf = (extension: string): string => `${LEGACY_BASE}${extension.slice(-2)}`;
export const provisionalOf = (extension: string): string => `${PROVISIONAL_BASE}${extension.slice(-2)}`;

/** The numbers of `user` in `state`: legacy and provisional by the rule above, the ported number once ported. */
export function numbersOf(user: DirectoryUser, state: NumberState, overrides: Partial<EmployeeNumbers> = {}): EmployeeNumbers {
  const ported = state === 'ported' || state === 'ported_verified' || state === 'provisional_retired';
  return {
    userId: user.id,
    tenantId: user.tenantId,
    siteId: COLOGNE.id,
    legacy: legacyOf(user.extension),
    provisional: state === 'planned' ? null : provisionalOf(user.extension),
    ported: ported ? legacyOf(user.extension) : null,
    state,
    ...overrides,
  };
}

/** A trunk of ACME at `host`, registering with the trunk number, generic profile unless said otherwise. */
export function acmeTrunk(id: string, host: string, overrides: Partial<TrunkConfig> = {}): TrunkConfig {
  return {
    id,
    tenantId: ACME.id,
    name: id,
    mode: 'ip',
    host,
    port: 5060,
    transport: 'udp',
    domain: 'sip.carrier.example',
    outboundProxy: null,
    username: null,
    authUsername: null,
    password: null,
    registerExpires: 600,
    profile: BUILTIN_PROFILES.generic,
    inboundAddresses: [],
    defaultNumber: TRUNK_NUMBER,
    priority: 1,
    maxCalls: null,
    maxCps: null,
    siteId: COLOGNE.id,
    enabled: true,
    ...overrides,
  };
}

export interface WorldSpec {
  readonly trunks: readonly TrunkConfig[];
  readonly employees?: readonly EmployeeNumbers[];
  readonly sites?: readonly SiteInfo[];
  readonly reception?: string | null;
}

/** The telephony read model of ACME as `spec` says. */
export function acmeTelephony(spec: WorldSpec): InMemoryTelephony {
  const telephony = new InMemoryTelephony();
  const block = (id: string, kind: 'legacy' | 'provisional', baseNumber: string, siteId: string) => ({
    id,
    tenantId: ACME.id,
    kind,
    baseNumber,
    ddi: { from: 0, to: 99, digits: 2 },
    siteId,
  });
  telephony.putTenant(
    {
      tenantId: ACME.id,
      receptionExtension: spec.reception ?? null,
      sites: spec.sites ?? [COLOGNE, BONN],
      blocks: [
        block('block-legacy', 'legacy', LEGACY_BASE, COLOGNE.id),
        block('block-provisional', 'provisional', PROVISIONAL_BASE, COLOGNE.id),
      ],
      employees: spec.employees ?? [],
    },
    1,
  );
  telephony.putTrunks(spec.trunks, [], 1);
  return telephony;
}
