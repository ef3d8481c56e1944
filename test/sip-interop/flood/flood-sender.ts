/** Sends hostile payloads at a server on loopback: datagrams over UDP, and over TCP a batch per connection. */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { TransportAddress } from '../../../src/sip/index.js';

/** Every payload as one datagram; yields to the event loop every `burst` datagrams so probes keep running. */
export async function floodUdp(target: TransportAddress, payloads: readonly Buffer[], burst = 50): Promise<void> {
  const socket = createSocket('udp4');
  try {
    for (let i = 0; i < payloads.length; i++) {
      await new Promise<void>((resolve) => socket.send(payloads[i] as Buffer, target.port, target.host, () => resolve()));
      if (i % burst === burst - 1) await yieldToEventLoop();
    }
  } finally {
    socket.close();
  }
}

const CONNECTION_TIMEOUT_MS = 5000;

/** Opens a connection, writes the payloads back to back, reads and discards what comes back, closes. */
function oneConnection(target: TransportAddress, payloads: readonly Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const timer = setTimeout(() => socket.destroy(), CONNECTION_TIMEOUT_MS);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.resume();
    socket.once('connect', () => {
      for (const payload of payloads) socket.write(payload);
      socket.end();
    });
  });
}

/** Each batch on a connection of its own, `parallel` connections at a time. */
export async function floodTcp(target: TransportAddress, batches: readonly (readonly Buffer[])[], parallel = 8): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) await oneConnection(target, batches[next++] as readonly Buffer[]);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
