/**
 * The INVITE the B2BUA sends to each of the callee's devices: the caller's identity as the
 * directory knows it (extension as From user, name as display name, asserted in
 * P-Asserted-Identity), the dialled extension as To, a Diversion line per forwarding hop
 * (RFC 5806), the session timer offer, the caller's SDP unchanged, Max-Forwards one less.
 */
import {
  formatNameAddr, formatSessionExpires, header, Header, noParams, parseNameAddr, parseUri, TIMER_OPTION,
} from '../../sip/index.js';
import type { ContentType, ExtraHeader, NameAddr, SessionTimerOffer, SipRequest, SipUri, Uri } from '../../sip/index.js';
import type { Diversion } from './decide-route.js';
import { relayedHeaders } from './relayed-headers.js';
import type { DirectoryTenant, DirectoryUser, ForwardTarget } from '../directory/index.js';
import type { Binding } from '../registrar/index.js';

/** What every branch of one ringing attempt shares. */
export interface OutboundCall {
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly maxForwards: number;
  readonly headers: readonly ExtraHeader[];
  readonly body: Buffer;
  readonly contentType?: ContentType;
}

/** The lines the B2BUA writes itself instead of copying them from the caller. */
const REWRITTEN: ReadonlySet<string> = new Set(['require', 'session-expires', 'min-se', 'diversion', 'history-info']);

export const DEFAULT_MAX_FORWARDS = 70;

export function userUri(user: string, tenant: DirectoryTenant): SipUri {
  return { kind: 'sip', scheme: 'sip', user, host: tenant.sipDomain, params: noParams, headers: [] };
}

/** The caller as the callee sees them: extension and name. */
export function callerIdentity(caller: DirectoryUser, tenant: DirectoryTenant): NameAddr {
  return { displayName: caller.displayName, uri: userUri(caller.extension, tenant), params: noParams };
}

const targetUser = (target: ForwardTarget): string => (target.kind === 'extension' ? target.extension : target.number);

/** RFC 5806 Diversion lines, the latest hop first; `counter` counts the hops up to each one. */
export function diversionHeaders(diversions: readonly Diversion[], tenant: DirectoryTenant): ExtraHeader[] {
  return diversions
    .map((hop, i) => ({
      name: 'Diversion',
      value: `${formatNameAddr({ displayName: hop.from.displayName, uri: userUri(hop.from.extension, tenant), params: noParams })};reason=${hop.reason};counter=${i + 1};privacy=off`,
    }))
    .reverse();
}

function sessionTimerHeaders(invite: SipRequest, offer: SessionTimerOffer | undefined): ExtraHeader[] {
  if (!offer) return [];
  const lines: ExtraHeader[] = [{ name: 'Session-Expires', value: formatSessionExpires(offer) }];
  if (offer.minSE !== undefined) lines.push({ name: 'Min-SE', value: String(offer.minSE) });
  const supported = header(invite, Header.Supported) ?? [];
  if (!supported.some((tag) => tag.toLowerCase() === TIMER_OPTION)) lines.push({ name: 'Supported', value: TIMER_OPTION });
  return lines;
}

export interface OutboundCallInput {
  readonly invite: SipRequest;
  readonly tenant: DirectoryTenant;
  readonly caller: DirectoryUser;
  /** The dialled extension, shown as To. */
  readonly dialled: ForwardTarget;
  readonly diversions: readonly Diversion[];
  readonly sessionOffer?: SessionTimerOffer;
}

export function outboundCall(input: OutboundCallInput): OutboundCall {
  const { invite, tenant } = input;
  const identity = callerIdentity(input.caller, tenant);
  return {
    from: identity,
    to: { uri: userUri(targetUser(input.dialled), tenant), params: noParams },
    maxForwards: (invite.maxForwards ?? DEFAULT_MAX_FORWARDS) - 1,
    headers: [
      { name: 'P-Asserted-Identity', value: formatNameAddr(identity) },
      ...diversionHeaders(input.diversions, tenant),
      ...relayedHeaders(invite, REWRITTEN),
      ...sessionTimerHeaders(invite, input.sessionOffer),
    ],
    body: invite.body,
    ...(invite.contentType ? { contentType: invite.contentType } : {}),
  };
}

/** The Contact URI as registered; the name-addr form (`<sip:…>`) is read too. */
function contactUri(contact: string): Uri | undefined {
  const bare = parseUri(contact);
  if (bare.ok) return bare.value;
  const named = parseNameAddr(contact, true);
  return named.ok ? named.value.uri : undefined;
}

/** Request-URI and Route toward one device: its Contact, through its Path (RFC 3327 §5). */
export function deviceAddress(binding: Binding): { readonly uri: SipUri; readonly route: readonly NameAddr[] } | undefined {
  const uri = contactUri(binding.contact);
  if (uri?.kind !== 'sip') return undefined;
  const route: NameAddr[] = [];
  for (const entry of binding.path) {
    const parsed = parseNameAddr(entry);
    if (!parsed.ok) return undefined;
    route.push(parsed.value);
  }
  return { uri, route };
}
