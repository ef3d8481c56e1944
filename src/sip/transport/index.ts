export type {
  ConnectionCloseReason,
  ConnectionClosedEvent,
  Destination,
  InboundMessage,
  MessageSource,
  SendResult,
  Transport,
  TransportAddress,
  TransportError,
  TransportErrorCode,
  TransportFault,
  TransportHandlers,
  TransportProtocol,
} from './transport.js';
export { UdpTransport, type UdpTransportOptions } from './udp-transport.js';
export { ThreadedUdpTransport, type ThreadedUdpTransportOptions } from './threaded-udp-transport.js';
export { TcpTransport, type TcpTransportOptions } from './tcp-transport.js';
export { TlsTransport, type TlsTransportOptions } from './tls-transport.js';
export { StreamTransport, type StreamTransportOptions } from './stream-transport.js';
export {
  StreamFramer,
  defaultFramerLimits,
  type FramerEvent,
  type FramingFailure,
  type StreamFramerLimits,
} from './stream-framer.js';
export {
  MemoryNetwork,
  MemoryTransport,
  type MemoryNetworkOptions,
  type MemoryNetworkStats,
  type MemoryPacket,
  type MemoryTransportOptions,
  type PacketFate,
} from './memory-network.js';
export {
  defaultPort,
  receivedParameters,
  routeResponse,
  viaTransportProtocol,
  type AddressRoute,
  type ConnectionRoute,
  type ReceivedParameters,
  type ResolveRoute,
  type ResponseRoute,
  type Unroutable,
  type ViaRoutingFields,
} from './response-routing.js';
export { requiresStreamTransport } from './requires-stream-transport.js';
export { TransportSet, type OutboundTarget, type TransportOpener, type TransportSetOptions } from './transport-set.js';
export { canonicalIp, ipFamily } from './ip-address.js';
export { Inbox } from './inbox.js';
