import type { SipResponse, SipRequest } from '../message.js';
import type { StatusCode } from '../status.js';
import type { MessageSource, TransportError, TransportFault } from '../transport/index.js';
import type { CheckName } from './request-checks.js';

/** Why a stack refused a request statelessly, beyond the checks: admission control or a full transaction layer. */
export type RefusalCause = CheckName | 'overload';

/** Why a stack discarded a message without answering. */
export type DropCause = CheckName | 'foreign-via' | 'unmatchable';

/** What a stack reports for logs and metrics; none of it needs an answer. */
export type StackEvent =
  | { readonly kind: 'rejected'; readonly cause: RefusalCause; readonly status: StatusCode; readonly source: MessageSource }
  | { readonly kind: 'dropped'; readonly cause: DropCause; readonly reason: string; readonly source: MessageSource }
  | { readonly kind: 'send-failed'; readonly error: TransportError }
  | { readonly kind: 'transport-fault'; readonly fault: TransportFault }
  /** The TU's delegate threw; the message was handled as far as the stack goes. */
  | { readonly kind: 'delegate-failed'; readonly error: unknown; readonly message: SipRequest | SipResponse };
