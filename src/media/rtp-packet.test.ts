import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PayloadType, RTP_HEADER_BYTES, encodeRtpPacket, parseRtpPacket } from './rtp-packet.js';

describe('RTP packets', () => {
  it('writes the fixed header of RFC 3550 §5.1 byte for byte', () => {
    const packet = encodeRtpPacket({ marker: true, payloadType: PayloadType.PCMU, sequence: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304 }, Buffer.from([1, 2]));
    expect([...packet]).toEqual([0x80, 0x80, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 1, 2]);
  });

  it('reads back what it wrote, for any header and payload', () => {
    fc.assert(
      fc.property(
        fc.record({
          marker: fc.boolean(),
          payloadType: fc.integer({ min: 0, max: 127 }).filter((pt) => pt !== 72 && pt !== 73),
          sequence: fc.integer({ min: 0, max: 0xffff }),
          timestamp: fc.nat({ max: 0xffffffff }),
          ssrc: fc.nat({ max: 0xffffffff }),
        }),
        fc.uint8Array({ maxLength: 320 }),
        (header, payload) => {
          const parsed = parseRtpPacket(encodeRtpPacket(header, payload));
          expect(parsed.ok && parsed.header).toEqual(header);
          expect(parsed.ok && [...parsed.payload]).toEqual([...payload]);
        },
      ),
    );
  });

  it('skips CSRCs and a header extension, and drops padding', () => {
    const csrcAndExtension = Buffer.concat([
      Buffer.from([0x91, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]),
      Buffer.from([0, 0, 0, 9]), // one CSRC
      Buffer.from([0xbe, 0xde, 0, 1, 1, 2, 3, 4]), // extension of one word
      Buffer.from([7, 7]),
    ]);
    const a = parseRtpPacket(csrcAndExtension);
    expect(a.ok && [...a.payload]).toEqual([7, 7]);
    const padded = Buffer.concat([Buffer.from([0xa0, 0x00, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]), Buffer.from([5, 0, 0, 3])]);
    const b = parseRtpPacket(padded);
    expect(b.ok && [...b.payload]).toEqual([5]);
  });

  it('refuses what is not an RTP version 2 data packet', () => {
    const base = encodeRtpPacket({ marker: false, payloadType: 0, sequence: 1, timestamp: 1, ssrc: 1 }, Buffer.alloc(4));
    expect(parseRtpPacket(base.subarray(0, RTP_HEADER_BYTES - 1)).ok).toBe(false);
    const v1 = Buffer.from(base);
    v1[0] = 0x40;
    expect(parseRtpPacket(v1)).toEqual({ ok: false, reason: 'RTP version 1' });
    const rtcp = Buffer.from(base);
    rtcp[1] = 200; // an RTCP SR: marker bit and 72
    expect(parseRtpPacket(rtcp)).toEqual({ ok: false, reason: 'an RTCP packet' });
    const tooMuchPadding = Buffer.from(base);
    tooMuchPadding[0] = 0xa0;
    tooMuchPadding[tooMuchPadding.length - 1] = 200;
    expect(parseRtpPacket(tooMuchPadding).ok).toBe(false);
    expect(() => encodeRtpPacket({ marker: false, payloadType: 128, sequence: 0, timestamp: 0, ssrc: 0 }, Buffer.alloc(0))).toThrow(RangeError);
  });
});
