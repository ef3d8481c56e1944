import type { Server, Socket } from 'node:net';
import type { Clock } from '../clock.js';
import { ConnectionPool, type DialOutcome } from './connection-pool.js';
import {
  canReach,
  canonicalIp,
  formatHostPort,
  ipFamily,
  isValidPort,
  isWildcard,
  normalizeSocketAddress,
  socketAddressFor,
} from './ip-address.js';
import { StreamConnection, type StreamConnectionLimits } from './stream-connection.js';
import { defaultFramerLimits } from './stream-framer.js';
import {
  transportError,
  type Destination,
  type SendResult,
  type Transport,
  type TransportAddress,
  type TransportHandlers,
} from './transport.js';

export interface StreamTransportOptions extends TransportHandlers {
  /** IP literal to listen on: a specific address, `0.0.0.0`, or `::` (dual-stack unless `ipv6Only`). */
  readonly host: string;
  /** 0 listens on an ephemeral port. */
  readonly port: number;
  /** Drives the idle, incomplete-message and connect timers. */
  readonly clock: Clock;
  readonly ipv6Only?: boolean;
  /** Inbound plus outbound connections, including those being opened. Default 1024. */
  readonly maxConnections?: number;
  /** Default 600 000 ms: a connection with no traffic for 10 minutes is closed. */
  readonly idleTimeoutMs?: number;
  /** Default 20 000 ms for a begun message to arrive in full. */
  readonly incompleteMessageTimeoutMs?: number;
  /** Default 10 000 ms to open an outbound connection (including the TLS handshake). */
  readonly connectTimeoutMs?: number;
  /** Default 65 535 bytes. */
  readonly maxMessageSize?: number;
  /** Default 32 768 bytes. */
  readonly maxHeaderSize?: number;
  /** Default 256 KiB queued (beyond the kernel buffer) towards one peer before its connection is given up. */
  readonly maxWriteBacklog?: number;
}

export interface OutboundSocketRequest {
  /** The address in the form the socket takes (IPv4 mapped for a dual-stack listener). */
  readonly host: string;
  readonly port: number;
  /** Set when the transport listens on a specific address, so connections leave from it. */
  readonly localAddress?: string;
  readonly serverName?: string;
}

/** What TCP and TLS differ in: how the server hands over sockets and how sockets are opened. */
export interface StreamSocketFactory {
  readonly protocol: 'tcp' | 'tls';
  /** Created but not yet listening. */
  readonly server: Server;
  /** The server event carrying a socket ready for SIP. */
  readonly acceptEvent: 'connection' | 'secureConnection';
  /** Starts an outbound connection; `readyEvent` fires on the socket once it can carry SIP. */
  connect(request: OutboundSocketRequest): { readonly socket: Socket; readonly readyEvent: 'connect' | 'secureConnect' };
}

const DEFAULTS = {
  maxConnections: 1024,
  idleTimeoutMs: 600_000,
  incompleteMessageTimeoutMs: 20_000,
  connectTimeoutMs: 10_000,
  maxWriteBacklog: 262_144,
} as const;

/** Binds `server` and reports the address it listens on. */
export async function listenOn(server: Server, options: StreamTransportOptions): Promise<TransportAddress> {
  if (ipFamily(options.host) === undefined) throw new Error(`a stream transport needs an IP literal to listen on, got "${options.host}"`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port, ipv6Only: options.ipv6Only ?? false, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('a stream transport must listen on an IP address');
  return { host: normalizeSocketAddress(bound.address), port: bound.port };
}

/**
 * SIP over a byte stream (RFC 3261 §18, connection reuse as in §18.2.2 and RFC 5923's spirit):
 * reliable, framed by Content-Length, one pool of inbound and outbound connections.
 */
export class StreamTransport implements Transport {
  readonly protocol: 'tcp' | 'tls';
  readonly reliable = true;
  private readonly pool: ConnectionPool;
  private readonly limits: StreamConnectionLimits;
  private readonly dialling = new Set<Socket>();
  /** Every inbound socket from its first byte on, including TLS sockets still in their handshake. */
  private readonly inbound = new Set<Socket>();
  private nextConnection = 0;
  private closing: Promise<void> | undefined;

  protected constructor(
    private readonly sockets: StreamSocketFactory,
    readonly local: TransportAddress,
    private readonly options: StreamTransportOptions,
  ) {
    this.protocol = sockets.protocol;
    const maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
    this.pool = new ConnectionPool(maxConnections);
    this.limits = {
      maxMessageSize: options.maxMessageSize ?? defaultFramerLimits.maxMessageSize,
      maxHeaderSize: options.maxHeaderSize ?? defaultFramerLimits.maxHeaderSize,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
      incompleteMessageTimeoutMs: options.incompleteMessageTimeoutMs ?? DEFAULTS.incompleteMessageTimeoutMs,
      maxWriteBacklog: options.maxWriteBacklog ?? DEFAULTS.maxWriteBacklog,
    };
    sockets.server.maxConnections = maxConnections;
    sockets.server.on('connection', (socket: Socket) => {
      this.inbound.add(socket);
      socket.once('close', () => this.inbound.delete(socket));
    });
    sockets.server.on(sockets.acceptEvent, (socket: Socket) => this.accept(socket));
    sockets.server.on('error', (error) => options.onFault?.({ protocol: this.protocol, kind: 'socket_error', message: error.message }));
    // The server refuses sockets past the limit itself (counting TLS handshakes in progress too).
    sockets.server.on('drop', (dropped) => this.rejected('the connection limit is reached', dropped?.remoteAddress, dropped?.remotePort));
  }

  /** Open connections plus those being opened. */
  get connectionCount(): number {
    return this.pool.size;
  }

  async send(data: Buffer, destination: Destination): Promise<SendResult> {
    if (this.closing) return transportError('transport_closed', `the ${this.protocol} transport is closed`);
    const current = destination.connectionId === undefined ? undefined : this.pool.get(destination.connectionId);
    if (current) return current.write(data);
    if (!canReach(this.local.host, destination.host) || !isValidPort(destination.port)) {
      return transportError('invalid_destination', `${this.protocol} on ${this.local.host} cannot reach ${destination.host}:${destination.port}`);
    }
    const remote = { host: canonicalIp(destination.host) ?? destination.host, port: destination.port };
    const outcome = await this.pool.acquire(remote, () => this.dial(remote, destination.serverName));
    return outcome instanceof StreamConnection ? outcome.write(data) : { ok: false, error: outcome };
  }

  /** Closes one connection, e.g. after answering a request that broke framing rules. */
  closeConnection(connectionId: string): void {
    this.pool.get(connectionId)?.close('local_close');
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.sockets.server.close(() => resolve());
      for (const socket of this.dialling) socket.destroy();
      this.pool.closeAll('local_close');
      for (const socket of this.inbound) socket.destroy();
    });
    return this.closing;
  }

  private accept(socket: Socket): void {
    const remote = { host: normalizeSocketAddress(socket.remoteAddress), port: socket.remotePort ?? 0 };
    if (this.closing || !this.pool.hasRoom || remote.port === 0) {
      socket.on('error', () => undefined);
      socket.destroy();
      this.rejected(this.closing ? 'the transport is closing' : 'the connection limit is reached', remote.host, remote.port);
      return;
    }
    this.pool.add(this.wrap(socket, remote));
  }

  private rejected(message: string, remoteAddress: string | undefined, remotePort: number | undefined): void {
    this.options.onFault?.({
      protocol: this.protocol,
      kind: 'connection_rejected',
      message,
      ...(remoteAddress === undefined ? {} : { remoteAddress: normalizeSocketAddress(remoteAddress) }),
      ...(remotePort === undefined ? {} : { remotePort }),
    });
  }

  private wrap(socket: Socket, remote: TransportAddress): StreamConnection {
    return new StreamConnection({
      id: `${this.protocol}:${formatHostPort(this.local.host, this.local.port)}#${++this.nextConnection}`,
      protocol: this.protocol,
      socket,
      remote,
      local: this.local,
      clock: this.options.clock,
      limits: this.limits,
      handlers: this.options,
      onClosed: (connection) => this.pool.remove(connection),
    });
  }

  /** Opens a connection; every failure, including the timeout, becomes a value. */
  private dial(remote: TransportAddress, serverName: string | undefined): Promise<DialOutcome> {
    return new Promise((resolve) => {
      const { socket, readyEvent } = this.sockets.connect({
        host: socketAddressFor(this.local.host, remote.host),
        port: remote.port,
        ...(isWildcard(this.local.host) ? {} : { localAddress: this.local.host }),
        ...(serverName === undefined ? {} : { serverName }),
      });
      this.dialling.add(socket);
      const target = formatHostPort(remote.host, remote.port);
      let settled = false;
      const settle = (outcome: DialOutcome): void => {
        if (settled) return;
        settled = true;
        timer.cancel();
        this.dialling.delete(socket);
        socket.off('close', onClose);
        resolve(outcome);
      };
      const fail = (code: 'connect_failed' | 'connect_timeout', detail: string): void => {
        socket.destroy();
        settle({ code, message: `${this.protocol} connection to ${target}: ${detail}` });
      };
      // Stays attached after a failure: a destroyed socket must never raise an unhandled error.
      const onError = (error: Error): void => fail('connect_failed', error.message);
      const onClose = (): void => fail('connect_failed', 'closed before it was established');
      const timer = this.options.clock.setTimer(this.options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs, () =>
        fail('connect_timeout', 'timed out'),
      );
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.once(readyEvent, () => {
        if (this.closing) return fail('connect_failed', 'the transport is closing');
        const connection = this.wrap(socket, remote);
        socket.off('error', onError);
        settle(connection);
      });
    });
  }
}
