/** The trunks to carriers and their custom identity profiles. */

/** How belay reaches a trunk: it registers at the carrier, or the carrier knows it by its address. */
export type TrunkModeValue = 'register' | 'ip';

export type TrunkTransportValue = 'udp' | 'tcp' | 'tls';

/**
 * A SIP trunk to a carrier: a tenant's own, or shared by the provider (`tenant_id` null) and
 * usable by every tenant. Tenant-owned when it has a tenant.
 */
export interface TrunksTable {
  id: string;
  /** null: shared by the provider. */
  tenant_id: string | null;
  /** Unique among the tenant's trunks (among the shared ones for a shared trunk). */
  name: string;
  mode: TrunkModeValue;
  /** IP address or DNS name of the carrier's SIP server. */
  host: string;
  port: number;
  transport: TrunkTransportValue;
  /** The SIP domain in the trunk's URIs (From, To, Request-URI, REGISTER); the host unless set otherwise. */
  domain: string;
  /** `host:port` requests go to first, if any. */
  outbound_proxy: string | null;
  /** The account (user part of From and of the registration). */
  username: string | null;
  /** The Digest username when it differs from `username`. */
  auth_username: string | null;
  /** The Digest password: stored for the registration client, never shown. */
  password: string | null;
  /** Seconds asked for in REGISTER. */
  register_expires: number;
  /** A built-in profile's name or a custom profile's (`trunk_profiles.name`). */
  profile: string;
  /** JSON array of IP addresses the carrier sends its requests from (besides `host`). */
  inbound_addresses: string;
  /** E.164: the trunk's main number, the network number of last resort. */
  default_number: string | null;
  /** Lower is tried first. */
  priority: number;
  /** Concurrent calls; null: no limit. */
  max_calls: number | null;
  /** New calls per second; null: no limit. */
  max_cps: number | null;
  /** The site this trunk serves: emergency calls from the site prefer it. */
  site_id: string | null;
  /** 0 or 1 */
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A custom trunk profile (where the presented and network numbers go), named uniquely and never like a built-in one. */
export interface TrunkProfilesTable {
  id: string;
  /** null: the provider's, usable by every tenant. */
  tenant_id: string | null;
  name: string;
  /** JSON of the profile without its name. */
  definition: string;
  created_at: string;
  updated_at: string;
}
