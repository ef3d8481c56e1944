import { describe, expect, it } from 'vitest';
import { parseMessage } from '../parse.js';
import { createResponse } from '../response.js';
import { Status } from '../status.js';
import { MemoryNetwork, TransportSet } from '../transport/index.js';
import { StackSender } from './stack-sender.js';

async function transportsAt(host: string): Promise<TransportSet> {
  const network = new MemoryNetwork();
  return TransportSet.open({ transports: [(h) => Promise.resolve(network.attach({ host, port: 5070, ...h }))], onMessage: () => undefined });
}

describe('StackSender: the address a stack advertises', () => {
  it('writes the transport’s own address into Via and Contact, with brackets for IPv6', async () => {
    const sender = new StackSender(await transportsAt('::1'), undefined);
    expect(sender.sentBy('udp')).toEqual({ host: '[::1]', port: 5070 });
    expect(sender.via('udp', 'z9hG4bK-1')).toMatchObject({ transport: 'UDP', host: '[::1]', port: 5070, rport: true, branch: 'z9hG4bK-1' });
    expect(sender.contactUri('udp', 'alice')).toMatchObject({ user: 'alice', host: '[::1]', port: 5070 });
  });

  it('needs an advertised address when it listens on a wildcard, and then uses it', async () => {
    const transports = await transportsAt('0.0.0.0');
    expect(() => new StackSender(transports, undefined)).toThrow(/configure the address to advertise/);
    const sender = new StackSender(transports, { host: 'pbx.example.com', port: 5060 });
    expect(sender.sentBy('udp')).toEqual({ host: 'pbx.example.com', port: 5060 });
    expect(sender.isOwnVia({ protocol: 'SIP/2.0', transport: 'UDP', host: 'PBX.example.com', params: new Map() })).toBe(true);
    expect(sender.isOwnVia({ protocol: 'SIP/2.0', transport: 'UDP', host: 'pbx.example.com', port: 5070, params: new Map() })).toBe(false);
    expect(sender.isOwnVia({ protocol: 'SIP/2.0', transport: 'TCP', host: 'pbx.example.com', params: new Map() })).toBe(false);
  });

  it('refuses to send a response whose Via names a host it would have to resolve', async () => {
    const sender = new StackSender(await transportsAt('192.0.2.1'), undefined);
    const parsed = parseMessage(
      Buffer.from(
        'OPTIONS sip:192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/TCP phone.example.com;branch=z9hG4bK-1\r\nFrom: <sip:a@b>;tag=1\r\n' +
          'To: <sip:c@d>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('fixture does not parse');
    const source = { protocol: 'udp', remoteAddress: '192.0.2.7', remotePort: 40000, localAddress: '192.0.2.1', localPort: 5070 } as const;
    const result = await sender.sendResponse(createResponse(parsed.message, Status.OK), source);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_destination', message: expect.stringMatching(/phone\.example\.com is a name/) } });
  });
});
