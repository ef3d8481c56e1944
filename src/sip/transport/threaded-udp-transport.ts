import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../module-thread.js';
import { deliver, transportError, type Destination, type SendResult, type Transport, type TransportAddress } from './transport.js';
import { SENT, sendFailure, TurnOutbox, udpBindFamily, udpSource, type QueuedDatagram } from './udp-datagram.js';
import { BACKLOG_BYTES, packDatagrams, type DatagramBatch, type FromUdpThread, type SentBatch, type ToUdpThread, type UdpThreadSocket } from './udp-thread-messages.js';
import type { UdpTransportOptions } from './udp-transport.js';

/** The I/O thread (`udp-thread`), with the socket to open. */
export function startUdpThread(socket: UdpThreadSocket): Worker {
  return startModuleThread(import.meta.url, './udp-thread', socket);
}

export interface ThreadedUdpTransportOptions extends UdpTransportOptions {
  /**
   * Bytes received and not yet taken by the stack beyond which the I/O thread drops what
   * arrives; by default `recvBufferSize`, or {@link DEFAULT_MAX_BACKLOG_BYTES} without it.
   */
  readonly maxBacklogBytes?: number;
}

/** The backlog's bound when neither it nor a receive buffer size is given. */
export const DEFAULT_MAX_BACKLOG_BYTES = 1 << 20;

/**
 * SIP over UDP (RFC 3261 §18) with the socket on a thread of its own: the kernel's work of
 * receiving and sending datagrams (on loopback the sender also pays for delivering to the peer
 * and waking it) is done there, and the main thread, which runs the SIP stack, pays for one
 * message between the threads per batch instead.
 *
 * The contract is {@link UdpTransport}'s: what one turn of the main thread's event loop sends
 * goes out together, in order, at the turn's end; a send's promise tells whether the socket
 * took it; `close` sends what is queued first.
 */
export class ThreadedUdpTransport implements Transport {
  readonly protocol = 'udp' as const;
  readonly reliable = false;
  private closing: Promise<void> | undefined;
  /** The I/O thread has ended: nothing more can be sent. */
  private ended = false;
  private readonly outbox: TurnOutbox;
  private readonly inFlight = new Map<number, readonly QueuedDatagram[]>();
  private nextBatch = 0;
  private readonly closed: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly local: TransportAddress,
    readonly bufferSizes: { readonly receive: number; readonly send: number },
    private readonly handlers: UdpTransportOptions,
    /** See {@link BACKLOG_BYTES}. */
    private readonly backlog: Int32Array,
  ) {
    this.outbox = new TurnOutbox(local, (datagrams) => this.handOver(datagrams));
    this.closed = new Promise((resolve) => {
      worker.on('message', (message: FromUdpThread) => {
        if (message.kind === 'closed') resolve();
        else this.onThreadMessage(message);
      });
      worker.once('exit', (code) => {
        this.ended = true;
        if (!this.closing) handlers.onFault?.({ protocol: 'udp', kind: 'socket_error', message: `the UDP thread ended (exit code ${code})` });
        this.settleInFlight();
        resolve();
      });
    });
    worker.on('error', (error) => handlers.onFault?.({ protocol: 'udp', kind: 'socket_error', message: error.message }));
  }

  /** Starts the I/O thread and binds its socket; rejects if the address cannot be bound. */
  static async listen(options: ThreadedUdpTransportOptions): Promise<ThreadedUdpTransport> {
    udpBindFamily(options.host);
    const backlog = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const worker = startUdpThread({
      backlog,
      maxBacklogBytes: options.maxBacklogBytes ?? options.recvBufferSize ?? DEFAULT_MAX_BACKLOG_BYTES,
      host: options.host,
      port: options.port,
      ...(options.ipv6Only === undefined ? {} : { ipv6Only: options.ipv6Only }),
      ...(options.recvBufferSize === undefined ? {} : { recvBufferSize: options.recvBufferSize }),
      ...(options.sendBufferSize === undefined ? {} : { sendBufferSize: options.sendBufferSize }),
    });
    const bound = await new Promise<Extract<FromUdpThread, { kind: 'bound' }>>((resolve, reject) => {
      const fail = (error: Error): void => {
        void worker.terminate();
        reject(error);
      };
      worker.once('error', fail);
      worker.once('exit', (code) => fail(new Error(`the UDP thread ended (exit code ${code}) before its socket was bound`)));
      worker.once('message', (message: FromUdpThread) => {
        worker.off('error', fail);
        worker.removeAllListeners('exit');
        if (message.kind === 'bound') resolve(message);
        else fail(new Error(message.kind === 'bind_failed' ? message.message : `unexpected ${message.kind} from the UDP thread`));
      });
    });
    return new ThreadedUdpTransport(
      worker,
      { host: bound.host, port: bound.port },
      { receive: bound.receiveBuffer, send: bound.sendBuffer },
      options,
      new Int32Array(backlog),
    );
  }

  send(data: Buffer, destination: Destination): Promise<SendResult> {
    if (this.closing || this.ended) return Promise.resolve(transportError('transport_closed', 'the UDP transport is closed'));
    return this.outbox.add(data, destination);
  }

  /** Sends what was queued, then closes the socket and ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.outbox.flush();
      this.post({ kind: 'close' });
      await this.closed;
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private post(message: ToUdpThread, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }

  /** Hands the turn's datagrams to the I/O thread as one batch. */
  private handOver(datagrams: readonly QueuedDatagram[]): void {
    const batch = this.nextBatch++;
    this.inFlight.set(batch, datagrams);
    const { bytes, lengths } = packDatagrams(datagrams.map((datagram) => datagram.data));
    const ports = datagrams.map((datagram) => datagram.port);
    const addresses = datagrams.map((datagram) => datagram.address);
    this.post({ kind: 'send', batch, bytes, lengths, ports, addresses }, [bytes]);
  }

  private onThreadMessage(message: FromUdpThread): void {
    switch (message.kind) {
      case 'io':
        for (const { batch, failures } of message.sent) this.confirm(batch, failures);
        if (message.received) this.receive(message.received);
        return;
      case 'dropped':
        this.handlers.onFault?.({
          protocol: 'udp',
          kind: 'datagrams_dropped',
          message: `${message.count} datagrams dropped: more than ${message.maxBacklogBytes} bytes were waiting for the SIP stack`,
        });
        return;
      case 'fault':
        this.handlers.onFault?.({ protocol: 'udp', kind: 'socket_error', message: message.message });
        return;
      default:
        return;
    }
  }

  private confirm(batch: number, failures: SentBatch['failures']): void {
    const sent = this.inFlight.get(batch) ?? [];
    this.inFlight.delete(batch);
    if (failures.length === 0) {
      for (const datagram of sent) datagram.resolve(SENT);
      return;
    }
    const failed = new Map(failures);
    sent.forEach((datagram, index) => {
      const failure = failed.get(index);
      datagram.resolve(failure === undefined ? SENT : sendFailure(failure));
    });
  }

  private receive({ bytes, lengths, ports, addresses }: DatagramBatch): void {
    let offset = 0;
    for (let i = 0; i < lengths.length; i++) {
      const length = lengths[i] ?? 0;
      deliver(this.handlers, {
        data: Buffer.from(bytes, offset, length),
        source: udpSource(this.local, addresses[i] ?? '', ports[i] ?? 0),
      });
      offset += length;
    }
    Atomics.sub(this.backlog, BACKLOG_BYTES, bytes.byteLength);
  }

  /** Sends the thread did not confirm before it ended. */
  private settleInFlight(): void {
    for (const sent of this.inFlight.values()) {
      for (const datagram of sent) datagram.resolve(transportError('transport_closed', 'the UDP thread ended before it confirmed the send'));
    }
    this.inFlight.clear();
    for (const datagram of this.outbox.takeBack()) {
      datagram.resolve(transportError('transport_closed', 'the UDP thread ended before the send'));
    }
  }
}
