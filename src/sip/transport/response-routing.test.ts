import { describe, expect, it } from 'vitest';
import { requiresStreamTransport } from './requires-stream-transport.js';
import { receivedParameters, routeResponse } from './response-routing.js';
import type { MessageSource } from './transport.js';

const udpSource: MessageSource = {
  protocol: 'udp',
  remoteAddress: '198.51.100.7',
  remotePort: 40_123,
  localAddress: '192.0.2.10',
  localPort: 5060,
};
const tcpSource: MessageSource = { ...udpSource, protocol: 'tcp', connectionId: 'tcp:192.0.2.10:5060#4' };
const tlsSource: MessageSource = { ...tcpSource, protocol: 'tls', localPort: 5061, connectionId: 'tls:192.0.2.10:5061#1' };

describe('RFC 3261 §18.2.1 and RFC 3581 §4: the received and rport a server adds', () => {
  it('§18.2.1: adds nothing when sent-by is the source address', () => {
    expect(receivedParameters({ host: '198.51.100.7' }, udpSource)).toEqual({});
  });

  it('§18.2.1: adds received when sent-by is another address', () => {
    expect(receivedParameters({ host: '10.1.1.1' }, udpSource)).toEqual({ received: '198.51.100.7' });
  });

  it('§18.2.1: adds received when sent-by is a domain name', () => {
    expect(receivedParameters({ host: 'pc33.atlanta.example.com' }, udpSource)).toEqual({ received: '198.51.100.7' });
  });

  it('§18.2.1: compares IPv6 addresses, not their spellings', () => {
    const source = { remoteAddress: '2001:db8::9', remotePort: 5060 };
    expect(receivedParameters({ host: '[2001:DB8:0:0::9]' }, source)).toEqual({});
    expect(receivedParameters({ host: '[2001:db8::8]' }, source)).toEqual({ received: '2001:db8::9' });
  });

  it('RFC 3581 §4: fills an empty rport with the source port and adds received even when the address matches', () => {
    expect(receivedParameters({ host: '198.51.100.7', rport: true }, udpSource)).toEqual({ received: '198.51.100.7', rport: 40_123 });
  });

  it('RFC 3581 §4: leaves an rport that already has a value alone', () => {
    expect(receivedParameters({ host: '198.51.100.7', rport: 5070 }, udpSource)).toEqual({});
  });
});

describe('RFC 3261 §18.2.2: reliable transports', () => {
  it('§18.2.2: answers on the request’s connection, falling back to received at the sent-by port', () => {
    const via = { transport: 'TCP', host: 'pc33.atlanta.example.com', port: 5080, received: '198.51.100.7' };
    expect(routeResponse(via, tcpSource)).toEqual({
      kind: 'connection',
      protocol: 'tcp',
      connectionId: 'tcp:192.0.2.10:5060#4',
      localAddress: '192.0.2.10',
      localPort: 5060,
      fallback: { kind: 'address', protocol: 'tcp', host: '198.51.100.7', port: 5080 },
    });
  });

  it('§18.2.2: falls back to the transport’s default port when sent-by has none (5061 for TLS)', () => {
    const route = routeResponse({ transport: 'TLS', host: '198.51.100.7' }, tlsSource);
    expect(route).toMatchObject({ kind: 'connection', fallback: { kind: 'address', host: '198.51.100.7', port: 5061 } });
  });

  it('§18.2.2: without received, resolves a sent-by name per RFC 3263 §5 (SRV when no port)', () => {
    const route = routeResponse({ transport: 'TCP', host: 'pc33.atlanta.example.com' }, { ...udpSource, protocol: 'tcp' });
    expect(route).toEqual({ kind: 'resolve', protocol: 'tcp', host: 'pc33.atlanta.example.com' });
  });

  it('RFC 7118 §5: a WebSocket response can only use the connection', () => {
    const wsSource: MessageSource = { ...tcpSource, protocol: 'ws', connectionId: 'ws#1' };
    expect(routeResponse({ transport: 'WS', host: 'df7jal23ls0d.invalid' }, wsSource)).toEqual({
      kind: 'connection',
      protocol: 'ws',
      connectionId: 'ws#1',
      localAddress: '192.0.2.10',
      localPort: 5060,
    });
    expect(routeResponse({ transport: 'WS', host: 'df7jal23ls0d.invalid' }, udpSource)).toMatchObject({ kind: 'unroutable' });
  });

  it('refuses transports the stack does not speak', () => {
    expect(routeResponse({ transport: 'SCTP', host: '198.51.100.7' }, udpSource)).toMatchObject({ kind: 'unroutable' });
  });
});

describe('RFC 3261 §18.2.2: unreliable transports', () => {
  it('§18.2.2: sends to maddr at the sent-by port, multicast with the Via ttl', () => {
    expect(routeResponse({ transport: 'UDP', host: 'a.example.com', port: 5070, maddr: '239.255.255.1', ttl: 16 }, udpSource)).toEqual({
      kind: 'address',
      protocol: 'udp',
      host: '239.255.255.1',
      port: 5070,
      localAddress: '192.0.2.10',
      localPort: 5060,
      ttl: 16,
    });
  });

  it('§18.2.2: multicast maddr without ttl uses 1; unicast maddr gets no ttl; port defaults to 5060', () => {
    expect(routeResponse({ transport: 'UDP', host: 'a.example.com', maddr: '224.0.1.75' }, udpSource)).toMatchObject({ port: 5060, ttl: 1 });
    expect(routeResponse({ transport: 'UDP', host: 'a.example.com', maddr: '192.0.2.99' }, udpSource)).not.toHaveProperty('ttl');
  });

  it('§18.2.2: sends to received at the sent-by port, or 5060', () => {
    expect(routeResponse({ transport: 'UDP', host: 'a.example.com', port: 5072, received: '198.51.100.7' }, udpSource)).toMatchObject({
      kind: 'address',
      host: '198.51.100.7',
      port: 5072,
    });
    expect(routeResponse({ transport: 'udp', host: 'a.example.com', received: '198.51.100.7' }, udpSource)).toMatchObject({ port: 5060 });
  });

  it('RFC 3581 §4: sends to received at rport, from the address and port the request arrived on', () => {
    const via = { transport: 'UDP', host: '10.1.1.1', port: 5060, received: '198.51.100.7', rport: 40_123 };
    expect(routeResponse(via, udpSource)).toEqual({
      kind: 'address',
      protocol: 'udp',
      host: '198.51.100.7',
      port: 40_123,
      localAddress: '192.0.2.10',
      localPort: 5060,
    });
  });

  it('RFC 3581 §4: an rport without a value changes nothing', () => {
    const via = { transport: 'UDP', host: '10.1.1.1', port: 5062, received: '198.51.100.7', rport: true as const };
    expect(routeResponse(via, udpSource)).toMatchObject({ host: '198.51.100.7', port: 5062 });
  });

  it('§18.2.2: not receiver-tagged, sends to a sent-by address, or resolves a sent-by name', () => {
    expect(routeResponse({ transport: 'UDP', host: '[2001:db8::9]' }, udpSource)).toMatchObject({
      kind: 'address',
      host: '2001:db8::9',
      port: 5060,
    });
    expect(routeResponse({ transport: 'UDP', host: 'a.example.com', port: 5090 }, udpSource)).toEqual({
      kind: 'resolve',
      protocol: 'udp',
      host: 'a.example.com',
      port: 5090,
    });
  });
});

describe('RFC 3261 §18.1.1: requests too large for UDP', () => {
  it('§18.1.1: with an unknown path MTU, more than 1300 bytes must go over TCP', () => {
    expect(requiresStreamTransport(1300)).toBe(false);
    expect(requiresStreamTransport(1301)).toBe(true);
  });

  it('§18.1.1: with a known path MTU, within 200 bytes of it must go over TCP', () => {
    expect(requiresStreamTransport(8800, 9000)).toBe(false);
    expect(requiresStreamTransport(8801, 9000)).toBe(true);
  });
});
