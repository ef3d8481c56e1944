import type { SipRequest, SipResponse } from '../message.js';
import type { ServerTransaction } from '../transaction/index.js';
import type { MessageSource } from '../transport/index.js';
import type { StackEvent } from './stack-events.js';

/** What the stack hands to the application above it (the transaction user). */
export interface StackDelegate {
  /**
   * A request that passed the checks and admission created `transaction`; answer it with
   * `transaction.respond(...)`. CANCEL never arrives here: the stack answers it (see `onCancel`).
   * A 2xx to an INVITE is resent by the stack until its ACK arrives (§13.3.1.4).
   */
  readonly onRequest: (transaction: ServerTransaction, request: SipRequest) => void;
  /** The ACK for a 2xx (it belongs to the dialog, not to a transaction, §13.3.1.4). */
  readonly onAck?: (ack: SipRequest, source: MessageSource) => void;
  /**
   * A CANCEL matched `invite` (§9.2). The stack has already answered the CANCEL with 200 and,
   * while the INVITE had no final response, the INVITE with 487. Not called once the INVITE was
   * answered with a 2xx: the CANCEL has no effect on it then.
   */
  readonly onCancel?: (invite: ServerTransaction, cancel: SipRequest) => void;
  /** A 2xx got no ACK within 64·T1: the session should be ended with a BYE (§13.3.1.4). */
  readonly onAckTimeout?: (response: SipResponse, source: MessageSource) => void;
  /** A response no client transaction matched, e.g. a 2xx retransmission for a dialog (RFC 6026 §8.4). */
  readonly onStrayResponse?: (response: SipResponse, source: MessageSource) => void;
  /** Observability: refusals, drops, send failures, transport faults. */
  readonly onEvent?: (event: StackEvent) => void;
}
