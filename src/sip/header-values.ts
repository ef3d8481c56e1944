/**
 * Typed values of the headers the stack reads on every message (RFC 3261 §20, grammar §25.1).
 * Text fields are JavaScript strings; URIs and parameter values are kept as written.
 */
import type { SipMethod } from './methods.js';
import type { Params } from './params.js';
import type { Uri } from './uri.js';

/**
 * `name-addr` or `addr-spec` with header parameters: From, To, Contact, Route, Record-Route,
 * Reply-To, Refer-To ... (§20.10, §25.1).
 */
export interface NameAddr {
  /** Display name, unquoted and unescaped; absent when none was given. */
  readonly displayName?: string;
  readonly uri: Uri;
  /** Header parameters after the address (`tag`, `expires`, `q`, `+sip.instance` ...). */
  readonly params: Params;
}

/** One `via-parm` (§20.42, §18.2.1, RFC 3581 `rport`). */
export interface Via {
  /** `SIP/2.0` (protocol name and version). */
  readonly protocol: string;
  /** Upper-cased transport: `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS` or an extension token. */
  readonly transport: string;
  /** sent-by host: name, IPv4, or IPv6 reference with brackets. */
  readonly host: string;
  readonly port?: number;
  readonly branch?: string;
  readonly received?: string;
  /** RFC 3581: `true` when present without a value (a request asking for it), else the port. */
  readonly rport?: number | true;
  readonly maddr?: string;
  readonly ttl?: number;
  /** Every other parameter, in order. */
  readonly params: Params;
}

/** §20.16 */
export interface CSeq {
  readonly seq: number;
  readonly method: SipMethod;
}

/** §20.15: type and subtype lower-cased. */
export interface ContentType {
  readonly type: string;
  readonly subtype: string;
  readonly params: Params;
}

/** The RFC 3261 `branch` magic cookie (§8.1.1.7). */
export const BRANCH_MAGIC_COOKIE = 'z9hG4bK';
