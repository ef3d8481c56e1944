/**
 * The one SIP message type (RFC 3261 §7). Hot headers are parsed eagerly into typed fields;
 * every header line, hot or not, stays in `headers` in received order so that a forwarded
 * message keeps unknown headers byte-exact. Other headers are read through the lazy header
 * registry (`header()` in header-registry.ts).
 */
import type { ContentType, CSeq, NameAddr, Via } from './header-values.js';
import type { SipMethod } from './methods.js';
import type { StatusCode } from './status.js';
import type { Uri } from './uri.js';

/** One header line as received (or as added by a builder). */
export interface HeaderField {
  /** Header name as written (`Via`, `v`, `X-Custom`). */
  readonly name: string;
  /** The value with leading/trailing whitespace removed and folded lines joined by one space. */
  readonly value: string;
  /** The exact text of the line(s) as received, without the final CRLF; absent for built lines. */
  readonly raw?: string;
}

interface MessageBase {
  /** All header lines in order; the typed fields below are derived from them. */
  readonly headers: readonly HeaderField[];
  /** Via entries, topmost first, across all Via lines. */
  readonly via: readonly Via[];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  /** Contact addresses in order (empty when absent or when the value is `*`). */
  readonly contacts: readonly NameAddr[];
  /** True when the Contact value is `*` (a REGISTER removing all bindings, §10.2.2). */
  readonly contactWildcard: boolean;
  readonly maxForwards?: number;
  readonly route: readonly NameAddr[];
  readonly recordRoute: readonly NameAddr[];
  readonly contentType?: ContentType;
  /** The body, exactly Content-Length bytes. */
  readonly body: Buffer;
}

export interface SipRequest extends MessageBase {
  readonly kind: 'request';
  readonly method: SipMethod;
  readonly uri: Uri;
}

export interface SipResponse extends MessageBase {
  readonly kind: 'response';
  readonly status: StatusCode;
  readonly reason: string;
}

export type SipMessage = SipRequest | SipResponse;

export const SIP_VERSION = 'SIP/2.0';
