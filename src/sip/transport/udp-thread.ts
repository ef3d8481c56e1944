import { parentPort, workerData } from 'node:worker_threads';
import { normalizeSocketAddress } from './ip-address.js';
import { createUdpSocket, messageStart } from './udp-datagram.js';
import { BACKLOG_BYTES, packDatagrams, type FromUdpThread, type SentBatch, type ToUdpThread, type UdpThreadSocket } from './udp-thread-messages.js';

/**
 * The I/O thread of a {@link ThreadedUdpTransport}: owns the UDP socket, receives, and sends
 * what the main thread hands it. What one turn of this thread's event loop received, and the
 * batches it sent (which sends failed), go to the main thread in one message at the turn's end.
 *
 * The datagrams handed over and not yet taken by the main thread are bounded as the socket's
 * receive buffer bounds them without this thread: beyond `maxBacklogBytes` waiting, what arrives
 * is dropped (and counted), so a stack that falls behind under overload sees a bounded queue, not
 * an ever longer one.
 */

const port = parentPort;
if (port === null) throw new Error('udp-thread runs as a worker thread of a ThreadedUdpTransport');
const post = (message: FromUdpThread, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer);

const socketOptions = workerData as UdpThreadSocket;
const socket = createUdpSocket(socketOptions);

let bound = false;
socket.on('error', (error) => {
  if (bound) {
    post({ kind: 'fault', message: error.message });
    return;
  }
  post({ kind: 'bind_failed', message: error.message });
  socket.close();
  port.close();
});
socket.bind({ address: socketOptions.host, port: socketOptions.port, exclusive: true }, () => {
  bound = true;
  const local = socket.address();
  post({
    kind: 'bound',
    host: normalizeSocketAddress(local.address),
    port: local.port,
    receiveBuffer: socket.getRecvBufferSize(),
    sendBuffer: socket.getSendBufferSize(),
  });
});

let datagrams: Uint8Array[] = [];
let ports: number[] = [];
let addresses: string[] = [];
let turnBytes = 0;
let sent: SentBatch[] = [];
let reporting = false;
const backlog = new Int32Array(socketOptions.backlog);
let dropped = 0;
let droppedReportedAt = 0;

/** Drops counted since the last report, reported at most once a second. */
function reportDrops(): void {
  const now = Date.now();
  if (dropped === 0 || now - droppedReportedAt < 1000) return;
  post({ kind: 'dropped', count: dropped, maxBacklogBytes: socketOptions.maxBacklogBytes });
  dropped = 0;
  droppedReportedAt = now;
}

/** What the turn received, and the batches sent since the last report, to the main thread. */
function report(): void {
  reporting = false;
  reportDrops();
  if (datagrams.length === 0 && sent.length === 0) return;
  let received;
  if (datagrams.length > 0) {
    const { bytes, lengths } = packDatagrams(datagrams);
    received = { bytes, lengths, ports, addresses };
    Atomics.add(backlog, BACKLOG_BYTES, bytes.byteLength);
    datagrams = [];
    ports = [];
    addresses = [];
    turnBytes = 0;
  }
  post({ kind: 'io', received, sent }, received === undefined ? undefined : [received.bytes]);
  sent = [];
}

function reportAtTurnEnd(): void {
  if (reporting) return;
  reporting = true;
  setImmediate(report);
}

socket.on('message', (datagram, remote) => {
  const start = messageStart(datagram);
  if (start < 0) return;
  const size = datagram.length - start;
  if (Atomics.load(backlog, BACKLOG_BYTES) + turnBytes + size > socketOptions.maxBacklogBytes) {
    dropped++;
    reportAtTurnEnd();
    return;
  }
  turnBytes += size;
  datagrams.push(start === 0 ? datagram : datagram.subarray(start));
  ports.push(remote.port);
  addresses.push(normalizeSocketAddress(remote.address));
  reportAtTurnEnd();
});

function send(batch: number, bytes: ArrayBuffer, lengths: readonly number[], ports: readonly number[], addresses: readonly string[]): void {
  const failures: [number, string][] = [];
  let waiting = lengths.length;
  const done = (index: number) => (error: Error | null) => {
    if (error) failures.push([index, error.message]);
    if (--waiting > 0) return;
    sent.push({ batch, failures });
    reportAtTurnEnd();
  };
  let offset = 0;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i] ?? 0;
    const sendDone = done(i);
    try {
      socket.send(new Uint8Array(bytes, offset, length), ports[i] ?? 0, addresses[i] ?? '', sendDone);
    } catch (error) {
      // dgram throws rather than calls back for what it refuses outright (a bad port, a closed socket)
      sendDone(error instanceof Error ? error : new Error(String(error)));
    }
    offset += length;
  }
}

port.on('message', (message: ToUdpThread) => {
  if (message.kind === 'send') {
    send(message.batch, message.bytes, message.lengths, message.ports, message.addresses);
    return;
  }
  report();
  socket.close(() => {
    report();
    post({ kind: 'closed' });
    port.close();
  });
});
