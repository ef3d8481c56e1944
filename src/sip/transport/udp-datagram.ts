import { familyReaches, ipFamily, isValidPort, socketAddressIn, type IpFamily } from './ip-address.js';
import { transportError, type Destination, type SendResult } from './transport.js';

/**
 * What the UDP transports share (RFC 3261 §18): where a datagram's message starts, how a
 * destination is checked and spelled for the socket, and how a send's outcome reads.
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
export function literalLookup(
  address: string,
  _family: unknown,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  const found = ipFamily(address);
  if (found === undefined) callback(Object.assign(new Error(`not an IP literal: ${address}`), { code: 'EINVAL' }), address, 0);
  else callback(null, address, found);
}

/** The local side of a UDP socket, as far as sending is concerned. */
export interface UdpSocketFamily {
  /** The family of the bound address. */
  readonly family: IpFamily | undefined;
  /** Bound to `::`: also reaches IPv4, as mapped addresses. */
  readonly dualStack: boolean;
}

/** The family of a bound address, and whether it is the dual-stack wildcard. */
export const udpSocketFamily = (host: string): UdpSocketFamily => ({ family: ipFamily(host), dualStack: host === '::' });

/**
 * The address to hand the socket for `destination` (IPv4 mapped on a dual-stack socket), or, as
 * a failed send, the reason `data` cannot go there: not an IP literal this socket reaches, a bad port, too large.
 */
export function udpDestination(
  local: UdpSocketFamily,
  localHost: string,
  data: Uint8Array,
  destination: Destination,
): string | SendResult {
  const to = ipFamily(destination.host);
  if (to === undefined || !familyReaches(local.family, local.dualStack, to) || !isValidPort(destination.port)) {
    return transportError('invalid_destination', `UDP on ${localHost} cannot reach ${destination.host}:${destination.port}`);
  }
  const limit = MAX_DATAGRAM[to];
  if (data.length > limit) return transportError('message_too_large', `${data.length} bytes exceed the UDP limit of ${limit}`);
  return socketAddressIn(local.family, to, destination.host);
}

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
