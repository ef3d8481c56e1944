import { canonicalIp, ipFamily } from './ip-address.js';
import type { MessageSource, TransportProtocol } from './transport.js';

/**
 * Where responses go and what a server writes into the top Via of a request it receives:
 * RFC 3261 §18.2.1 and §18.2.2, RFC 3581 §4 (rport). Pure functions over plain Via fields, so
 * they hold whatever parser produced the values.
 */

/** The top Via's fields these rules read. */
export interface ViaRoutingFields {
  /** The transport of sent-protocol as written: `UDP`, `TCP`, `TLS`, `WS`, `WSS`, `SCTP`… */
  readonly transport: string;
  /** The sent-by host: a name, an IPv4 address or an IPv6 reference (brackets allowed). */
  readonly host: string;
  readonly port?: number;
  readonly received?: string;
  /** `true` when `rport` has no value yet; the number a server filled in otherwise. */
  readonly rport?: number | true;
  readonly maddr?: string;
  readonly ttl?: number;
}

/** Send to an IP address. For UDP, send from the local address the request arrived on (RFC 3581 §4). */
export interface AddressRoute {
  readonly kind: 'address';
  readonly protocol: TransportProtocol;
  readonly host: string;
  readonly port: number;
  readonly localAddress?: string;
  readonly localPort?: number;
  /** Multicast TTL (§18.2.2: the Via `ttl`, or 1). */
  readonly ttl?: number;
}

/** `host` is a name: resolve it as RFC 3263 §5 says (SRV when `port` is absent), then send. */
export interface ResolveRoute {
  readonly kind: 'resolve';
  readonly protocol: TransportProtocol;
  readonly host: string;
  readonly port?: number;
}

/** Send on the connection the request came in on; if it has closed, use `fallback`. */
export interface ConnectionRoute {
  readonly kind: 'connection';
  readonly protocol: TransportProtocol;
  readonly connectionId: string;
  /** The transport the request arrived on. */
  readonly localAddress: string;
  readonly localPort: number;
  /** Absent for WebSocket peers, which cannot be connected to (RFC 7118 §5). */
  readonly fallback?: AddressRoute | ResolveRoute;
}

/** No way to send the response (a transport this stack does not speak, or a lost WebSocket). */
export interface Unroutable {
  readonly kind: 'unroutable';
  readonly reason: string;
}

export type ResponseRoute = ConnectionRoute | AddressRoute | ResolveRoute | Unroutable;

const VIA_TRANSPORTS: Readonly<Record<string, TransportProtocol>> = { udp: 'udp', tcp: 'tcp', tls: 'tls', ws: 'ws', wss: 'wss' };

/** The transport named in a Via (case-insensitive), if this stack speaks it. */
export const viaTransportProtocol = (transport: string): TransportProtocol | undefined =>
  VIA_TRANSPORTS[transport.toLowerCase()];

/** The port a sent-by without one means (RFC 3261 §18.2.2, §19.1.2): 5061 over TLS, else 5060. */
export const defaultPort = (protocol: TransportProtocol): number => (protocol === 'tls' || protocol === 'wss' ? 5061 : 5060);

function isMulticast(ip: string): boolean {
  if (ipFamily(ip) === 6) return ip.toLowerCase().startsWith('ff');
  const first = Number(ip.split('.')[0]);
  return first >= 224 && first <= 239;
}

/** An IP literal becomes an address route (with the default port); a name goes to RFC 3263. */
function toward(protocol: TransportProtocol, host: string, port: number | undefined): AddressRoute | ResolveRoute {
  const ip = canonicalIp(host);
  if (ip === undefined) return { kind: 'resolve', protocol, host, ...(port === undefined ? {} : { port }) };
  return { kind: 'address', protocol, host: ip, port: port ?? defaultPort(protocol) };
}

/** RFC 3261 §18.2.2 with RFC 3581 §4: where the response to a request goes. */
export function routeResponse(via: ViaRoutingFields, source: MessageSource): ResponseRoute {
  const protocol = viaTransportProtocol(via.transport);
  if (protocol === undefined) return { kind: 'unroutable', reason: `transport ${via.transport} is not supported` };

  if (protocol !== 'udp') {
    // §18.2.2: reliable transports answer on the request's connection while it is open, else
    // connect to `received` at the sent-by port, or resolve sent-by (RFC 3263 §5).
    const webSocket = protocol === 'ws' || protocol === 'wss';
    const fallback = webSocket
      ? undefined
      : via.received !== undefined
        ? toward(protocol, via.received, via.port ?? defaultPort(protocol))
        : toward(protocol, via.host, via.port);
    if (source.connectionId !== undefined && source.protocol === protocol) {
      return {
        kind: 'connection',
        protocol,
        connectionId: source.connectionId,
        localAddress: source.localAddress,
        localPort: source.localPort,
        ...(fallback ? { fallback } : {}),
      };
    }
    return fallback ?? { kind: 'unroutable', reason: `the ${protocol} connection of the request is gone` };
  }

  // RFC 3581 §4: a UDP response leaves from where the request arrived, so NAT bindings match.
  const from = source.protocol === 'udp' ? { localAddress: source.localAddress, localPort: source.localPort } : {};

  if (via.maddr !== undefined) {
    // §18.2.2: maddr, at the sent-by port or 5060; multicast with the Via ttl or 1.
    const route = toward(protocol, via.maddr, via.port ?? defaultPort(protocol));
    if (route.kind === 'resolve') return route;
    return { ...route, ...from, ...(isMulticast(route.host) ? { ttl: via.ttl ?? 1 } : {}) };
  }

  if (via.received !== undefined) {
    // §18.2.2: `received` at the sent-by port or 5060; RFC 3581 §4: at `rport` when filled in.
    const port = typeof via.rport === 'number' ? via.rport : (via.port ?? defaultPort(protocol));
    const route = toward(protocol, via.received, port);
    return route.kind === 'address' ? { ...route, ...from } : route;
  }

  // §18.2.2: not receiver-tagged: sent-by, resolved per RFC 3263 §5 when it is a name.
  const route = toward(protocol, via.host, via.port);
  return route.kind === 'address' ? { ...route, ...from } : route;
}

/** The Via parameters a server sets on a request it receives. */
export interface ReceivedParameters {
  readonly received?: string;
  readonly rport?: number;
}

/**
 * RFC 3261 §18.2.1: `received` when the sent-by host is a name or differs from the packet's
 * source address. RFC 3581 §4: an empty `rport` gets the source port, and then `received` is
 * added even when the address matches.
 */
export function receivedParameters(
  via: Pick<ViaRoutingFields, 'host' | 'rport'>,
  source: Pick<MessageSource, 'remoteAddress' | 'remotePort'>,
): ReceivedParameters {
  const sourceIp = canonicalIp(source.remoteAddress) ?? source.remoteAddress;
  const sentByIp = canonicalIp(via.host);
  const rportRequested = via.rport === true;
  const needsReceived = rportRequested || sentByIp === undefined || sentByIp !== sourceIp;
  return {
    ...(needsReceived ? { received: sourceIp } : {}),
    ...(rportRequested ? { rport: source.remotePort } : {}),
  };
}
