/**
 * A registration binding (RFC 3261 §10): an address-of-record bound to a Contact, with where
 * the REGISTER came from — behind NAT the Contact names a private address, so requests go to
 * the source instead (RFC 3581, the approach of RFC 5626 without its flow tokens).
 */
import type { MessageSource, OutboundTarget, TransportProtocol } from '../../sip/index.js';

/** The transport, address and (for streams) connection a REGISTER arrived on. */
export interface BindingSource {
  readonly protocol: TransportProtocol;
  readonly address: string;
  readonly port: number;
  /** Stream transports: the connection to send on while it is open. */
  readonly connectionId?: string;
  /** Where it arrived: requests to the phone leave through the same socket (NAT pinholes are per address). */
  readonly localAddress: string;
  readonly localPort: number;
}

/** What qualify (OPTIONS keep-alive) last found out. */
export type Reachability = 'unknown' | 'reachable' | 'unreachable';

export interface Binding {
  /** UUID, stable across refreshes of the same contact. */
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  /** `sip:<sip username>@<tenant SIP domain>` */
  readonly aor: string;
  /** The Contact URI as the phone sent it. */
  readonly contact: string;
  /** Where the REGISTER came from: requests for this binding are sent here. */
  readonly source: BindingSource;
  /** RFC 3327 Path values, first hop first: the Route set of requests to this binding. */
  readonly path: readonly string[];
  /** 0–1; 1 when the Contact carried no `q`. */
  readonly q: number;
  /** ms since the epoch */
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
  readonly userAgent?: string;
  /** RFC 5626 `+sip.instance`, without its quotes, e.g. `<urn:uuid:…>`. */
  readonly instanceId?: string;
  /** RFC 5626 `reg-id` */
  readonly regId?: number;
  readonly reachable: Reachability;
  /** Since when qualify has found it unreachable (ms since the epoch). */
  readonly unreachableSince?: number;
}

export function bindingSource(source: MessageSource): BindingSource {
  return {
    protocol: source.protocol,
    address: source.remoteAddress,
    port: source.remotePort,
    localAddress: source.localAddress,
    localPort: source.localPort,
    ...(source.connectionId === undefined ? {} : { connectionId: source.connectionId }),
  };
}

/** Where a request for `binding` goes: its source, on its connection while that is open, through the socket it came in on. */
export function bindingTarget(binding: Binding): OutboundTarget {
  const { source } = binding;
  return {
    protocol: source.protocol,
    host: source.address,
    port: source.port,
    localAddress: source.localAddress,
    localPort: source.localPort,
    ...(source.connectionId === undefined ? {} : { connectionId: source.connectionId }),
  };
}
