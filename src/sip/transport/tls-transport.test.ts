import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Inbox } from './inbox.js';
import { TlsTransport, type TlsTransportOptions } from './tls-transport.js';

const options = Buffer.from('OPTIONS sip:bob@sip.belay.test SIP/2.0\r\nContent-Length: 4\r\n\r\nping');
const ok = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');

let dir: string;
let cert: Buffer;
let key: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'belay-tls-'));
  // A throwaway self-signed certificate naming the SIP domain and both loopback addresses.
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
    '-subj', '/CN=sip.belay.test',
    '-addext', 'subjectAltName=DNS:sip.belay.test,IP:127.0.0.1,IP:::1',
  ], { stdio: 'ignore' });
  cert = await readFile(join(dir, 'cert.pem'));
  key = await readFile(join(dir, 'key.pem'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(host: string, extra: Partial<TlsTransportOptions> = {}) {
  const inbox = new Inbox();
  const clock = new SimulatedClock();
  const transport = await TlsTransport.listen({ host, port: 0, clock, cert, key, ca: cert, ...inbox.handlers, ...extra });
  cleanups.push(() => transport.close());
  return { transport, inbox, clock };
}

describe.each(['127.0.0.1', '::1'])('TLS on %s', (host) => {
  it('carries a request and its response over one verified connection', async () => {
    const server = await listen(host);
    const client = await listen(host);
    const sent = await client.transport.send(options, { host, port: server.transport.local.port });
    expect(sent).toEqual({ ok: true, connectionId: expect.any(String) });
    const request = await server.inbox.next();
    expect(request.data).toEqual(options);
    expect(request.source).toMatchObject({ protocol: 'tls', remoteAddress: host, localPort: server.transport.local.port });
    await server.transport.send(ok, { host, port: request.source.remotePort, connectionId: request.source.connectionId });
    const response = await client.inbox.next();
    expect(response.data).toEqual(ok);
    expect(response.source.connectionId).toBe(sent.ok ? sent.connectionId : undefined);
    expect(client.transport.connectionCount).toBe(1);
  });
});

describe('TLS certificate checks (RFC 5922)', () => {
  it('accepts the SIP domain the certificate names', async () => {
    const server = await listen('127.0.0.1');
    const client = await listen('127.0.0.1');
    const sent = await client.transport.send(options, { host: '127.0.0.1', port: server.transport.local.port, serverName: 'sip.belay.test' });
    expect(sent.ok).toBe(true);
    expect((await server.inbox.next()).data).toEqual(options);
  });

  it('refuses a peer whose certificate names another domain', async () => {
    const server = await listen('127.0.0.1');
    const client = await listen('127.0.0.1');
    const sent = await client.transport.send(options, { host: '127.0.0.1', port: server.transport.local.port, serverName: 'carrier.example' });
    expect(sent).toMatchObject({ ok: false, error: { code: 'connect_failed' } });
    expect(client.transport.connectionCount).toBe(0);
  });

  it('refuses a peer whose certificate is not trusted, and the server reports the failed handshake', async () => {
    const server = await listen('127.0.0.1');
    const client = await listen('127.0.0.1', { ca: [] });
    const sent = await client.transport.send(options, { host: '127.0.0.1', port: server.transport.local.port });
    expect(sent).toMatchObject({ ok: false, error: { code: 'connect_failed' } });
    await expect.poll(() => server.inbox.faults.map((fault) => fault.kind)).toContain('tls_handshake_failed');
    expect(server.transport.connectionCount).toBe(0);
  });

  it('gives up on a peer that never completes the handshake when the connect timeout passes', async () => {
    let accepted = 0;
    const silent = createServer((socket: Socket) => {
      accepted++;
      cleanups.push(() => void socket.destroy());
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = await listen('127.0.0.1', { connectTimeoutMs: 3000 });
    const sending = client.transport.send(options, { host: '127.0.0.1', port });
    await expect.poll(() => accepted).toBe(1);
    expect(client.transport.connectionCount).toBe(1);
    client.clock.advance(3000);
    expect(await sending).toMatchObject({ ok: false, error: { code: 'connect_timeout' } });
    expect(client.transport.connectionCount).toBe(0);
  });

  it('survives plaintext garbage on the TLS port and keeps serving', async () => {
    const server = await listen('127.0.0.1');
    const garbage = connect({ host: '127.0.0.1', port: server.transport.local.port });
    garbage.on('error', () => undefined);
    await new Promise((resolve) => garbage.once('connect', resolve));
    garbage.write('INVITE sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n');
    await new Promise((resolve) => garbage.once('close', resolve));
    expect(server.inbox.faults.map((fault) => fault.kind)).toContain('tls_handshake_failed');
    const client = await listen('127.0.0.1');
    expect((await client.transport.send(options, { host: '127.0.0.1', port: server.transport.local.port })).ok).toBe(true);
    expect((await server.inbox.next()).data).toEqual(options);
  });

  it('closes promptly while a peer sits in the handshake', async () => {
    // Far beyond the test's own timeout: only closing the handshaking socket lets close() finish.
    const server = await listen('127.0.0.1', { handshakeTimeoutMs: 120_000 });
    const stalled = connect({ host: '127.0.0.1', port: server.transport.local.port });
    stalled.on('error', () => undefined);
    await new Promise((resolve) => stalled.once('connect', resolve));
    await server.transport.close();
    await new Promise((resolve) => stalled.once('close', resolve));
  });
});
