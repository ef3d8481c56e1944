import { routeResponse } from '../transport/index.js';
import type { MessageSource, OutboundTarget, ResponseRoute, TransportError, ViaRoutingFields } from '../transport/index.js';

/**
 * Where a response goes (RFC 3261 §18.2.2, RFC 3581 §4), as a target for the transport set: the
 * request's connection while it is open, with the address fallback; or an address. A sent-by
 * that is a name would need RFC 3263 resolution, which this stack does not do: that is an error.
 */
export function responseTarget(via: ViaRoutingFields, source: MessageSource): OutboundTarget | TransportError {
  return targetOf(routeResponse(via, source));
}

function targetOf(route: ResponseRoute): OutboundTarget | TransportError {
  switch (route.kind) {
    case 'unroutable':
      return { code: 'invalid_destination', message: route.reason };
    case 'resolve':
      return { code: 'invalid_destination', message: `${route.host} is a name; responses go to IP addresses only (no RFC 3263 resolution)` };
    case 'address':
      return {
        protocol: route.protocol,
        host: route.host,
        port: route.port,
        ...(route.localAddress === undefined ? {} : { localAddress: route.localAddress }),
        ...(route.localPort === undefined ? {} : { localPort: route.localPort }),
      };
    case 'connection': {
      // without a usable fallback only the connection itself can carry the response
      const fallback = route.fallback?.kind === 'address' ? route.fallback : { host: '', port: 0 };
      return {
        protocol: route.protocol,
        connectionId: route.connectionId,
        localAddress: route.localAddress,
        localPort: route.localPort,
        host: fallback.host,
        port: fallback.port,
      };
    }
  }
}
