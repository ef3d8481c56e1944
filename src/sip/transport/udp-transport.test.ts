import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Inbox } from './inbox.js';
import { ThreadedUdpTransport } from './threaded-udp-transport.js';
import type { Transport } from './transport.js';
import { UdpTransport, type UdpTransportOptions } from './udp-transport.js';

const options = Buffer.from('OPTIONS sip:bob@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n');
const open: Transport[] = [];

/** Both UDP transports keep the same contract; the socket on the main thread or on an I/O thread. */
describe.each([
  { name: 'UdpTransport', Udp: UdpTransport as { listen(options: UdpTransportOptions): Promise<UdpTransport | ThreadedUdpTransport> }, ioThread: false },
  { name: 'ThreadedUdpTransport', Udp: ThreadedUdpTransport, ioThread: true },
])('$name', ({ Udp, ioThread }) => {
  async function listen(host: string, inbox = new Inbox(), extra: Partial<UdpTransportOptions> = {}) {
    const transport = await Udp.listen({ host, port: 0, ...inbox.handlers, ...extra });
    open.push(transport);
    return { transport, inbox };
  }

  /** Sends raw datagrams from a plain socket, as an arbitrary peer would. */
  async function sendRaw(family: 4 | 6, host: string, port: number, datagrams: readonly Buffer[]): Promise<void> {
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    for (const datagram of datagrams) {
      await new Promise<void>((resolve, reject) => socket.send(datagram, port, host, (error) => (error ? reject(error) : resolve())));
    }
    socket.close();
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((transport) => transport.close()));
  });

  describe.each([
    { family: 4 as const, host: '127.0.0.1' },
    { family: 6 as const, host: '::1' },
  ])('UDP over IPv$family', ({ family, host }) => {
    it('carries one message per datagram, both ways, with its source', async () => {
      const a = await listen(host);
      const b = await listen(host);
      expect(await a.transport.send(options, { host, port: b.transport.local.port })).toEqual({ ok: true });
      const received = await b.inbox.next();
      expect(received.data).toEqual(options);
      expect(received.source).toEqual({
        protocol: 'udp',
        remoteAddress: host,
        remotePort: a.transport.local.port,
        localAddress: host,
        localPort: b.transport.local.port,
      });
      await b.transport.send(Buffer.from('SIP/2.0 200 OK\r\n\r\n'), { host, port: received.source.remotePort });
      expect((await a.inbox.next()).data.toString()).toBe('SIP/2.0 200 OK\r\n\r\n');
    });

    it('ignores empty and CRLF-only datagrams and strips CRLFs before a start-line', async () => {
      const b = await listen(host);
      await sendRaw(family, host, b.transport.local.port, [Buffer.alloc(0), Buffer.from('\r\n'), Buffer.from('\r\n\r\n'), Buffer.concat([Buffer.from('\r\n'), options])]);
      expect((await b.inbox.next()).data).toEqual(options);
      expect(b.inbox.pending).toBe(0);
    });
  });

  describe('UDP destinations', () => {
    it('a socket bound to :: reaches IPv4 (as a mapped address) and a bracketed IPv6 literal', async () => {
      const wildcard = await listen('::');
      const v4 = await listen('127.0.0.1');
      const v6 = await listen('::1');
      expect(await wildcard.transport.send(options, { host: '127.0.0.1', port: v4.transport.local.port })).toEqual({ ok: true });
      expect((await v4.inbox.next()).source).toMatchObject({ remoteAddress: '127.0.0.1', remotePort: wildcard.transport.local.port });
      expect(await wildcard.transport.send(options, { host: '[::1]', port: v6.transport.local.port })).toEqual({ ok: true });
      expect((await v6.inbox.next()).source).toMatchObject({ remoteAddress: '::1', remotePort: wildcard.transport.local.port });
    });

    it('hands what one turn of the event loop sent to the kernel together at its end, in order (no name lookup in between)', async () => {
      const a = await listen('127.0.0.1');
      const sink = createSocket('udp4');
      const received: string[] = [];
      sink.on('message', (datagram) => received.push(datagram.toString()));
      await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', () => resolve()));
      try {
        const port = sink.address().port;
        const datagrams = ['first', 'second', 'third'].map((text) => Buffer.from(`${text}\r\n`));
        const sent = datagrams.map((datagram) => a.transport.send(datagram, { host: '127.0.0.1', port }));
        // what the kernel queued for the sink is in /proc/net/udp (tx_queue:rx_queue, hex): nothing yet
        expect(receiveQueueBytes(port)).toBe(0);
        if (!ioThread) {
          await new Promise((resolve) => setImmediate(resolve));
          // the sink has not read yet, and all three wait for it
          expect(receiveQueueBytes(port)).toBeGreaterThan(0);
        }
        expect(await Promise.all(sent)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
        await expect.poll(() => received).toEqual(['first\r\n', 'second\r\n', 'third\r\n']);
      } finally {
        sink.close();
      }
    });

    it('sends what was queued before it closes', async () => {
      const a = await listen('127.0.0.1');
      const b = await listen('127.0.0.1');
      const sent = a.transport.send(options, { host: '127.0.0.1', port: b.transport.local.port });
      await a.transport.close();
      expect(await sent).toEqual({ ok: true });
      expect((await b.inbox.next()).data.toString()).toBe(options.toString());
    });
  });

  /** Bytes waiting in the receive queue of the IPv4 UDP socket bound to 127.0.0.1:`port` (Linux). */
  function receiveQueueBytes(port: number): number {
    const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    const line = readFileSync('/proc/net/udp', 'utf8').split('\n').find((l) => l.trim().split(/\s+/)[1] === local);
    if (!line) throw new Error(`no UDP socket on 127.0.0.1:${port}`);
    return parseInt(line.trim().split(/\s+/)[4]?.split(':')[1] ?? '', 16);
  }

  describe('UDP send failures are values', () => {
    it('refuses a datagram above the UDP limit', async () => {
      const { transport } = await listen('127.0.0.1');
      const result = await transport.send(Buffer.alloc(70_000), { host: '127.0.0.1', port: 9 });
      expect(result).toMatchObject({ ok: false, error: { code: 'message_too_large' } });
    });

    it.each([
      ['a host name (transports never resolve)', 'example.com', 5060],
      ['an IPv6 address from an IPv4 socket', '::1', 5060],
      ['port 0', '127.0.0.1', 0],
    ])('refuses %s', async (_name, host, port) => {
      const { transport } = await listen('127.0.0.1');
      expect(await transport.send(options, { host, port })).toMatchObject({ ok: false, error: { code: 'invalid_destination' } });
    });

    it('reports a send after close', async () => {
      const { transport } = await listen('127.0.0.1');
      await transport.close();
      await transport.close();
      expect(await transport.send(options, { host: '127.0.0.1', port: 9 })).toMatchObject({
        ok: false,
        error: { code: 'transport_closed' },
      });
    });

    it('rejects listening on a name', async () => {
      await expect(Udp.listen({ host: 'localhost', port: 0, onMessage: () => undefined })).rejects.toThrow(/IP literal/);
    });

    it('rejects listening on a port already bound', async () => {
      const { transport } = await listen('127.0.0.1');
      await expect(Udp.listen({ host: '127.0.0.1', port: transport.local.port, onMessage: () => undefined })).rejects.toThrow(/EADDRINUSE/);
    });
  });

  describe('UDP socket options', () => {
    it('applies the requested receive buffer size', async () => {
      const small = await listen('127.0.0.1', new Inbox(), { recvBufferSize: 4096, sendBufferSize: 4096 });
      const plain = await listen('127.0.0.1');
      expect(small.transport.bufferSizes.receive).toBeGreaterThanOrEqual(4096);
      expect(small.transport.bufferSizes.receive).toBeLessThan(plain.transport.bufferSizes.receive);
      expect(small.transport.bufferSizes.send).toBeLessThan(plain.transport.bufferSizes.send);
    });

    it('a handler that throws is reported as a fault and the transport keeps working', async () => {
      const faults: string[] = [];
      let calls = 0;
      const b = await Udp.listen({
        host: '127.0.0.1',
        port: 0,
        onMessage: () => {
          calls++;
          throw new Error('handler bug');
        },
        onFault: (fault) => faults.push(`${fault.kind}: ${fault.message}`),
      });
      open.push(b);
      const a = await listen('127.0.0.1');
      await a.transport.send(options, { host: '127.0.0.1', port: b.local.port });
      await a.transport.send(options, { host: '127.0.0.1', port: b.local.port });
      await expect.poll(() => calls).toBe(2);
      expect(faults).toEqual(['handler_failed: handler bug', 'handler_failed: handler bug']);
    });
  });
});
