/** The response a stateless element sends to a request it could not parse (§8.2.2, §16.3). */
import { formatCSeq } from './cseq.js';
import type { HeaderField, SipResponse } from './message.js';
import { formatNameAddr } from './name-addr.js';
import type { ParseError } from './parse-error.js';
import { formatVia } from './via.js';

/**
 * A response to the rejected request carrying the recovered Via, From, To, Call-ID and CSeq,
 * with the error as reason phrase; `undefined` when the input was a response or too little
 * was recovered to address one. The caller adds a To tag for anything but 100 (§8.2.6.2).
 */
export function createErrorResponse(error: ParseError): SipResponse | undefined {
  const { via, from, to, callId, cseq } = error;
  if (error.kind !== 'request' || !via || via.length === 0 || !from || !to || callId === undefined || !cseq) return undefined;
  const headers: HeaderField[] = [
    ...via.map((v) => ({ name: 'Via', value: formatVia(v) })),
    { name: 'From', value: formatNameAddr(from) },
    { name: 'To', value: formatNameAddr(to) },
    { name: 'Call-ID', value: callId },
    { name: 'CSeq', value: formatCSeq(cseq) },
    { name: 'Content-Length', value: '0' },
  ];
  return {
    kind: 'response',
    status: error.status,
    reason: error.reason,
    headers,
    via,
    from,
    to,
    callId,
    cseq,
    contacts: [],
    contactWildcard: false,
    maxForwards: undefined,
    route: [],
    recordRoute: [],
    contentType: undefined,
    body: Buffer.alloc(0),
  };
}
