/**
 * A call handler for tests that need a call in progress before part of belay routes calls:
 * it answers every INVITE at once with 200 and an SDP answer, and a BYE of a call it answered
 * with 200 (any other in-dialog request with 481). A UAS, not a B2BUA.
 */
import { Method, Status, createResponse, tagOf } from '../../../src/sip/index.js';
import type { IdSource, SipStack } from '../../../src/sip/index.js';
import type { CallHandler } from '../../../src/centrex/index.js';
import { sdpFor } from '../../support/sip-test-sdp.js';

export function answeringCalls(stack: SipStack, ids: IdSource): CallHandler & { readonly answered: () => number; readonly ended: () => number } {
  /** Call-ID → our To tag, while the call lasts */
  const calls = new Map<string, string>();
  let answered = 0;
  let ended = 0;
  return {
    answered: () => answered,
    ended: () => ended,
    onRequest(transaction, request) {
      if (request.method === Method.INVITE && !request.to.params.has('tag')) {
        const toTag = ids();
        const local = stack.sentBy(transaction.source.protocol);
        const body = sdpFor(request.body, local.host, 40_000, ++answered) ?? Buffer.alloc(0);
        calls.set(request.callId, toTag);
        transaction.respond(
          createResponse(request, Status.OK, {
            toTag,
            contacts: [{ uri: stack.contactUri(transaction.source.protocol), params: new Map() }],
            body,
            contentType: { type: 'application', subtype: 'sdp', params: new Map() },
          }),
        );
        return;
      }
      const known = request.method === Method.BYE && calls.get(request.callId) === tagOf(request.to);
      if (known) {
        calls.delete(request.callId);
        ended++;
      }
      transaction.respond(createResponse(request, known ? Status.OK : Status.CallOrTransactionDoesNotExist, { toTag: ids() }));
    },
    onAck: () => undefined,
    onCancel: () => undefined,
  };
}
