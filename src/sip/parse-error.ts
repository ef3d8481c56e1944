import type { CSeq, NameAddr, Via } from './header-values.js';
import type { SipMethod } from './methods.js';
import type { SipMessage } from './message.js';
import type { StatusCode } from './status.js';

/**
 * Why a message was rejected, and the status a stateless responder should answer a request
 * with: 400 for malformed input, 505 for an unsupported SIP version (§8.2.2 / §21.5.6),
 * 416 for an unsupported Request-URI scheme (§8.2.2.1), 513 for an oversized message (§18.1.1).
 */
export type ParseErrorClass = 'malformed' | 'version-not-supported' | 'unsupported-uri-scheme' | 'too-large';

export interface ParseError {
  readonly class: ParseErrorClass;
  /** The status for a response to a rejected request (400, 505, 416, 513). */
  readonly status: StatusCode;
  /** What is wrong, short enough for a reason phrase (`Malformed Via header`). */
  readonly reason: string;
  /** What the start line said the message is, when that could be told. */
  readonly kind?: 'request' | 'response';
  readonly method?: SipMethod;
  /** Whatever of the headers a response needs could be recovered (§8.2.6). */
  readonly via?: readonly Via[];
  readonly from?: NameAddr;
  readonly to?: NameAddr;
  readonly callId?: string;
  readonly cseq?: CSeq;
}

export type ParseResult = { readonly ok: true; readonly message: SipMessage } | { readonly ok: false; readonly error: ParseError };
