import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Inbox } from './inbox.js';
import { MemoryNetwork } from './memory-network.js';
import { TcpTransport } from './tcp-transport.js';
import type { Transport } from './transport.js';
import { TransportSet } from './transport-set.js';
import { UdpTransport } from './udp-transport.js';

const options = Buffer.from('OPTIONS sip:example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n');
const clock = new SimulatedClock();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openSet(inbox: Inbox): Promise<TransportSet> {
  const set = await TransportSet.open({
    ...inbox.handlers,
    transports: [
      (handlers) => UdpTransport.listen({ host: '127.0.0.1', port: 0, ...handlers }),
      (handlers) => UdpTransport.listen({ host: '::1', port: 0, ...handlers }),
      (handlers) => TcpTransport.listen({ host: '127.0.0.1', port: 0, clock, ...handlers }),
    ],
  });
  cleanups.push(() => set.close());
  return set;
}

const find = (set: TransportSet, protocol: string, host: string): Transport => {
  const transport = set.transports.find((t) => t.protocol === protocol && t.local.host === host);
  if (!transport) throw new Error(`no ${protocol} transport on ${host}`);
  return transport;
};

describe('TransportSet', () => {
  it('hands inbound messages from every transport to one set of handlers', async () => {
    const inbox = new Inbox();
    const server = await openSet(inbox);
    const client = await openSet(new Inbox());
    await client.send(options, { protocol: 'udp', host: '127.0.0.1', port: find(server, 'udp', '127.0.0.1').local.port });
    await client.send(options, { protocol: 'udp', host: '::1', port: find(server, 'udp', '::1').local.port });
    await client.send(options, { protocol: 'tcp', host: '127.0.0.1', port: find(server, 'tcp', '127.0.0.1').local.port });
    const sources = [(await inbox.next()).source, (await inbox.next()).source, (await inbox.next()).source];
    expect(sources.map((s) => `${s.protocol} ${s.remoteAddress}`).sort()).toEqual(['tcp 127.0.0.1', 'udp 127.0.0.1', 'udp ::1']);
  });

  it('picks the transport by protocol and address family, or by the local address named', async () => {
    const set = await openSet(new Inbox());
    expect(set.select({ protocol: 'udp', host: '::1', port: 5060 })).toBe(find(set, 'udp', '::1'));
    expect(set.select({ protocol: 'udp', host: '192.0.2.1', port: 5060 })).toBe(find(set, 'udp', '127.0.0.1'));
    expect(set.select({ protocol: 'tcp', host: '192.0.2.1', port: 5060 })).toBe(find(set, 'tcp', '127.0.0.1'));
    const udp6 = find(set, 'udp', '::1');
    expect(set.select({ protocol: 'udp', host: '::1', port: 5060, localAddress: '0:0::1', localPort: udp6.local.port })).toBe(udp6);
    expect(set.select({ protocol: 'tcp', host: '::1', port: 5060 })).toBeUndefined();
  });

  it('reports a send no transport can carry as a value', async () => {
    const set = await openSet(new Inbox());
    expect(await set.send(options, { protocol: 'tls', host: '127.0.0.1', port: 5061 })).toMatchObject({
      ok: false,
      error: { code: 'no_transport' },
    });
    await set.close();
    expect(await set.send(options, { protocol: 'udp', host: '127.0.0.1', port: 5060 })).toMatchObject({
      ok: false,
      error: { code: 'transport_closed' },
    });
  });

  it('closes what it opened when a later transport fails to open', async () => {
    const opened: Transport[] = [];
    const failing = TransportSet.open({
      onMessage: () => undefined,
      transports: [
        async (handlers) => {
          const transport = await UdpTransport.listen({ host: '127.0.0.1', port: 0, ...handlers });
          opened.push(transport);
          return transport;
        },
        () => UdpTransport.listen({ host: 'not-an-address', port: 0, onMessage: () => undefined }),
      ],
    });
    await expect(failing).rejects.toThrow(/IP literal/);
    expect(await opened[0]?.send(options, { host: '127.0.0.1', port: 9 })).toMatchObject({ error: { code: 'transport_closed' } });
  });

  it('carries memory transports alike, so a whole stack can run without sockets', async () => {
    const datagrams = new MemoryNetwork();
    const streams = new MemoryNetwork({ reliable: true });
    const inbox = new Inbox();
    const server = await TransportSet.open({
      ...inbox.handlers,
      transports: [
        async (handlers) => datagrams.attach({ host: 'server.test', port: 5060, ...handlers }),
        async (handlers) => streams.attach({ host: 'server.test', port: 5060, ...handlers }),
      ],
    });
    const phone = await TransportSet.open({
      onMessage: () => undefined,
      transports: [async (handlers) => streams.attach({ host: 'phone.test', port: 0, ...handlers })],
    });
    expect(await phone.send(options, { protocol: 'tcp', host: 'server.test', port: 5060 })).toMatchObject({ ok: true });
    const received = await inbox.next();
    expect(received.source).toMatchObject({ protocol: 'tcp', remoteAddress: 'phone.test' });
    expect(server.select({ protocol: 'tcp', host: 'phone.test', port: 1 })?.reliable).toBe(true);
    expect(server.select({ protocol: 'udp', host: 'phone.test', port: 1 })?.reliable).toBe(false);
  });
});
