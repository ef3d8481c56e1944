import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Inbox } from './inbox.js';
import { TcpTransport, type TcpTransportOptions } from './tcp-transport.js';

const register = Buffer.from(
  'REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK7\r\nContent-Length: 6\r\n\r\n\r\n\r\nab',
);
const options = Buffer.from('OPTIONS sip:example.com SIP/2.0\r\nl: 0\r\n\r\n');
const ok = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(host: string, extra: Partial<TcpTransportOptions> = {}) {
  const inbox = new Inbox();
  const clock = new SimulatedClock();
  const transport = await TcpTransport.listen({ host, port: 0, clock, ...inbox.handlers, ...extra });
  cleanups.push(() => transport.close());
  return { transport, inbox, clock };
}

/** A plain TCP peer that records what it receives. */
class RawPeer {
  received = Buffer.alloc(0);
  readonly closed: Promise<void>;
  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => (this.received = Buffer.concat([this.received, chunk])));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static async connect(host: string, port: number): Promise<RawPeer> {
    const socket = connect({ host, port, noDelay: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const peer = new RawPeer(socket);
    cleanups.push(() => void socket.destroy());
    return peer;
  }

  write(data: Buffer | string): Promise<void> {
    return new Promise((resolve) => this.socket.write(data, () => resolve()));
  }
}

/** Yields to the event loop so separate writes tend to arrive as separate reads. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe.each(['127.0.0.1', '::1'])('TCP on %s', (host) => {
  it('frames a message written one byte at a time, body bytes exact', async () => {
    const { transport, inbox } = await listen(host);
    const peer = await RawPeer.connect(host, transport.local.port);
    for (const byte of register) {
      await peer.write(Buffer.from([byte]));
      await turn();
    }
    const message = await inbox.next();
    expect(message.data).toEqual(register);
    expect(message.source).toMatchObject({
      protocol: 'tcp',
      remoteAddress: host,
      remotePort: peer.socket.localPort,
      localAddress: host,
      localPort: transport.local.port,
    });
    expect(message.source.connectionId).toEqual(expect.any(String));
  });

  it('frames several messages from one write', async () => {
    const { transport, inbox } = await listen(host);
    const peer = await RawPeer.connect(host, transport.local.port);
    await peer.write(Buffer.concat([options, register, options]));
    expect([(await inbox.next()).data, (await inbox.next()).data, (await inbox.next()).data]).toEqual([options, register, options]);
  });

  it('answers on the connection the request came in on (RFC 3261 §18.2.2)', async () => {
    const { transport, inbox } = await listen(host);
    const peer = await RawPeer.connect(host, transport.local.port);
    await peer.write(options);
    const { source } = await inbox.next();
    const sent = await transport.send(ok, { host: source.remoteAddress, port: source.remotePort, connectionId: source.connectionId });
    expect(sent).toEqual({ ok: true, connectionId: source.connectionId });
    await expect.poll(() => peer.received.toString()).toBe(ok.toString());
    // Without the id, the peer's address still finds the connection it opened.
    await transport.send(ok, { host: source.remoteAddress, port: source.remotePort });
    await expect.poll(() => peer.received.length).toBe(2 * ok.length);
    expect(transport.connectionCount).toBe(1);
  });

  it('opens one connection for concurrent sends to the same destination', async () => {
    const a = await listen(host);
    const b = await listen(host);
    const destination = { host, port: b.transport.local.port };
    const results = await Promise.all([a.transport.send(options, destination), a.transport.send(register, destination)]);
    const first = await b.inbox.next();
    const second = await b.inbox.next();
    expect([first.data, second.data]).toEqual([options, register]);
    expect(second.source.connectionId).toBe(first.source.connectionId);
    expect(results[0]).toEqual({ ok: true, connectionId: expect.any(String) });
    expect(results[1]).toEqual(results[0]);
    expect(a.transport.connectionCount).toBe(1);
    expect(b.transport.connectionCount).toBe(1);
    // The reply travels back over the same connection.
    await b.transport.send(ok, { host, port: first.source.remotePort, connectionId: first.source.connectionId });
    expect((await a.inbox.next()).source.connectionId).toBe(results[0].ok ? results[0].connectionId : undefined);
  });
});

describe('TCP keep-alives (RFC 5626 §3.5.1)', () => {
  it('answers a double-CRLF ping with a single CRLF pong and keeps framing', async () => {
    const { transport, inbox } = await listen('127.0.0.1');
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write('\r\n\r\n');
    await expect.poll(() => peer.received.toString()).toBe('\r\n');
    await peer.write(Buffer.concat([Buffer.from('\r\n'), options]));
    expect((await inbox.next()).data).toEqual(options);
    expect(peer.received.toString()).toBe('\r\n');
  });
});

describe('TCP protection against hostile peers', () => {
  it('closes a connection whose message exceeds the size limit', async () => {
    const { transport, inbox } = await listen('127.0.0.1', { maxMessageSize: 1000 });
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write('MESSAGE sip:a@example.com SIP/2.0\r\nContent-Length: 5000\r\n\r\n');
    await peer.closed;
    expect(await inbox.nextClosed()).toMatchObject({ protocol: 'tcp', reason: 'message_too_large' });
    expect(transport.connectionCount).toBe(0);
  });

  it('closes a connection whose header section never ends', async () => {
    const { transport, inbox } = await listen('127.0.0.1', { maxHeaderSize: 512 });
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write(`INVITE sip:a@example.com SIP/2.0\r\nX-Pad: ${'x'.repeat(600)}`);
    await peer.closed;
    expect((await inbox.nextClosed()).reason).toBe('header_too_large');
  });

  it('closes a connection that holds an incomplete message too long', async () => {
    const { transport, inbox, clock } = await listen('127.0.0.1', { incompleteMessageTimeoutMs: 5000 });
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write(register.subarray(0, 40));
    await expect.poll(() => clock.activeTimers).toBe(2);
    clock.advance(4999);
    await peer.write(register.subarray(40, 50));
    await turn();
    clock.advance(1);
    await peer.closed;
    expect((await inbox.nextClosed()).reason).toBe('incomplete_message_timeout');
  });

  it('keeps a steady stream of messages open however long it lasts', async () => {
    const { transport, inbox, clock } = await listen('127.0.0.1', { incompleteMessageTimeoutMs: 5000 });
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    // Each write completes one message and starts the next; no message is ever slow.
    await peer.write(register.subarray(0, 30));
    for (let i = 0; i < 5; i++) {
      await turn();
      clock.advance(4000);
      await peer.write(Buffer.concat([register.subarray(30), register.subarray(0, 30)]));
      expect((await inbox.next()).data).toEqual(register);
    }
    expect(peer.socket.destroyed).toBe(false);
    expect(transport.connectionCount).toBe(1);
  });

  it('refuses connections beyond the limit, inbound and outbound', async () => {
    const { transport, inbox } = await listen('127.0.0.1', { maxConnections: 2 });
    const other = await listen('127.0.0.1');
    await RawPeer.connect('127.0.0.1', transport.local.port);
    await RawPeer.connect('127.0.0.1', transport.local.port);
    const third = await RawPeer.connect('127.0.0.1', transport.local.port);
    await third.closed;
    await expect.poll(() => inbox.faults.map((fault) => fault.kind)).toContain('connection_rejected');
    expect(await transport.send(options, { host: '127.0.0.1', port: other.transport.local.port })).toMatchObject({
      ok: false,
      error: { code: 'connection_limit' },
    });
  });

  it('gives up on a peer that stops reading instead of queueing without bound', async () => {
    const { transport, inbox } = await listen('127.0.0.1', { maxWriteBacklog: 100_000 });
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write(options);
    const { source } = await inbox.next();
    peer.socket.pause();
    const big = Buffer.concat([Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 60000\r\n\r\n'), Buffer.alloc(60_000, 0x61)]);
    const destination = { host: source.remoteAddress, port: source.remotePort, connectionId: source.connectionId };
    // Far more than the kernel buffers on loopback hold; none of it is awaited one by one.
    const results = await Promise.all(Array.from({ length: 600 }, () => transport.send(big, destination)));
    expect(results.some((result) => !result.ok && result.error.code === 'send_failed')).toBe(true);
    expect((await inbox.nextClosed()).reason).toBe('write_backlog');
    expect(transport.connectionCount).toBe(0);
  });

  it('survives garbage, resets and abandoned connections, then still serves', async () => {
    const { transport, inbox } = await listen('127.0.0.1', { maxHeaderSize: 1024 });
    const peers = await Promise.all(Array.from({ length: 20 }, () => RawPeer.connect('127.0.0.1', transport.local.port)));
    for (const [i, peer] of peers.entries()) {
      if (i % 3 === 0) await peer.write(Buffer.from(Array.from({ length: 2048 }, (_, j) => (i * 31 + j * 7) % 256)));
      if (i % 3 === 1) await peer.write('INVITE sip:x SIP/2.0\r\nContent-Length: 99\r\n\r\nshort');
      peer.socket.resetAndDestroy();
    }
    await expect.poll(() => transport.connectionCount).toBe(0);
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write(options);
    expect((await inbox.next()).data).toEqual(options);
  });
});

describe('TCP connection lifetime', () => {
  it('closes a connection after the idle timeout; traffic postpones it', async () => {
    const { transport, inbox, clock } = await listen('127.0.0.1', { idleTimeoutMs: 60_000 });
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write(options);
    const { source } = await inbox.next();
    clock.advance(30_000);
    await transport.send(ok, { host: source.remoteAddress, port: source.remotePort, connectionId: source.connectionId });
    clock.advance(59_999);
    expect(transport.connectionCount).toBe(1);
    clock.advance(1);
    await peer.closed;
    expect(await inbox.nextClosed()).toMatchObject({ reason: 'idle_timeout', connectionId: source.connectionId });
    expect(transport.connectionCount).toBe(0);
  });

  it('reports a refused connection as a value', async () => {
    const { transport } = await listen('127.0.0.1');
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const address = unused.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise((resolve) => unused.close(resolve));
    expect(await transport.send(options, { host: '127.0.0.1', port })).toMatchObject({
      ok: false,
      error: { code: 'connect_failed' },
    });
    expect(transport.connectionCount).toBe(0);
  });

  it('falls back to the address when the named connection is gone', async () => {
    const a = await listen('127.0.0.1');
    const b = await listen('127.0.0.1');
    const result = await a.transport.send(options, { host: '127.0.0.1', port: b.transport.local.port, connectionId: 'tcp:gone#1' });
    expect(result).toEqual({ ok: true, connectionId: expect.any(String) });
    expect((await b.inbox.next()).data).toEqual(options);
  });

  it('close ends every connection and later sends fail as values', async () => {
    const { transport, inbox } = await listen('127.0.0.1');
    const peer = await RawPeer.connect('127.0.0.1', transport.local.port);
    await peer.write(options);
    await inbox.next();
    await transport.close();
    await peer.closed;
    expect((await inbox.nextClosed()).reason).toBe('local_close');
    expect(await transport.send(options, { host: '127.0.0.1', port: 9 })).toMatchObject({ ok: false, error: { code: 'transport_closed' } });
  });
});
