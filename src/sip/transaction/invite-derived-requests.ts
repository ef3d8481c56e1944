/**
 * The two requests a client transaction builds from the INVITE it sent: the ACK for a 300–699
 * response (RFC 3261 §17.1.1.3) and the CANCEL (§9.1). Both keep the INVITE's Request-URI,
 * Call-ID, From, CSeq number and Route set, and carry exactly one Via: the INVITE's top Via,
 * branch included, so that they reach the same server transaction.
 */
import type { NameAddr } from '../header-values.js';
import type { SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import type { SipMethod } from '../methods.js';
import { createRequest } from '../request.js';
import type { ExtraHeader } from '../request.js';

function derived(invite: SipRequest, method: SipMethod, to: NameAddr, headers: readonly ExtraHeader[] = []): SipRequest {
  const top = invite.via[0];
  if (!top) throw new Error('an INVITE sent by a client transaction always has a top Via');
  return createRequest({
    method,
    uri: invite.uri,
    via: [top],
    from: invite.from,
    to,
    callId: invite.callId,
    cseq: invite.cseq.seq,
    maxForwards: invite.maxForwards,
    route: invite.route,
    headers,
  });
}

/** §17.1.1.3: the To is the response's (with the tag the UAS added); the CSeq method is ACK. */
export const ackForNon2xx = (invite: SipRequest, response: SipResponse): SipRequest => derived(invite, Method.ACK, response.to);

/** §9.1: To (tags included) as in the INVITE; the CSeq method is CANCEL. `headers` may say why (Reason, RFC 3326). */
export const cancelFor = (invite: SipRequest, headers: readonly ExtraHeader[] = []): SipRequest => derived(invite, Method.CANCEL, invite.to, headers);
