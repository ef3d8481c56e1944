/**
 * Where the transaction layer's messages go. The stack implements it over the serializer and
 * its transports; a send never throws, its failure is a value the layer turns into the
 * transaction's transport-error input (RFC 3261 §17.1.4, §17.2.4).
 */
import type { SipRequest, SipResponse } from '../message.js';
import type { MessageSource, OutboundTarget, SendResult, TransportProtocol } from '../transport/index.js';

export interface TransactionPort {
  /** Sends a request (or the ACK for a non-2xx, or a CANCEL) to the next hop the TU chose (§18.1.1). */
  sendRequest(request: SipRequest, target: OutboundTarget): Promise<SendResult>;
  /** Sends a response toward where its request came from; the port applies §18.2.2 to the top Via. */
  sendResponse(response: SipResponse, source: MessageSource): Promise<SendResult>;
}

/** Only UDP is unreliable among the stack's transports; it alone gets retransmission timers (§17.1.1.2). */
export const isReliableProtocol = (protocol: TransportProtocol): boolean => protocol !== 'udp';
