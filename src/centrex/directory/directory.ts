import type { ClassOfService } from '../numbering/index.js';

/**
 * The directory as the SIP side sees it: tenants by SIP domain, users by SIP username,
 * extension or id, with their credentials and call features. Read synchronously from memory
 * on every REGISTER and INVITE; see `InMemoryDirectory` for how it is kept current.
 */

/** The hashes a user's HA1 is stored under (the base hash of a Digest algorithm). */
export type DigestHashName = 'MD5' | 'SHA-256';

export interface SipCredentials {
  readonly username: string;
  /** The tenant's SIP domain. */
  readonly realm: string;
  /** `H(username:realm:password)` in lowercase hex, per hash. */
  readonly ha1: Readonly<Partial<Record<DigestHashName, string>>>;
}

/** Where a call is forwarded: another extension of the same tenant, or an external number in E.164 (`+49…`). */
export type ForwardTarget =
  | { readonly kind: 'extension'; readonly extension: string }
  | { readonly kind: 'external'; readonly number: string };

export interface CallForwarding {
  /** Every call, at once. */
  readonly always?: ForwardTarget;
  /** When the user is busy. */
  readonly busy?: ForwardTarget;
  /** When no device answers within `seconds` (5–120). */
  readonly noAnswer?: { readonly target: ForwardTarget; readonly seconds: number };
  /** When the user has no registered device. */
  readonly unregistered?: ForwardTarget;
}

export interface DirectoryTenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  /** Lowercase DNS name; also the Digest realm of the tenant's users. */
  readonly sipDomain: string;
}

export interface DirectoryUser {
  readonly id: string;
  readonly tenantId: string;
  readonly extension: string;
  readonly displayName: string;
  /** Defaults to the extension; unique per tenant. */
  readonly sipUsername: string;
  /** null until a password is set (the user cannot register). */
  readonly credentials: SipCredentials | null;
  /** Do not disturb. */
  readonly dnd: boolean;
  readonly forwarding: CallForwarding;
  /** What the user may dial out to (emergency calls always). */
  readonly classOfService: ClassOfService;
  /** Withhold the user's number on outbound calls (the network number still travels). */
  readonly clir: boolean;
  /** An external number (E.164) rung in parallel with the user's devices. */
  readonly ringExternal: string | null;
}

/** Read model for the SIP hot path: synchronous, from memory; loaded at start, updated by every change made through the directory service. */
export interface Directory {
  /** Case-insensitive. */
  tenantByDomain(domain: string): DirectoryTenant | undefined;
  tenantById(id: string): DirectoryTenant | undefined;
  userBySipUsername(tenantId: string, username: string): DirectoryUser | undefined;
  userByExtension(tenantId: string, extension: string): DirectoryUser | undefined;
  userById(id: string): DirectoryUser | undefined;
}

/**
 * How a committed change reaches a live directory. `version` is the id of the change's
 * (last) audit record: a write older than what the directory already holds for that entity
 * is ignored, so changes arriving by different paths cannot overwrite newer state.
 */
export interface DirectoryUpdates {
  putTenant(tenant: DirectoryTenant, version: number): void;
  removeTenant(id: string, version: number): void;
  putUser(user: DirectoryUser, version: number): void;
  removeUser(id: string, version: number): void;
}
