/**
 * Where the transaction layer's messages go. The stack implements it over the serializer and
 * its transports; a send never throws, its failure is a value the layer turns into the
 * transaction's transport-error input (RFC 3261 §17.1.4, §17.2.4).
 */
import type { SipRequest, SipResponse } from '../message.js';
import type { MessageSource, OutboundTarget, SendResult, TransportError, TransportProtocol } from '../transport/index.js';

/**
 * A response written to bytes with its destination (§18.2.2 applied): what a transaction keeps
 * to resend it without holding the message.
 */
export interface WireResponse {
  readonly data: Buffer;
  readonly target: OutboundTarget;
}

export interface TransactionPort {
  /** Sends a request (or the ACK for a non-2xx, or a CANCEL) to the next hop the TU chose (§18.1.1). */
  sendRequest(request: SipRequest, target: OutboundTarget): Promise<SendResult>;
  /** Sends a response toward where its request came from; the port applies §18.2.2 to the top Via. */
  sendResponse(response: SipResponse, source: MessageSource): Promise<SendResult>;
  /** Writes a response to bytes and finds where it goes, as {@link sendResponse} would; an error when it has no way there. */
  wireResponse(response: SipResponse, source: MessageSource): WireResponse | TransportError;
  /** Sends bytes {@link wireResponse} made (again). */
  sendWire(wire: WireResponse): Promise<SendResult>;
}

/** Only UDP is unreliable among the stack's transports; it alone gets retransmission timers (§17.1.1.2). */
export const isReliableProtocol = (protocol: TransportProtocol): boolean => protocol !== 'udp';
