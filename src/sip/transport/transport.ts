/**
 * The transport port (RFC 3261 §18): a transport moves whole SIP messages as bytes and says
 * whether it is reliable, which selects the transaction timer values above it (§17.1.1.2,
 * §17.1.2.2). It never parses a message beyond what stream framing needs.
 */

/** The transports the stack knows; `ws`/`wss` (RFC 7118) share the stream shape. */
export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** An IP address (no brackets, IPv4-mapped IPv6 shown as IPv4) and a port. */
export interface TransportAddress {
  readonly host: string;
  readonly port: number;
}

/** Where an outbound message goes. Transports never resolve names: `host` is an IP literal. */
export interface Destination {
  readonly host: string;
  readonly port: number;
  /**
   * Stream transports: send on this connection while it is open; once it is gone the message
   * goes to `host`:`port` instead (RFC 3261 §18.2.2 fallback). Ignored by datagram transports.
   */
  readonly connectionId?: string;
  /** TLS: the name the peer's certificate must carry (RFC 5922); defaults to checking `host`. */
  readonly serverName?: string;
}

/** Where an inbound message came from; enough to route the response (§18.2.2). */
export interface MessageSource {
  readonly protocol: TransportProtocol;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  /** Stream transports: the connection it arrived on; send back with {@link Destination.connectionId}. */
  readonly connectionId?: string;
}

/** One complete SIP message as received: start-line, headers and exactly its body. */
export interface InboundMessage {
  readonly data: Buffer;
  readonly source: MessageSource;
  /**
   * Stream transports only: the header section had no Content-Length (RFC 3261 §7.5 and §20.14
   * require it on streams). The message was framed with an empty body; the receiver should
   * answer a request with 400 and may close the connection.
   */
  readonly contentLengthMissing?: boolean;
}

export type TransportErrorCode =
  /** The connection could not be opened (refused, unreachable, TLS handshake failed). */
  | 'connect_failed'
  /** Opening the connection took longer than the configured limit. */
  | 'connect_timeout'
  /** The connection closed before or while the message was written. */
  | 'connection_closed'
  /** The socket reported an error while sending, or the peer is not reading. */
  | 'send_failed'
  /** The message cannot go over this transport at its size. */
  | 'message_too_large'
  /** The destination is not an IP literal of a family this transport can reach, or a bad port. */
  | 'invalid_destination'
  /** The transport already holds its maximum number of connections. */
  | 'connection_limit'
  /** The transport has been closed. */
  | 'transport_closed'
  /** No transport of the requested protocol and address family is open. */
  | 'no_transport';

export interface TransportError {
  readonly code: TransportErrorCode;
  readonly message: string;
}

/**
 * The outcome of a send. A failure is a value the transaction layer turns into its
 * transport-error input (RFC 3261 §17.1.4, §17.2.4); `send` never rejects.
 */
export type SendResult =
  | { readonly ok: true; readonly connectionId?: string }
  | { readonly ok: false; readonly error: TransportError };

export type ConnectionCloseReason =
  | 'peer_closed'
  | 'socket_error'
  | 'idle_timeout'
  | 'incomplete_message_timeout'
  | 'header_too_large'
  | 'message_too_large'
  | 'invalid_content_length'
  | 'write_backlog'
  | 'connection_limit'
  | 'local_close';

export interface ConnectionClosedEvent {
  readonly protocol: TransportProtocol;
  readonly connectionId: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly reason: ConnectionCloseReason;
}

/** A problem that did not stop the transport: logged by the owner, never thrown. */
export interface TransportFault {
  readonly protocol: TransportProtocol;
  /** `datagrams_dropped`: received datagrams dropped because the stack is too far behind (a UDP I/O thread's bound). */
  readonly kind: 'socket_error' | 'tls_handshake_failed' | 'connection_rejected' | 'handler_failed' | 'datagrams_dropped';
  readonly message: string;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
}

/** What a transport reports to its owner; only `onMessage` is required. */
export interface TransportHandlers {
  /** Called once per complete SIP message. */
  readonly onMessage: (message: InboundMessage) => void;
  /** A stream connection ended, for whatever reason (RFC 5626 flow failure detection). */
  readonly onConnectionClosed?: (event: ConnectionClosedEvent) => void;
  readonly onFault?: (fault: TransportFault) => void;
}

export interface Transport {
  readonly protocol: TransportProtocol;
  /** Reliable transports get no retransmissions from the transaction layer (§17). */
  readonly reliable: boolean;
  /** The bound local address (the port is known even when 0 was asked for). */
  readonly local: TransportAddress;
  send(data: Buffer, destination: Destination): Promise<SendResult>;
  /** Stops listening, closes every connection; idempotent. */
  close(): Promise<void>;
}

export const transportError = (code: TransportErrorCode, message: string): SendResult => ({
  ok: false,
  error: { code, message },
});

/**
 * Hands a message to the owner. A throwing handler is a bug above the transport; it is
 * reported as a fault instead of escaping into a socket event, where it would end the process.
 */
export function deliver(handlers: TransportHandlers, message: InboundMessage): void {
  try {
    handlers.onMessage(message);
  } catch (error) {
    handlers.onFault?.({
      protocol: message.source.protocol,
      kind: 'handler_failed',
      message: error instanceof Error ? error.message : String(error),
      remoteAddress: message.source.remoteAddress,
      remotePort: message.source.remotePort,
    });
  }
}
