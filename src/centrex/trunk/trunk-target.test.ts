import { describe, expect, it } from 'vitest';
import { trunkTarget } from './trunk-target.js';

const trunk = { host: '192.0.2.7', port: 5070, transport: 'udp' as const, domain: 'tel.example.net', outboundProxy: null };

describe('trunkTarget', () => {
  it('sends to the trunk host and port over its transport', () => {
    expect(trunkTarget(trunk)).toEqual({ protocol: 'udp', host: '192.0.2.7', port: 5070 });
    expect(trunkTarget({ ...trunk, transport: 'tcp' })).toEqual({ protocol: 'tcp', host: '192.0.2.7', port: 5070 });
  });

  it('sends to the outbound proxy when one is set, over the trunk\'s transport', () => {
    const proxied = { ...trunk, transport: 'tcp' as const, outboundProxy: { host: '198.51.100.3', port: 5080 } };
    expect(trunkTarget(proxied)).toEqual({ protocol: 'tcp', host: '198.51.100.3', port: 5080 });
  });

  it('checks a TLS carrier\'s certificate against the trunk\'s SIP domain', () => {
    expect(trunkTarget({ ...trunk, transport: 'tls', port: 5061 })).toEqual({
      protocol: 'tls', host: '192.0.2.7', port: 5061, serverName: 'tel.example.net',
    });
  });
});
