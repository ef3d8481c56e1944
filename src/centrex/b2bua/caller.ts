/**
 * Who placed a call: a user of the tenant who proved who they are (Digest), or somebody in the
 * public network whose call came in over a trunk (recognised by the trunk's address, never
 * challenged). How the callee's devices are shown the caller follows from it: a user by extension
 * and name, an external caller by their number (`+49…`) and the name the network gave.
 */
import { formatUri, noParams } from '../../sip/index.js';
import type { NameAddr, SipUri } from '../../sip/index.js';
import type { CallParty } from '../cdr/index.js';
import type { DirectoryTenant, DirectoryUser } from '../directory/index.js';

export interface UserCaller {
  readonly kind: 'user';
  readonly user: DirectoryUser;
}

export interface ExternalCaller {
  readonly kind: 'external';
  /** The trunk the call came in on. */
  readonly trunkId: string;
  /** E.164; null when the caller withheld it (or the network did not send one). */
  readonly number: string | null;
  readonly name: string | null;
}

export type Caller = UserCaller | ExternalCaller;

/** How an anonymous caller is shown (RFC 3323 §4.1.1.3). */
export const ANONYMOUS_CALLER: NameAddr = {
  displayName: 'Anonymous',
  uri: { kind: 'sip', scheme: 'sip', user: 'anonymous', host: 'anonymous.invalid', params: noParams, headers: [] },
  params: noParams,
};

export function userUri(user: string, tenant: DirectoryTenant): SipUri {
  return { kind: 'sip', scheme: 'sip', user, host: tenant.sipDomain, params: noParams, headers: [] };
}

/** A user as callees see them: extension and name. */
export function userIdentity(user: DirectoryUser, tenant: DirectoryTenant): NameAddr {
  return { displayName: user.displayName, uri: userUri(user.extension, tenant), params: noParams };
}

/** The caller as the callee's devices see them (From and P-Asserted-Identity). */
export function shownCaller(caller: Caller, tenant: DirectoryTenant): NameAddr {
  if (caller.kind === 'user') return userIdentity(caller.user, tenant);
  if (caller.number === null) return ANONYMOUS_CALLER;
  return { displayName: caller.name ?? caller.number, uri: userUri(caller.number, tenant), params: noParams };
}

/** The caller as the call record names them. */
export function callParty(caller: Caller, tenant: DirectoryTenant): CallParty {
  const uri = formatUri(shownCaller(caller, tenant).uri);
  if (caller.kind === 'user') return { userId: caller.user.id, extension: caller.user.extension, uri, name: caller.user.displayName };
  return { userId: null, extension: null, uri, name: caller.name };
}
