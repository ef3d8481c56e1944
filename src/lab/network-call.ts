/**
 * A call as the simulated network carries it, and the INVITE it presents to the called side:
 * the number called in the Request-URI and To (`+E.164;user=phone`), the caller's shown number
 * in From (anonymous when withheld, with `Privacy: id`), the network number in
 * P-Asserted-Identity (RFC 3325: toward a customer trunk only when not withheld; phones and the
 * PSAP inside the network always get it), and the redirection history.
 */
import { Method, createRequest, noParams } from '../sip/index.js';
import type { ExtraHeader, NameAddr, SipRequest, SipUri } from '../sip/index.js';
import { ALLOW, SDP } from './lab-dialog.js';
import { numberAddress } from './redirection.js';
import type { Redirection } from './redirection.js';
import type { CallerIdentity } from './screen-trunk-call.js';

export interface NetworkCall {
  readonly caller: CallerIdentity;
  /** The number being reached now (+E.164, or 110/112). */
  readonly called: string;
  readonly redirection: Redirection;
  /** The trunk the call came in on; null when it came from elsewhere in the network. */
  readonly viaTrunk: string | null;
  /** The numbers it was forwarded from so far, oldest first. */
  readonly forwardedFrom: readonly string[];
}

const ANONYMOUS: NameAddr = {
  displayName: 'Anonymous',
  uri: { kind: 'sip', scheme: 'sip', user: 'anonymous', host: 'anonymous.invalid', params: noParams, headers: [] },
  params: noParams,
};

export interface NetworkInviteInput {
  readonly call: NetworkCall;
  /** The Request-URI: the called number at the trunk's contact, or at the network's own domain. */
  readonly uri: SipUri;
  readonly domain: string;
  readonly callId: string;
  readonly fromTag: string;
  readonly contact: NameAddr;
  readonly sdp: Buffer;
  /** Inside the network's trust domain (phones, PSAP): P-Asserted-Identity even when withheld. */
  readonly trusted: boolean;
}

export function networkInvite(input: NetworkInviteInput): SipRequest {
  const { call, domain } = input;
  const { shown, npn, anonymous } = call.caller;
  const from = shown === null ? ANONYMOUS : numberAddress(shown, domain);
  const headers: ExtraHeader[] = [];
  if (npn !== null && (input.trusted || !anonymous)) headers.push({ name: 'P-Asserted-Identity', value: `<sip:${npn}@${domain};user=phone>` });
  if (anonymous) headers.push({ name: 'Privacy', value: 'id' });
  for (const value of call.redirection.diversion) headers.push({ name: 'Diversion', value });
  for (const value of call.redirection.historyInfo) headers.push({ name: 'History-Info', value });
  headers.push({ name: 'Allow', value: ALLOW });
  return createRequest({
    method: Method.INVITE,
    uri: input.uri,
    via: [],
    from: { ...from, params: new Map([['tag', input.fromTag]]) },
    to: numberAddress(call.called, domain),
    callId: input.callId,
    cseq: 1,
    contacts: [input.contact],
    headers,
    body: input.sdp,
    contentType: SDP,
  });
}
