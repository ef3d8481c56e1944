import type { TrunkRow } from '../../store/index.js';
import type { TrunkConfig } from './telephony-directory.js';

/**
 * A SIP trunk as the API and the `belay trunk` command show it: its settings as the telephony
 * model holds them, but the outbound proxy and profile as stored, and never its password, only
 * whether one is set.
 */
export interface Trunk extends Omit<TrunkConfig, 'outboundProxy' | 'password' | 'profile'> {
  /** `host:port` */
  readonly outboundProxy: string | null;
  readonly passwordSet: boolean;
  /** A built-in or custom trunk profile's name. */
  readonly profile: string;
  /** ISO-8601 UTC */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The stored list of inbound addresses (written by the trunk service: always a JSON array of strings). */
function inboundAddressesOf(row: Pick<TrunkRow, 'inbound_addresses'>): readonly string[] {
  const value: unknown = JSON.parse(row.inbound_addresses);
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string')) throw new Error(`trunk inbound addresses are not a list of strings: ${row.inbound_addresses}`);
  return value;
}

export function trunkFromRow(row: TrunkRow): Trunk {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    mode: row.mode,
    host: row.host,
    port: row.port,
    transport: row.transport,
    domain: row.domain,
    outboundProxy: row.outbound_proxy,
    username: row.username,
    authUsername: row.auth_username,
    passwordSet: row.password !== null,
    registerExpires: row.register_expires,
    profile: row.profile,
    inboundAddresses: inboundAddressesOf(row),
    defaultNumber: row.default_number,
    priority: row.priority,
    maxCalls: row.max_calls,
    maxCps: row.max_cps,
    siteId: row.site_id,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
