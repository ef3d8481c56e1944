import type { UdpSocketOptions } from './udp-datagram.js';

/**
 * What the main thread and the UDP I/O thread of a {@link ThreadedUdpTransport} say to each
 * other. Datagrams cross in batches, their bytes packed into one transferred ArrayBuffer.
 */

/** The socket to open, as the I/O thread's `workerData`. */
export interface UdpThreadSocket extends UdpSocketOptions {
  readonly port: number;
  /**
   * {@link BACKLOG_BYTES}: the bytes received and handed to the main thread that it has not yet
   * taken. The I/O thread adds, the main thread subtracts.
   */
  readonly backlog: SharedArrayBuffer;
  /** Beyond this many bytes waiting for the main thread, the I/O thread drops what it receives. */
  readonly maxBacklogBytes: number;
}

/** Index of the backlog's byte count in `new Int32Array(backlog)`. */
export const BACKLOG_BYTES = 0;

/** Datagrams packed back to back: datagram i is `lengths[i]` bytes after the ones before it. */
export interface DatagramBatch {
  readonly bytes: ArrayBuffer;
  readonly lengths: readonly number[];
  readonly ports: readonly number[];
  /** Remote IP literals as the stack writes them (IPv4-mapped shown as IPv4) when received; as the socket takes them when sent. */
  readonly addresses: readonly string[];
}

export type ToUdpThread =
  /** Send these, in order; answer with `sent` and the same `batch`. */
  | ({ readonly kind: 'send'; readonly batch: number } & DatagramBatch)
  /** Close the socket once what came before is sent; answer with `closed`. */
  | { readonly kind: 'close' };

/** A batch to send that the socket has taken: the sends that failed, by index, with the socket's error. */
export interface SentBatch {
  readonly batch: number;
  readonly failures: readonly (readonly [number, string])[];
}

export type FromUdpThread =
  | { readonly kind: 'bound'; readonly host: string; readonly port: number; readonly receiveBuffer: number; readonly sendBuffer: number }
  | { readonly kind: 'bind_failed'; readonly message: string }
  /**
   * One turn of the I/O thread: the datagrams received (CRLF keep-alives dropped, leading CRLFs
   * cut), and the batches sent, in the order they came.
   */
  | { readonly kind: 'io'; readonly received: DatagramBatch | undefined; readonly sent: readonly SentBatch[] }
  | { readonly kind: 'fault'; readonly message: string }
  /** Datagrams dropped since the last such report (at most one a second) because the backlog was full. */
  | { readonly kind: 'dropped'; readonly count: number; readonly maxBacklogBytes: number }
  | { readonly kind: 'closed' };

/** Packs `datagrams` into one fresh buffer (transferable: not a slice of Node's pool). */
export function packDatagrams(datagrams: readonly Uint8Array[]): { readonly bytes: ArrayBuffer; readonly lengths: number[] } {
  let total = 0;
  for (const datagram of datagrams) total += datagram.length;
  const packed = new Uint8Array(new ArrayBuffer(total));
  const lengths: number[] = [];
  let offset = 0;
  for (const datagram of datagrams) {
    packed.set(datagram, offset);
    offset += datagram.length;
    lengths.push(datagram.length);
  }
  return { bytes: packed.buffer, lengths };
}
