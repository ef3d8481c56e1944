import { describe, expect, it } from 'vitest';
import { formatVia, parseVia } from './via.js';

describe('parseVia (RFC 3261 §20.42, RFC 3581)', () => {
  it('reads protocol, transport, sent-by and the known parameters', () => {
    const parsed = parseVia('SIP/2.0/udp 192.0.2.1:5062;branch=z9hG4bK776;received=198.51.100.7;rport=40001;maddr=239.1.1.1;ttl=16;x-custom=1');
    expect(parsed).toEqual({
      ok: true,
      value: [{
        protocol: 'SIP/2.0',
        transport: 'UDP',
        host: '192.0.2.1',
        port: 5062,
        branch: 'z9hG4bK776',
        received: '198.51.100.7',
        rport: 40001,
        maddr: '239.1.1.1',
        ttl: 16,
        params: new Map([['x-custom', '1']]),
      }],
    });
  });

  it('reads an IPv6 sent-by, rport without value, and a comma-separated list', () => {
    const parsed = parseVia('SIP/2.0/TCP [2001:db8::9]:5060;rport;branch=z9hG4bKa , SIP / 2.0 / TLS proxy.example.com ;branch=z9hG4bKb');
    expect(parsed.ok && parsed.value.map((v) => [v.transport, v.host, v.port, v.rport, v.branch])).toEqual([
      ['TCP', '[2001:db8::9]', 5060, true, 'z9hG4bKa'],
      ['TLS', 'proxy.example.com', undefined, undefined, 'z9hG4bKb'],
    ]);
  });

  it.each([
    ['SIP/2.0 host', 'sent-protocol'],
    ['SIP/2.0/UDPhost', 'whitespace'],
    ['SIP/2.0/UDP ', 'host'],
    ['SIP/2.0/UDP host:70000', 'port'],
    ['SIP/2.0/UDP host;branch', 'branch'],
    ['SIP/2.0/UDP host;rport=x', 'rport'],
    ['SIP/2.0/UDP host;ttl=256', 'ttl'],
    ['SIP/2.0/UDP host;;', 'empty parameter'],
    ['SIP/2.0/UDP host,', 'sent-protocol'],
  ])('rejects %s', (text, reason) => {
    const parsed = parseVia(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('enforces a maximum number of entries', () => {
    expect(parseVia('SIP/2.0/UDP a, SIP/2.0/UDP b, SIP/2.0/UDP c', 2).ok).toBe(false);
  });

  it('formats what it parses', () => {
    const text = 'SIP/2.0/TCP [::1]:5060;branch=z9hG4bKx;received=::1;rport=5060;maddr=m;ttl=1;alias';
    const parsed = parseVia(text);
    expect(parsed.ok && formatVia(parsed.value[0] as never)).toBe(text);
  });
});
