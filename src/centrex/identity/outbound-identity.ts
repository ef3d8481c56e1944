/**
 * The identity lines of an INVITE toward a trunk, as its profile wants them: From, and
 * P-Preferred-Identity, P-Asserted-Identity, Privacy and Diversion.
 *
 * CLIR (RFC 3323, RFC 3325): the presented number is withheld everywhere — From becomes
 * `"Anonymous" <sip:anonymous@anonymous.invalid>`, a UPN line is left out — and `Privacy: id`
 * asks the network to hide the caller, while the NPN still travels for billing, screening and
 * emergency services. A profile that carries the NPN nowhere but in From (or not at all) sends it
 * in P-Preferred-Identity instead. A From that names the trunk's account keeps the account (the
 * carrier identifies the trunk by it) with the display name `Anonymous`.
 *
 * Without CLIR `Privacy: none` says so explicitly, so no network applies a default of its own.
 */
import { formatNameAddr, noParams } from '../../sip/index.js';
import type { ExtraHeader, NameAddr } from '../../sip/index.js';
import { renderNumber } from '../numbering/index.js';
import { sipUriOf, trunkNumberUri } from './trunk-number-uri.js';
import type { IdentitySlot, TrunkProfile } from './trunk-profile.js';

/** A forwarded or parallel-rung leg: the number of the employee the call was diverted from. */
export interface DivertedFrom {
  /** E.164 */
  readonly number: string;
  /** An RFC 5806 reason token: `unconditional`, `user-busy`, `no-answer`, `unavailable`, `deflection`, `follow-me`, … */
  readonly reason: string;
  /** The number of diversions so far (1–99). */
  readonly counter: number;
}

export interface OutboundIdentityInput {
  readonly profile: TrunkProfile;
  /** The trunk's SIP domain (host part of number URIs). */
  readonly domain: string;
  /** The trunk username, for a profile whose From user is the account. */
  readonly account?: string;
  /** E.164 presented number (already checked by policy; equals `npn` when there is none). */
  readonly upn: string;
  /** E.164 network number. */
  readonly npn: string;
  readonly displayName?: string;
  /** Withhold the presented number. */
  readonly clir: boolean;
  readonly divertedFrom?: DivertedFrom;
}

export interface OutboundIdentity {
  /** From without a tag: the caller adds its own. */
  readonly from: NameAddr;
  readonly headers: readonly ExtraHeader[];
}

const ANONYMOUS_DISPLAY = 'Anonymous';
const ANONYMOUS: NameAddr = { displayName: ANONYMOUS_DISPLAY, uri: sipUriOf('anonymous', 'anonymous.invalid', false), params: noParams };

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

function accountOf(input: OutboundIdentityInput): string {
  if (input.account === undefined || input.account === '') {
    throw new Error(`trunk profile ${input.profile.name} puts the trunk's account in From, but the trunk has no username`);
  }
  return input.account;
}

function fromOf(input: OutboundIdentityInput): NameAddr {
  const { profile, domain } = input;
  if (profile.fromUser === 'account') {
    const uri = sipUriOf(accountOf(input), domain, false);
    if (input.clir) return { displayName: ANONYMOUS_DISPLAY, uri, params: noParams };
    return { displayName: displayOf(input), uri, params: noParams };
  }
  if (input.clir) return ANONYMOUS;
  const number = profile.fromUser === 'upn' ? input.upn : input.npn;
  return { displayName: displayOf(input), uri: trunkNumberUri(number, profile, domain), params: noParams };
}

function displayOf(input: OutboundIdentityInput): string | undefined {
  switch (input.profile.fromDisplay) {
    case 'name':
      return input.displayName === '' ? undefined : input.displayName;
    case 'upn':
      return renderNumber(input.upn, input.profile.format);
    case 'none':
      return undefined;
  }
}

function diversionLine(input: OutboundIdentityInput, diverted: DivertedFrom): ExtraHeader {
  if (!TOKEN.test(diverted.reason)) throw new Error(`invalid Diversion reason "${diverted.reason}"`);
  if (!Number.isInteger(diverted.counter) || diverted.counter < 1 || diverted.counter > 99) throw new Error(`invalid Diversion counter ${diverted.counter}`);
  const params = new Map([['reason', diverted.reason], ['counter', String(diverted.counter)], ['privacy', 'off']]);
  return { name: 'Diversion', value: formatNameAddr({ uri: trunkNumberUri(diverted.number, input.profile, input.domain), params }) };
}

/** From (no tag) and the identity lines of an INVITE to a trunk. */
export function outboundIdentity(input: OutboundIdentityInput): OutboundIdentity {
  const { profile, clir } = input;
  const numberIn = (slot: IdentitySlot): string | undefined => (slot === 'npn' ? input.npn : slot === 'upn' && !clir ? input.upn : undefined);
  const npnElsewhere = profile.ppi === 'npn' || profile.pai === 'npn';
  const ppi = clir && !npnElsewhere ? input.npn : numberIn(profile.ppi);
  const pai = numberIn(profile.pai);
  const identityLine = (name: string, e164: string): ExtraHeader => ({
    name,
    value: formatNameAddr({ uri: trunkNumberUri(e164, profile, input.domain), params: noParams }),
  });
  const headers: ExtraHeader[] = [];
  if (ppi !== undefined) headers.push(identityLine('P-Preferred-Identity', ppi));
  if (pai !== undefined) headers.push(identityLine('P-Asserted-Identity', pai));
  headers.push({ name: 'Privacy', value: clir ? 'id' : 'none' });
  if (input.divertedFrom !== undefined && profile.diversion) headers.push(diversionLine(input, input.divertedFrom));
  return { from: fromOf(input), headers };
}
