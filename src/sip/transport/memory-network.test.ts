import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Inbox } from './inbox.js';
import { MemoryNetwork, type PacketFate } from './memory-network.js';

const invite = Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n');
const trying = Buffer.from('SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n');

function pair(network: MemoryNetwork) {
  const alice = new Inbox();
  const bob = new Inbox();
  const a = network.attach({ host: '10.0.0.1', port: 5060, ...alice.handlers });
  const b = network.attach({ host: '10.0.0.2', port: 0, ...bob.handlers });
  return { a, b, alice, bob };
}

describe('MemoryNetwork', () => {
  it('delivers asynchronously, with the source, as an unreliable UDP-like network by default', async () => {
    const network = new MemoryNetwork();
    const { a, b, bob } = pair(network);
    expect(a.reliable).toBe(false);
    expect(a.protocol).toBe('udp');
    const sending = a.send(invite, { host: '10.0.0.2', port: b.local.port });
    expect(bob.pending).toBe(0);
    expect(await sending).toEqual({ ok: true });
    const received = await bob.next();
    expect(received.data).toEqual(invite);
    expect(received.source).toEqual({
      protocol: 'udp',
      remoteAddress: '10.0.0.1',
      remotePort: 5060,
      localAddress: '10.0.0.2',
      localPort: b.local.port,
    });
  });

  it('drops and duplicates packets as the test decides, to exercise retransmission', async () => {
    const fates: PacketFate[] = ['drop', 'drop', 'duplicate', 'deliver'];
    const network = new MemoryNetwork({ fate: () => fates.shift() ?? 'deliver' });
    const { a, b, bob } = pair(network);
    for (let i = 0; i < 4; i++) await a.send(invite, { host: '10.0.0.2', port: b.local.port });
    await bob.next();
    await bob.next();
    await bob.next();
    expect(network.stats).toEqual({ sent: 4, delivered: 3, dropped: 2, duplicated: 1 });
    network.setFate(undefined);
    await a.send(trying, { host: '10.0.0.2', port: b.local.port });
    expect((await bob.next()).data).toEqual(trying);
  });

  it('delivers on an injected clock after the configured latency', () => {
    const clock = new SimulatedClock();
    const network = new MemoryNetwork({ clock, latencyMs: 20 });
    const { a, b, bob } = pair(network);
    void a.send(invite, { host: '10.0.0.2', port: b.local.port });
    clock.advance(19);
    expect(bob.pending).toBe(0);
    clock.advance(1);
    expect(bob.pending).toBe(1);
  });

  it('loses packets to addresses nobody listens on, or to transports closed in flight', async () => {
    const network = new MemoryNetwork();
    const { a, b } = pair(network);
    expect(await a.send(invite, { host: '10.0.0.9', port: 5060 })).toEqual({ ok: true });
    const inFlight = a.send(invite, { host: '10.0.0.2', port: b.local.port });
    await b.close();
    await inFlight;
    expect(network.stats).toMatchObject({ sent: 2, delivered: 0, dropped: 2 });
    expect(await b.send(invite, { host: '10.0.0.1', port: 5060 })).toMatchObject({ ok: false, error: { code: 'transport_closed' } });
  });

  it('as a reliable network, refuses unreachable peers and answers on the same connection', async () => {
    const network = new MemoryNetwork({ reliable: true });
    const { a, b, alice, bob } = pair(network);
    expect(a).toMatchObject({ reliable: true, protocol: 'tcp' });
    expect(await a.send(invite, { host: '10.0.0.9', port: 5060 })).toMatchObject({ ok: false, error: { code: 'connect_failed' } });
    const sent = await a.send(invite, { host: '10.0.0.2', port: b.local.port });
    const request = await bob.next();
    expect(request.source.connectionId).toBe(sent.ok ? sent.connectionId : 'missing');
    // The connection leads back to alice even though the address given is a wrong one.
    await b.send(trying, { host: '10.0.0.1', port: 1, connectionId: request.source.connectionId });
    expect((await alice.next()).source.connectionId).toBe(request.source.connectionId);
  });

  it('refuses set-ups that contradict themselves', () => {
    expect(() => new MemoryNetwork({ reliable: true, fate: () => 'drop' })).toThrow(/reliable/);
    expect(() => new MemoryNetwork().attach({ host: '10.0.0.1', port: 1, protocol: 'tcp', onMessage: () => undefined })).toThrow(/tcp/);
    const network = new MemoryNetwork();
    network.attach({ host: '10.0.0.1', port: 1, onMessage: () => undefined });
    expect(() => network.attach({ host: '10.0.0.1', port: 1, onMessage: () => undefined })).toThrow(/already attached/);
  });
});
