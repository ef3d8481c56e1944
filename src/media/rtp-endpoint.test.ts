import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpEndpoint } from './rtp-endpoint.js';
import type { MediaClock } from './rtp-endpoint.js';
import { parseRtpPacket } from './rtp-packet.js';
import type { RtpHeader } from './rtp-packet.js';

const realClock: MediaClock = {
  now: () => Date.now(),
  setTimer: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

/** A clock that moves only when told, firing due timers in order. */
class ManualClock implements MediaClock {
  private time = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now(): number {
    return this.time;
  }
  setTimer(ms: number, fn: () => void): { cancel(): void } {
    const timer = { at: this.time + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.time = due.at;
      due.fn();
    }
    this.time = end;
  }
}

const until = async (condition: () => boolean, ms = 2000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const opened: RtpEndpoint[] = [];
const open = async (host: '127.0.0.1' | '::1', clock: MediaClock = realClock): Promise<RtpEndpoint> => {
  const endpoint = await RtpEndpoint.open({ host, clock });
  opened.push(endpoint);
  return endpoint;
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.close()));
});

describe('RtpEndpoint', () => {
  it('two endpoints on loopback send to each other and count what arrives', async () => {
    const a = await open('127.0.0.1');
    const b = await open('127.0.0.1');
    expect(a.startSending(b.local)).toEqual({ ok: true });
    expect(b.startSending(a.local)).toEqual({ ok: true });
    await until(() => a.stats.received >= 5 && b.stats.received >= 5);
    a.stopSending();
    b.stopSending();
    expect(a.stats).toMatchObject({ invalid: 0, outOfSequence: 0 });
    expect(b.stats).toMatchObject({ invalid: 0, outOfSequence: 0 });
    expect(a.stats.sent).toBeGreaterThanOrEqual(b.stats.received);
  });

  it('works on ::1 too', async () => {
    const a = await open('::1');
    const b = await open('::1');
    expect(a.startSending(b.local)).toEqual({ ok: true });
    await until(() => b.stats.received >= 3);
  });

  it('writes RFC 3550 headers: version 2, PCMU, one SSRC, sequence +1 and timestamp +160, marker first', async () => {
    const sink = createSocket('udp4');
    await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
    const headers: RtpHeader[] = [];
    const sizes: number[] = [];
    sink.on('message', (data) => {
      const parsed = parseRtpPacket(data);
      if (parsed.ok) headers.push(parsed.header);
      sizes.push(parsed.ok ? parsed.payload.length : -1);
    });
    try {
      const sender = await open('127.0.0.1');
      sender.startSending({ host: '127.0.0.1', port: sink.address().port });
      await until(() => headers.length >= 4);
      sender.stopSending();
      const [first, ...rest] = headers;
      expect(first?.marker).toBe(true);
      expect(sizes.every((size) => size === 160)).toBe(true);
      rest.forEach((h, i) => {
        const previous = headers[i] as RtpHeader;
        expect(h).toMatchObject({ marker: false, payloadType: 0, ssrc: first?.ssrc });
        expect(h.sequence).toBe((previous.sequence + 1) & 0xffff);
        expect(h.timestamp).toBe((previous.timestamp + 160) >>> 0);
      });
    } finally {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });

  it('sends one packet every 20 ms, paced by its clock', async () => {
    const clock = new ManualClock();
    const a = await open('127.0.0.1', clock);
    const b = await open('127.0.0.1');
    a.startSending(b.local);
    expect(a.stats.sent).toBe(1);
    clock.advance(19);
    expect(a.stats.sent).toBe(1);
    clock.advance(81);
    expect(a.stats.sent).toBe(6);
    a.stopSending();
    clock.advance(100);
    expect(a.stats.sent).toBe(6);
    await until(() => b.stats.received === 6);
  });

  it('counts datagrams that are not PCMU RTP as invalid, and notices gaps', async () => {
    const endpoint = await open('127.0.0.1');
    const sender = createSocket('udp4');
    const send = (packet: Buffer): Promise<void> => new Promise((resolve) => sender.send(packet, endpoint.local.port, '127.0.0.1', () => resolve()));
    const rtp = (sequence: number, timestamp: number, payloadType = 0): Buffer =>
      Buffer.from([0x80, payloadType, sequence >> 8, sequence & 0xff, 0, 0, timestamp >> 8, timestamp & 0xff, 0, 0, 0, 1, 0xff]);
    try {
      await send(Buffer.from('not rtp'));
      await send(rtp(1, 160, 8));
      await send(rtp(1, 160));
      await send(rtp(2, 320));
      await send(rtp(4, 640));
      await until(() => endpoint.stats.received + endpoint.stats.invalid === 5);
      expect(endpoint.stats).toEqual({ sent: 0, received: 3, invalid: 2, outOfSequence: 1 });
    } finally {
      sender.close();
    }
  });

  it('sends to loopback only', async () => {
    const endpoint = await open('127.0.0.1');
    expect(endpoint.startSending({ host: '192.0.2.10', port: 4000 })).toEqual({ ok: false, reason: '192.0.2.10 is not a loopback address' });
    expect(endpoint.startSending({ host: 'localhost', port: 4000 }).ok).toBe(false);
    expect(endpoint.startSending({ host: '::1', port: 4000 }).ok).toBe(false);
    expect(endpoint.startSending({ host: '127.0.0.1', port: 0 }).ok).toBe(false);
    expect(endpoint.stats.sent).toBe(0);
    await expect(RtpEndpoint.open({ host: '0.0.0.0' as '127.0.0.1', clock: realClock })).rejects.toThrow(RangeError);
  });
});
