import type { RemoteInfo, Socket } from 'node:dgram';
import { normalizeSocketAddress } from './ip-address.js';
import { deliver, transportError, type Destination, type SendResult, type Transport, type TransportAddress, type TransportHandlers } from './transport.js';
import { createUdpSocket, messageStart, SENT, sendFailure, TurnOutbox, udpSource, type QueuedDatagram, type UdpSocketOptions } from './udp-datagram.js';

export interface UdpTransportOptions extends TransportHandlers, UdpSocketOptions {
  /** 0 binds an ephemeral port. */
  readonly port: number;
}

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
  private readonly outbox: TurnOutbox;

  private constructor(
    private readonly socket: Socket,
    readonly local: TransportAddress,
    private readonly handlers: TransportHandlers,
  ) {
    this.outbox = new TurnOutbox(local, (datagrams) => this.handOver(datagrams));
    socket.on('message', (datagram, remote) => this.receive(datagram, remote));
    socket.on('error', (error) => handlers.onFault?.({ protocol: 'udp', kind: 'socket_error', message: error.message }));
  }

  /** Binds the socket; rejects if the address cannot be bound (a configuration error). */
  static async listen(options: UdpTransportOptions): Promise<UdpTransport> {
    const socket = createUdpSocket(options);
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
    return this.outbox.add(data, destination);
  }

  /** Sends what was queued before closing: the last BYE of a shutdown still goes out. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      this.outbox.flush();
      this.socket.close(() => resolve());
    });
    return this.closing;
  }

  /** Hands the turn's datagrams to the kernel. */
  private handOver(datagrams: readonly QueuedDatagram[]): void {
    for (const { data, port, address, resolve } of datagrams) {
      this.socket.send(data, port, address, (error) => resolve(error ? sendFailure(error.message) : SENT));
    }
  }

  private receive(datagram: Buffer, remote: RemoteInfo): void {
    const start = messageStart(datagram);
    if (start < 0) return;
    deliver(this.handlers, {
      data: start === 0 ? datagram : datagram.subarray(start),
      source: udpSource(this.local, normalizeSocketAddress(remote.address), remote.port),
    });
  }
}
