import { BUILTIN_PROFILES, isBuiltinProfileName, trunkProfileDefinitionSchema } from '../identity/index.js';
import type { EmployeeNumbers, SiteInfo, TrunkProfile } from '../identity/index.js';
import type { TelephonyProfileRow, TelephonyTenantRows, TelephonyTrunkRow, TelephonyTrunkRows } from '../../store/index.js';
import type { TenantTelephony, UnusableTrunk } from './in-memory-telephony.js';
import type { NumberBlockRange } from './number-block-range.js';
import type { TrunkConfig } from './telephony-directory.js';

/** From stored rows to the values of the telephony model. */

const defaultSipPort = { udp: 5060, tcp: 5060, tls: 5061 } as const;

type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `host:port`, `[v6]:port`, or a host alone (the transport's default port). */
function readHostPort(text: string, transport: TrunkConfig['transport']): Read<{ readonly host: string; readonly port: number }> {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = match?.[2] === undefined ? defaultSipPort[transport] : Number(match[2]);
  if (!match?.[1] || port < 1 || port > 65_535) return { ok: false, problem: `its outbound proxy "${text}" is not host:port` };
  return { ok: true, value: { host: match[1].replace(/^\[(.*)\]$/, '$1'), port } };
}

function readAddresses(text: string): Read<readonly string[]> {
  const value = parseJson(text);
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string')) return { ok: false, problem: `its inbound addresses ${text} are not a JSON array of addresses` };
  return { ok: true, value: value as string[] };
}

/** Looks up trunk profiles by name: built-in ones, then the custom ones (each checked once). */
function profileReader(rows: readonly TelephonyProfileRow[]): (name: string, tenantId: string | null) => Read<TrunkProfile> {
  const custom = new Map<string, { readonly tenantId: string | null; readonly profile: Read<TrunkProfile> }>();
  for (const row of rows) {
    const parsed = trunkProfileDefinitionSchema.safeParse(parseJson(row.definition));
    const profile: Read<TrunkProfile> = parsed.success
      ? { ok: true, value: { name: row.name, ...parsed.data } }
      : { ok: false, problem: `its profile "${row.name}" is stored in a form belay cannot read` };
    custom.set(row.name, { tenantId: row.tenant_id, profile });
  }
  return (name, tenantId) => {
    if (isBuiltinProfileName(name)) return { ok: true, value: BUILTIN_PROFILES[name] };
    const found = custom.get(name);
    if (!found) return { ok: false, problem: `its profile "${name}" is neither built in nor a custom profile` };
    if (found.tenantId !== null && found.tenantId !== tenantId) return { ok: false, problem: `its profile "${name}" belongs to another tenant` };
    return found.profile;
  };
}

function trunkFromRow(row: TelephonyTrunkRow, profileOf: ReturnType<typeof profileReader>): Read<TrunkConfig> {
  const profile = profileOf(row.profile, row.tenant_id);
  const proxy = row.outbound_proxy === null ? ({ ok: true, value: null } as const) : readHostPort(row.outbound_proxy, row.transport);
  const addresses = readAddresses(row.inbound_addresses);
  if (!profile.ok) return profile;
  if (!proxy.ok) return proxy;
  if (!addresses.ok) return addresses;
  return {
    ok: true,
    value: {
      id: row.id,
      tenantId: row.tenant_id,
      name: row.name,
      mode: row.mode,
      host: row.host,
      port: row.port,
      transport: row.transport,
      domain: row.domain,
      outboundProxy: proxy.value,
      username: row.username,
      authUsername: row.auth_username,
      password: row.password,
      registerExpires: row.register_expires,
      profile: profile.value,
      inboundAddresses: addresses.value,
      defaultNumber: row.default_number,
      priority: row.priority,
      maxCalls: row.max_calls,
      maxCps: row.max_cps,
      siteId: row.site_id,
      enabled: row.enabled === 1,
    },
  };
}

/** The trunks as the model holds them, and those it leaves out with why. */
export function trunksFromRows(rows: TelephonyTrunkRows): { readonly trunks: readonly TrunkConfig[]; readonly unusable: readonly UnusableTrunk[] } {
  const profileOf = profileReader(rows.profiles);
  const trunks: TrunkConfig[] = [];
  const unusable: UnusableTrunk[] = [];
  for (const row of rows.trunks) {
    const read = trunkFromRow(row, profileOf);
    if (read.ok) trunks.push(read.value);
    else unusable.push({ id: row.id, tenantId: row.tenant_id, name: row.name, problem: `trunk "${row.name}" cannot be used: ${read.problem}` });
  }
  return { trunks, unusable };
}

/** One {@link TenantTelephony} per tenant row. */
export function tenantTelephonyFromRows(rows: TelephonyTenantRows): readonly TenantTelephony[] {
  const tenants = new Map<string, { tenantId: string; receptionExtension: string | null; sites: SiteInfo[]; blocks: NumberBlockRange[]; employees: EmployeeNumbers[] }>();
  for (const row of rows.tenants) tenants.set(row.id, { tenantId: row.id, receptionExtension: row.reception_extension, sites: [], blocks: [], employees: [] });
  for (const row of rows.sites) {
    tenants.get(row.tenant_id)?.sites.push({ id: row.id, tenantId: row.tenant_id, name: row.name, areaCode: row.area_code, emergencyNumber: row.emergency_number });
  }
  for (const row of rows.blocks) {
    const ddi = row.ddi_from === null || row.ddi_to === null ? null : { from: row.ddi_from, to: row.ddi_to, digits: row.ddi_digits };
    tenants.get(row.tenant_id)?.blocks.push({ id: row.id, tenantId: row.tenant_id, kind: row.kind, baseNumber: row.base_number, ddi, siteId: row.site_id });
  }
  for (const row of rows.employees) {
    tenants.get(row.tenant_id)?.employees.push({
      userId: row.user_id,
      tenantId: row.tenant_id,
      siteId: row.site_id,
      legacy: row.legacy_number,
      provisional: row.provisional_number,
      ported: row.ported_number,
      state: row.number_state,
    });
  }
  return [...tenants.values()];
}
