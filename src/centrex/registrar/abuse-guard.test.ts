import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../sip/index.js';
import type { InboundMessage, TransportHandlers } from '../../sip/index.js';
import { AbuseGuard } from './abuse-guard.js';
import type { SourceBlock } from './abuse-guard.js';

const START = Date.UTC(2026, 0, 1);

function guard(allow: readonly string[] = []) {
  const clock = new SimulatedClock(START);
  const blocks: SourceBlock[] = [];
  const abuse = new AbuseGuard({ clock, windowMs: 60_000, threshold: 3, blockMs: 900_000, allow, onBlock: (b) => blocks.push(b) });
  return { clock, abuse, blocks };
}

describe('AbuseGuard', () => {
  it('blocks a source at the threshold of failures within the window, for the block time', () => {
    const { clock, abuse, blocks } = guard();
    expect(abuse.recordFailure('198.51.100.7')).toBeUndefined();
    expect(abuse.recordFailure('198.51.100.7')).toBeUndefined();
    expect(abuse.isBlocked('198.51.100.7')).toBe(false);
    const block = abuse.recordFailure('198.51.100.7');
    expect(block).toEqual({ address: '198.51.100.7', since: START, until: START + 900_000, failures: 3 });
    expect(blocks).toEqual([block]);
    expect(abuse.isBlocked('198.51.100.7')).toBe(true);
    expect(abuse.isBlocked('198.51.100.8')).toBe(false);
    clock.advance(900_000);
    expect(abuse.isBlocked('198.51.100.7')).toBe(false);
    expect(abuse.blocks()).toEqual([]);
  });

  it('forgets failures older than the window', () => {
    const { clock, abuse } = guard();
    abuse.recordFailure('198.51.100.7');
    abuse.recordFailure('198.51.100.7');
    clock.advance(60_001);
    expect(abuse.recordFailure('198.51.100.7')).toBeUndefined();
    expect(abuse.isBlocked('198.51.100.7')).toBe(false);
  });

  it('never blocks an address or network on the allow-list; loopback is not exempt by default', () => {
    const { abuse } = guard(['10.0.0.0/8', '2001:db8::1']);
    for (let i = 0; i < 5; i++) {
      abuse.recordFailure('10.1.2.3');
      abuse.recordFailure('2001:db8::1');
      abuse.recordFailure('127.0.0.1');
    }
    expect(abuse.blocks().map((b) => b.address)).toEqual(['127.0.0.1']);
  });

  it('refuses an allow-list entry that is not an address or a network', () => {
    for (const entry of ['pbx.example', '10.0.0.0/33', '10.0.0.0/8/1', '::1/abc']) expect(() => guard([entry])).toThrow(/allow-list entry/);
  });

  it('lists blocks and lifts one, by any spelling of the address', () => {
    const { abuse } = guard();
    for (let i = 0; i < 3; i++) abuse.recordFailure('2001:db8::7');
    expect(abuse.blocks().map((b) => b.address)).toEqual(['2001:db8::7']);
    expect(abuse.lift('2001:0db8:0:0::7')).toBe(true);
    expect(abuse.lift('2001:db8::7')).toBe(false);
    expect(abuse.isBlocked('2001:db8::7')).toBe(false);
    expect(abuse.recordFailure('2001:db8::7')).toBeUndefined();
  });

  it('drops the messages of a blocked source before they reach the stack, and counts them', async () => {
    const { abuse } = guard();
    const delivered: string[] = [];
    let handlers: TransportHandlers | undefined;
    await abuse.guard(async (h) => {
      handlers = h;
      return { protocol: 'udp', reliable: false, local: { host: '192.0.2.1', port: 5060 }, send: async () => ({ ok: true }), close: async () => undefined };
    })({ onMessage: (m) => delivered.push(m.source.remoteAddress) });
    const from = (address: string): InboundMessage => ({
      data: Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n'),
      source: { protocol: 'udp', remoteAddress: address, remotePort: 5060, localAddress: '192.0.2.1', localPort: 5060 },
    });
    for (let i = 0; i < 3; i++) abuse.recordFailure('198.51.100.7');
    handlers?.onMessage(from('198.51.100.7'));
    handlers?.onMessage(from('198.51.100.8'));
    expect(delivered).toEqual(['198.51.100.8']);
    expect(abuse.dropped).toBe(1);
  });

  it('bounds the sources it counts failures for', () => {
    const clock = new SimulatedClock(START);
    const abuse = new AbuseGuard({ clock, windowMs: 60_000, threshold: 2, blockMs: 1000, maxTracked: 2 });
    abuse.recordFailure('198.51.100.1');
    abuse.recordFailure('198.51.100.2');
    abuse.recordFailure('198.51.100.3');
    // the first source was forgotten, so its second failure is its first again
    expect(abuse.recordFailure('198.51.100.1')).toBeUndefined();
    expect(abuse.recordFailure('198.51.100.3')).toBeDefined();
  });
});
