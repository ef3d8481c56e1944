import { createSocket, type Socket } from 'node:dgram';
import { familyReaches, ipFamily, isValidPort, socketAddressIn, type IpFamily } from './ip-address.js';
import { transportError, type Destination, type MessageSource, type SendResult, type TransportAddress } from './transport.js';

/**
 * What the UDP transports share (RFC 3261 §18): the socket they open, where a datagram's
 * message starts and whom it came from, the turn's queue of datagrams to send (each destination
 * checked and spelled for the socket), and how a send's outcome reads.
 */

/** Largest UDP payload per IP family (65535 minus the IP and UDP headers). */
const MAX_DATAGRAM: Readonly<Record<4 | 6, number>> = { 4: 65_507, 6: 65_527 };

const CR = 0x0d;
const LF = 0x0a;

/**
 * The first byte of the message, skipping the CRLFs a peer may send before the start-line or
 * alone as a keep-alive (RFC 3261 §7.5, RFC 5626 §3.5.1); -1 when there is nothing else.
 */
export function messageStart(datagram: Uint8Array): number {
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
function literalLookup(
  address: string,
  _family: unknown,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const found = ipFamily(address);
  if (found === undefined) callback(Object.assign(new Error(`not an IP literal: ${address}`), { code: 'EINVAL' }), address, 0);
  else callback(null, address, found);
}

/** What a UDP socket is opened with. */
export interface UdpSocketOptions {
  /** IP literal to bind: a specific address, `0.0.0.0`, or `::` (dual-stack unless `ipv6Only`). */
  readonly host: string;
  /** SO_RCVBUF in bytes; a busy server needs more than the kernel default to avoid drops. */
  readonly recvBufferSize?: number;
  readonly sendBufferSize?: number;
  readonly ipv6Only?: boolean;
}

/** The family of the address a UDP transport binds; throws when `host` is not an IP literal (a configuration error). */
export function udpBindFamily(host: string): IpFamily {
  const family = ipFamily(host);
  if (family === undefined) throw new Error(`UDP transport needs an IP literal to bind, got "${host}"`);
  return family;
}

/** An unbound socket of `host`'s family that never resolves names; throws when `host` is not an IP literal. */
export function createUdpSocket(options: UdpSocketOptions): Socket {
  return createSocket({
    type: udpBindFamily(options.host) === 6 ? 'udp6' : 'udp4',
    ipv6Only: options.ipv6Only ?? false,
    lookup: literalLookup,
    ...(options.recvBufferSize === undefined ? {} : { recvBufferSize: options.recvBufferSize }),
    ...(options.sendBufferSize === undefined ? {} : { sendBufferSize: options.sendBufferSize }),
  });
}

/** Where a datagram received on `local` came from, as the stack sees it. */
export const udpSource = (local: TransportAddress, remoteAddress: string, remotePort: number): MessageSource => ({
  protocol: 'udp',
  remoteAddress,
  remotePort,
  localAddress: local.host,
  localPort: local.port,
});

/** A datagram waiting for the end of the event loop's turn. */
export interface QueuedDatagram {
  readonly data: Buffer;
  readonly port: number;
  readonly address: string;
  readonly resolve: (result: SendResult) => void;
}

export const SENT: SendResult = { ok: true };

/** A failed send's message, as a value. */
export const sendFailure = (message: string): SendResult =>
  transportError(message.includes('EMSGSIZE') ? 'message_too_large' : 'send_failed', message);

/**
 * What one turn of the event loop sends over a UDP socket bound to `local`: each datagram
 * checked (an IP literal the socket reaches, a valid port, within the UDP limit; otherwise a
 * failed send at once), queued, and the turn's queue handed over together, in order, at the
 * turn's end (`setImmediate`).
 */
export class TurnOutbox {
  private queued: QueuedDatagram[] = [];
  /** The family of the bound address. */
  private readonly family: IpFamily | undefined;
  /** Bound to `::`: also reaches IPv4, as mapped addresses. */
  private readonly dualStack: boolean;

  constructor(
    private readonly local: TransportAddress,
    /** Sends the turn's datagrams, and resolves each one's promise with its outcome. */
    private readonly handOver: (datagrams: QueuedDatagram[]) => void,
  ) {
    this.family = ipFamily(local.host);
    this.dualStack = local.host === '::';
  }

  add(data: Buffer, destination: Destination): Promise<SendResult> {
    const to = ipFamily(destination.host);
    if (to === undefined || !familyReaches(this.family, this.dualStack, to) || !isValidPort(destination.port)) {
      return Promise.resolve(transportError('invalid_destination', `UDP on ${this.local.host} cannot reach ${destination.host}:${destination.port}`));
    }
    const limit = MAX_DATAGRAM[to];
    if (data.length > limit) return Promise.resolve(transportError('message_too_large', `${data.length} bytes exceed the UDP limit of ${limit}`));
    const address = socketAddressIn(this.family, to, destination.host);
    return new Promise((resolve) => {
      if (this.queued.push({ data, port: destination.port, address, resolve }) === 1) setImmediate(this.flush);
    });
  }

  /** Hands over what is queued now, not at the turn's end (a close sends what is queued first). */
  readonly flush = (): void => {
    const { queued } = this;
    if (queued.length === 0) return;
    this.queued = [];
    this.handOver(queued);
  };

  /** What is queued, taken back without being handed over (the socket is gone). */
  takeBack(): QueuedDatagram[] {
    return this.queued.splice(0);
  }
}
