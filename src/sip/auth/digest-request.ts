import type { SipMethod } from '../methods.js';

/** What of a request its Digest credentials are computed over (RFC 7616 §3.4.3). */
export interface DigestRequest {
  readonly method: SipMethod;
  /** The Request-URI, as written on the request line. */
  readonly requestUri: string;
  /** The message body, needed only for `qop=auth-int`; empty when absent. */
  readonly body?: string | Uint8Array;
}
