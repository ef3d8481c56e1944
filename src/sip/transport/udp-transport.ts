import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { familyReaches, ipFamily, isValidPort, normalizeSocketAddress, socketAddressIn, type IpFamily } from './ip-address.js';
import {
  deliver,
  transportError,
  type Destination,
  type SendResult,
  type Transport,
  type TransportAddress,
  type TransportHandlers,
} from './transport.js';

export interface UdpTransportOptions extends TransportHandlers {
  /** IP literal to bind: a specific address, `0.0.0.0`, or `::` (dual-stack unless `ipv6Only`). */
  readonly host: string;
  /** 0 binds an ephemeral port. */
  readonly port: number;
  /** SO_RCVBUF in bytes; a busy server needs more than the kernel default to avoid drops. */
  readonly recvBufferSize?: number;
  readonly sendBufferSize?: number;
  readonly ipv6Only?: boolean;
}

/** Largest UDP payload per IP family (65535 minus the IP and UDP headers). */
const MAX_DATAGRAM: Readonly<Record<4 | 6, number>> = { 4: 65_507, 6: 65_527 };

const CR = 0x0d;
const LF = 0x0a;

/**
 * The first byte of the message, skipping the CRLFs a peer may send before the start-line or
 * alone as a keep-alive (RFC 3261 §7.5, RFC 5626 §3.5.1); -1 when there is nothing else.
 */
function messageStart(datagram: Buffer): number {
  for (let i = 0; i < datagram.length; i++) {
    const byte = datagram[i];
    if (byte !== CR && byte !== LF) return i;
  }
  return -1;
}

/**
 * The socket's name lookup: transports are handed IP literals only (`send` checks first), so the
 * address is its own answer, given at once. Node's default lookup (`dns.lookup`) answers an IP
 * literal on the next tick, which put every datagram sent behind a tick of its own.
 */
function literalLookup(address: string, _family: unknown, callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const found = ipFamily(address);
  if (found === undefined) callback(Object.assign(new Error(`not an IP literal: ${address}`), { code: 'EINVAL' }), address, 0);
  else callback(null, address, found);
}

/** A datagram waiting for the end of the event loop's turn. */
interface QueuedDatagram {
  readonly data: Buffer;
  readonly port: number;
  readonly address: string;
  readonly resolve: (result: SendResult) => void;
}

const SENT: SendResult = { ok: true };

/** What `dgram`'s send callback reported, as a value. */
const sendResult = (error: Error | null): SendResult =>
  error ? transportError(error.message.includes('EMSGSIZE') ? 'message_too_large' : 'send_failed', error.message) : SENT;

/**
 * SIP over UDP (RFC 3261 §18): one datagram carries one message; unreliable.
 *
 * What is sent during one turn of the event loop (the datagrams read in one go, a timer's
 * retransmissions) is handed to the kernel together, in order, at the end of that turn
 * (`setImmediate`), not one at a time in between: a peer on the same host (a proxy or SBC in
 * front, a test tool) is then woken once for the burst rather than once per datagram, and the
 * kernel's work of waking it, which the sender pays on loopback, is paid once. The delay is the
 * rest of the turn, microseconds; nothing waits for a later turn or a timer.
 */
export class UdpTransport implements Transport {
  readonly protocol = 'udp' as const;
  readonly reliable = false;
  private closing: Promise<void> | undefined;
  private queued: QueuedDatagram[] = [];
  /** The family of the bound address; a socket bound to `::` also reaches IPv4 (as mapped addresses). */
  private readonly family: IpFamily | undefined;
  private readonly dualStack: boolean;

  private constructor(
    private readonly socket: Socket,
    readonly local: TransportAddress,
    private readonly handlers: TransportHandlers,
  ) {
    this.family = ipFamily(local.host);
    this.dualStack = local.host === '::';
    socket.on('message', (datagram, remote) => this.receive(datagram, remote));
    socket.on('error', (error) => handlers.onFault?.({ protocol: 'udp', kind: 'socket_error', message: error.message }));
  }

  /** Binds the socket; rejects if the address cannot be bound (a configuration error). */
  static async listen(options: UdpTransportOptions): Promise<UdpTransport> {
    const family = ipFamily(options.host);
    if (family === undefined) throw new Error(`UDP transport needs an IP literal to bind, got "${options.host}"`);
    const socket = createSocket({
      type: family === 6 ? 'udp6' : 'udp4',
      ipv6Only: options.ipv6Only ?? false,
      lookup: literalLookup,
      ...(options.recvBufferSize === undefined ? {} : { recvBufferSize: options.recvBufferSize }),
      ...(options.sendBufferSize === undefined ? {} : { sendBufferSize: options.sendBufferSize }),
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: options.host, port: options.port, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const bound = socket.address();
    return new UdpTransport(socket, { host: normalizeSocketAddress(bound.address), port: bound.port }, options);
  }

  /** The kernel's socket buffer sizes in bytes (Linux reports double the requested value). */
  get bufferSizes(): { readonly receive: number; readonly send: number } {
    return { receive: this.socket.getRecvBufferSize(), send: this.socket.getSendBufferSize() };
  }

  send(data: Buffer, destination: Destination): Promise<SendResult> {
    if (this.closing) return Promise.resolve(transportError('transport_closed', 'the UDP transport is closed'));
    const to = ipFamily(destination.host);
    if (to === undefined || !familyReaches(this.family, this.dualStack, to) || !isValidPort(destination.port)) {
      return Promise.resolve(
        transportError('invalid_destination', `UDP on ${this.local.host} cannot reach ${destination.host}:${destination.port}`),
      );
    }
    const limit = MAX_DATAGRAM[to];
    if (data.length > limit) {
      return Promise.resolve(transportError('message_too_large', `${data.length} bytes exceed the UDP limit of ${limit}`));
    }
    const address = socketAddressIn(this.family, to, destination.host);
    return new Promise((resolve) => {
      if (this.queued.push({ data, port: destination.port, address, resolve }) === 1) setImmediate(this.flush);
    });
  }

  /** Sends what was queued before closing: the last BYE of a shutdown still goes out. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.flush();
      this.socket.close(() => resolve());
    });
    return this.closing;
  }

  /** Hands the turn's datagrams to the kernel (a send that can go at once goes before `send` returns here). */
  private readonly flush = (): void => {
    const { queued } = this;
    if (queued.length === 0) return;
    this.queued = [];
    for (const { data, port, address, resolve } of queued) {
      this.socket.send(data, port, address, (error) => resolve(sendResult(error)));
    }
  };

  private receive(datagram: Buffer, remote: RemoteInfo): void {
    const start = messageStart(datagram);
    if (start < 0) return;
    deliver(this.handlers, {
      data: start === 0 ? datagram : datagram.subarray(start),
      source: {
        protocol: 'udp',
        remoteAddress: normalizeSocketAddress(remote.address),
        remotePort: remote.port,
        localAddress: this.local.host,
        localPort: this.local.port,
      },
    });
  }
}
