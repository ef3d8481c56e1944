/**
 * The INVITE the B2BUA sends to each of the callee's devices: the caller as the device should
 * show them (a user by extension and name, an external caller by number), asserted in
 * P-Asserted-Identity, what was dialled as To, a Diversion line per forwarding hop (RFC 5806),
 * the network's own forwarding included (a call the old provider forwarded names the number first
 * called, so the phone can show "forwarded from …"), and what every leg relays from the caller's INVITE: the session timer offer, the caller's SDP
 * unchanged, Max-Forwards one less.
 */
import {
  formatNameAddr, formatSessionExpires, header, Header, noParams, parseNameAddr, parseUri, TIMER_OPTION,
} from '../../sip/index.js';
import type { ContentType, ExtraHeader, NameAddr, SessionTimerOffer, SipRequest, SipUri, Uri } from '../../sip/index.js';
import { userUri } from './caller.js';
import type { Diversion } from './decide-route.js';
import { relayedHeaders } from './relayed-headers.js';
import type { DirectoryTenant } from '../directory/index.js';
import type { Binding } from '../registrar/index.js';

/** What every leg relays from the caller's INVITE. */
export interface RelayedInvite {
  readonly maxForwards: number;
  readonly headers: readonly ExtraHeader[];
  readonly body: Buffer;
  readonly contentType?: ContentType;
}

/** What every device branch of one ringing attempt shares. */
export interface OutboundCall extends RelayedInvite {
  readonly from: NameAddr;
  readonly to: NameAddr;
}

/** The lines the B2BUA writes itself instead of copying them from the caller. */
const REWRITTEN: ReadonlySet<string> = new Set(['require', 'session-expires', 'min-se', 'diversion', 'history-info', 'privacy']);

export const DEFAULT_MAX_FORWARDS = 70;

/** A forwarding the network made before the call reached belay: the number first called (E.164) and why (an RFC 5806 reason). */
export interface NetworkDiversion {
  readonly number: string;
  readonly reason: string | null;
}

/** An RFC 5806 reason as the network gave it, when it is a token; `unknown` otherwise. */
const diversionReason = (reason: string | null): string => (reason !== null && /^[A-Za-z0-9-]+$/.test(reason) ? reason : 'unknown');

/** A number as a URI of the tenant's domain: `sip:+49…@<domain>;user=phone`. */
const numberUri = (e164: string, tenant: DirectoryTenant): SipUri => ({ ...userUri(e164, tenant), params: new Map([['user', 'phone']]) });

/**
 * RFC 5806 Diversion lines, the latest hop first; `counter` counts the hops up to each one. The
 * network's forwarding, if any, was the first hop: it is the bottom-most line, with counter 1.
 */
export function diversionHeaders(diversions: readonly Diversion[], tenant: DirectoryTenant, network?: NetworkDiversion): ExtraHeader[] {
  const hops = [
    ...(network ? [{ diverter: { uri: numberUri(network.number, tenant), params: noParams }, reason: diversionReason(network.reason) }] : []),
    ...diversions.map((hop) => ({ diverter: { displayName: hop.from.displayName, uri: userUri(hop.from.extension, tenant), params: noParams }, reason: hop.reason })),
  ];
  return hops.map(({ diverter, reason }, i) => ({ name: 'Diversion', value: `${formatNameAddr(diverter)};reason=${reason};counter=${i + 1};privacy=off` })).reverse();
}

function sessionTimerHeaders(invite: SipRequest, offer: SessionTimerOffer | undefined): ExtraHeader[] {
  if (!offer) return [];
  const lines: ExtraHeader[] = [{ name: 'Session-Expires', value: formatSessionExpires(offer) }];
  if (offer.minSE !== undefined) lines.push({ name: 'Min-SE', value: String(offer.minSE) });
  const supported = header(invite, Header.Supported) ?? [];
  if (!supported.some((tag) => tag.toLowerCase() === TIMER_OPTION)) lines.push({ name: 'Supported', value: TIMER_OPTION });
  return lines;
}

/** The caller's INVITE as every leg passes it on: its content, its extension lines, the session timer offered. */
export function relayedInvite(invite: SipRequest, sessionOffer: SessionTimerOffer | undefined): RelayedInvite {
  return {
    maxForwards: (invite.maxForwards ?? DEFAULT_MAX_FORWARDS) - 1,
    headers: [...relayedHeaders(invite, REWRITTEN), ...sessionTimerHeaders(invite, sessionOffer)],
    body: invite.body,
    ...(invite.contentType ? { contentType: invite.contentType } : {}),
  };
}

export interface OutboundCallInput {
  readonly relayed: RelayedInvite;
  readonly tenant: DirectoryTenant;
  /** The caller as the devices show them. */
  readonly caller: NameAddr;
  /** What was dialled, shown as To. */
  readonly dialled: string;
  readonly diversions: readonly Diversion[];
  /** The network forwarded the call to the number it came in on. */
  readonly networkDiversion?: NetworkDiversion;
}

export function outboundCall(input: OutboundCallInput): OutboundCall {
  const { relayed, tenant, caller } = input;
  return {
    ...relayed,
    from: caller,
    to: { uri: userUri(input.dialled, tenant), params: noParams },
    headers: [{ name: 'P-Asserted-Identity', value: formatNameAddr(caller) }, ...diversionHeaders(input.diversions, tenant, input.networkDiversion), ...relayed.headers],
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
