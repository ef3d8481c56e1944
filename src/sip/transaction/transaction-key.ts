/**
 * How messages find their transaction: responses to client transactions (RFC 3261 §17.1.3),
 * requests to server transactions (§17.2.3), with the RFC 2543 fallback for a top Via branch
 * without the magic cookie. Keys are strings so the layer's maps look them up directly.
 */
import { formatUri } from '../format-uri.js';
import { BRANCH_MAGIC_COOKIE } from '../header-values.js';
import type { Via } from '../header-values.js';
import type { SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import type { SipMethod } from '../methods.js';
import { tagOf } from '../name-addr.js';

/** §17.1.3: the branch of the top Via and the method of the request that created the transaction. */
export const clientKey = (branch: string, method: SipMethod): string => `${branch}\n${method}`;

/** The client transaction a response belongs to; `undefined` when the top Via has no branch. */
export function responseKey(response: SipResponse): string | undefined {
  const branch = response.via[0]?.branch;
  return branch === undefined ? undefined : clientKey(branch, response.cseq.method);
}

/** A server transaction's key, and for RFC 2543 peers the To tag a match must also carry. */
export interface ServerKey {
  readonly key: string;
  /** RFC 2543 matching compares To tags, which cannot be part of the key (the ACK's To carries the response's tag). */
  readonly legacy: boolean;
}

export const hasMagicCookie = (branch: string | undefined): branch is string =>
  branch !== undefined && branch.startsWith(BRANCH_MAGIC_COOKIE);

const LEGACY = '2543';

/** Whether a server key was made by the RFC 2543 rules, whose matches also compare To tags. */
export const isLegacyServerKey = (key: string): boolean => key.startsWith(`${LEGACY}\n`);

/**
 * The key of the server transaction `request` belongs to, looked up as if its method were
 * `method`: an ACK is matched against the INVITE it acknowledges (§17.2.3), and a CANCEL's
 * target is looked up with INVITE (§9.2). `undefined` when the request has no Via.
 */
export function serverKey(request: SipRequest, method: SipMethod = matchingMethod(request.method)): ServerKey | undefined {
  const via = request.via[0];
  if (!via) return undefined;
  if (hasMagicCookie(via.branch)) {
    return { key: [via.branch, sentBy(via), method].join('\n'), legacy: false };
  }
  // RFC 3261 §17.2.3, the RFC 2543 rules: Request-URI, From tag, Call-ID, CSeq number and top Via
  const key = [LEGACY, formatUri(request.uri), tagOf(request.from) ?? '', request.callId, request.cseq.seq, viaIdentity(via), method];
  return { key: key.join('\n'), legacy: true };
}

/** §17.2.3: the method a request is matched with (the ACK for a non-2xx belongs to its INVITE). */
export const matchingMethod = (method: SipMethod): SipMethod => (method === Method.ACK ? Method.INVITE : method);

/** sent-by, compared with the host case-insensitively and the transport's default port filled in (§18.2.1). */
function sentBy(via: Via): string {
  const port = via.port ?? (via.transport === 'TLS' || via.transport === 'WSS' ? 5061 : 5060);
  return `${via.transport}/${via.host.toLowerCase()}:${port}`;
}

/** The whole top Via, for the RFC 2543 rule that it must equal the creating request's. */
function viaIdentity(via: Via): string {
  const params = [...via.params].map(([name, value]) => (value === null ? name : `${name}=${value}`)).sort();
  return [sentBy(via), via.branch ?? '', via.received ?? '', via.maddr ?? '', ...params].join(';');
}

