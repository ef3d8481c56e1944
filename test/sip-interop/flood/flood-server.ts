/**
 * The server under the flood, in a process of its own started with `--expose-gc`, so that its
 * heap can be measured after full collections without the test's own allocations in it. It
 * reports over the IPC channel and measures on request.
 */
import { SipTestServer } from '../../support/sip-test-server.js';
import type { StackEvent } from '../../../src/sip/index.js';
import type { FromServer, ToServer } from './flood-protocol.js';

const send = (message: FromServer): void => {
  if (!process.send) throw new Error('the flood server runs as a child process with an IPC channel');
  process.send(message);
};

const events: Record<string, number> = {};
const count = (event: StackEvent): void => {
  const key = event.kind === 'rejected' || event.kind === 'dropped' ? `${event.kind}:${event.cause}` : event.kind;
  events[key] = (events[key] ?? 0) + 1;
};

const server = await SipTestServer.start({
  // short timers, so that every transaction ends within seconds of the flood (64·T1 = 3.2 s)
  timers: { t1: 50, t2: 400, t4: 500 },
  // admission is not under test here: the flood must never make the server refuse OPTIONS
  admission: { maxServerTransactions: 100_000, maxMessagesPerSecond: 10_000_000 },
  recvBufferSize: 4 * 1024 * 1024,
  onEvent: count,
});

async function measure(): Promise<FromServer> {
  const collect = globalThis.gc;
  if (!collect) throw new Error('start the flood server with --expose-gc');
  for (let i = 0; i < 4; i++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { type: 'measurement', heapUsed: process.memoryUsage().heapUsed, stats: server.stack.stats, counts: { ...server.counts }, events: { ...events } };
}

process.on('message', (message: ToServer) => {
  if (message.type === 'measure') void measure().then(send);
  else void server.stop().then(() => process.disconnect());
});

send({ type: 'ready', udp: server.address('udp'), tcp: server.address('tcp') });
