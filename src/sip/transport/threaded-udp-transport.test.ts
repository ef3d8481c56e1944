import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { Inbox } from './inbox.js';
import { startUdpThread, ThreadedUdpTransport } from './threaded-udp-transport.js';
import type { FromUdpThread } from './udp-thread-messages.js';
import { packDatagrams } from './udp-thread-messages.js';

// What only the I/O thread does; the contract both UDP transports share is in udp-transport.test.ts.

const closeAfter: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closeAfter.splice(0).map((close) => close()));
});

async function sink(): Promise<{ socket: Socket; port: number; received: string[] }> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (datagram) => received.push(datagram.toString()));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  closeAfter.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, port: socket.address().port, received };
}

describe('ThreadedUdpTransport', () => {
  it('bounds what waits for a stack that is behind, dropping beyond it and saying so, and takes datagrams again once caught up', async () => {
    const inbox = new Inbox();
    const transport = await ThreadedUdpTransport.listen({ host: '127.0.0.1', port: 0, maxBacklogBytes: 2000, ...inbox.handlers });
    closeAfter.push(() => transport.close());
    // another process sends 40 datagrams of 200 bytes while this thread, the stack's, is blocked
    const script = `const s = require('node:dgram').createSocket('udp4');
      let n = 0; const next = () => n++ < 40 ? s.send(Buffer.alloc(200, 65), ${transport.local.port}, '127.0.0.1', next) : s.close();
      next();`;
    execFileSync(process.execPath, ['-e', script]);
    // the I/O thread received all 40 meanwhile; give its last report time to arrive
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect.poll(() => inbox.faults.map((fault) => fault.kind)).toContain('datagrams_dropped');
    const taken = inbox.pending;
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThanOrEqual(10); // 2,000 bytes of 200-byte datagrams
    expect(inbox.faults.find((fault) => fault.kind === 'datagrams_dropped')?.message).toMatch(
      /^\d+ datagrams dropped: more than 2000 bytes were waiting for the SIP stack$/,
    );
    for (let i = 0; i < taken; i++) await inbox.next();
    // taken: the backlog is free again
    const peer = createSocket('udp4');
    await new Promise<void>((resolve) => peer.send(Buffer.from('after\r\n'), transport.local.port, '127.0.0.1', () => resolve()));
    peer.close();
    expect((await inbox.next()).data.toString()).toBe('after\r\n');
  });

  it('ends its thread on close', async () => {
    const transport = await ThreadedUdpTransport.listen({ host: '127.0.0.1', port: 0, onMessage: () => undefined });
    const worker = (transport as unknown as { worker: Worker }).worker;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    await transport.close();
    expect(await exited).toBeTypeOf('number');
    // the port is free again
    const again = await ThreadedUdpTransport.listen({ host: '127.0.0.1', port: transport.local.port, onMessage: () => undefined });
    await again.close();
  });
});

describe('the UDP I/O thread', () => {
  async function thread(): Promise<{ worker: Worker; messages: FromUdpThread[] }> {
    const worker = startUdpThread({ host: '127.0.0.1', port: 0, ipv6Only: false, backlog: new SharedArrayBuffer(4), maxBacklogBytes: 1 << 20 });
    closeAfter.push(() => worker.terminate());
    const messages: FromUdpThread[] = [];
    worker.on('message', (message: FromUdpThread) => messages.push(message));
    await expect.poll(() => messages[0]?.kind).toBe('bound');
    return { worker, messages };
  }

  it('names, by index, the sends of a batch the socket refused, and sends the others', async () => {
    const { worker, messages } = await thread();
    const { port, received } = await sink();
    const { bytes, lengths } = packDatagrams([Buffer.from('one\r\n'), Buffer.from('bad port\r\n'), Buffer.from('three\r\n')]);
    worker.postMessage({ kind: 'send', batch: 7, bytes, lengths, ports: [port, 0, port], addresses: ['127.0.0.1', '127.0.0.1', '127.0.0.1'] }, [bytes]);
    await expect.poll(() => messages.find((message) => message.kind === 'io')).toMatchObject({
      kind: 'io',
      received: undefined,
      sent: [{ batch: 7, failures: [[1, expect.stringMatching(/port/i)]] }],
    });
    await expect.poll(() => received).toEqual(['one\r\n', 'three\r\n']);
  });

  it('reports a port it cannot bind and ends', async () => {
    const { port } = await sink();
    const worker = startUdpThread({ host: '127.0.0.1', port, ipv6Only: false, backlog: new SharedArrayBuffer(4), maxBacklogBytes: 1 << 20 });
    const messages: FromUdpThread[] = [];
    worker.on('message', (message: FromUdpThread) => messages.push(message));
    const code = await new Promise<number>((resolve) => worker.once('exit', resolve));
    expect(code).toBe(0);
    expect(messages).toEqual([{ kind: 'bind_failed', message: expect.stringMatching(/EADDRINUSE/) }]);
  });
});
