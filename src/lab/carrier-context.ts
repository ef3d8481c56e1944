import type { Clock, IdSource, ServerTransaction, SipRequest, SipResponse } from '../sip/index.js';
import type { LabStack } from './lab-dialog.js';

/** A dialog of the carrier: in-dialog requests and stray 2xx retransmissions are handed to it. */
export interface DialogHandler {
  receive(transaction: ServerTransaction, request: SipRequest): void;
  stray?(response: SipResponse): void;
  /** Our 2xx was never acknowledged (RFC 3261 §13.3.1.4). */
  unacknowledged?(): void;
  /** The carrier stops: end the call now. */
  abort(): void;
}

/** What the carrier's call parties share. */
export interface CarrierContext {
  readonly stack: LabStack;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** The network's SIP domain: the host of the number URIs it writes. */
  readonly domain: string;
  /** Filed by Call-ID and local tag. */
  readonly dialogs: Map<string, DialogHandler>;
  /** Closed when the carrier stops. */
  readonly open: Set<{ close(): Promise<void> }>;
  readonly log: (line: string) => void;
}
