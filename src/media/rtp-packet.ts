/**
 * RTP data packets (RFC 3550 §5.1): the fixed 12-byte header, optional CSRC list, header
 * extension and padding. Reading applies the validity checks of RFC 3550 Appendix A.1 that a
 * receiver can make on a single packet.
 */

export const RTP_VERSION = 2;
export const RTP_HEADER_BYTES = 12;

/** Static payload types of RFC 3551 §6 that test calls use. */
export const PayloadType = {
  PCMU: 0,
  PCMA: 8,
} as const;

export interface RtpHeader {
  readonly marker: boolean;
  /** 0–127. */
  readonly payloadType: number;
  /** 16 bits, wrapping. */
  readonly sequence: number;
  /** 32 bits, wrapping, in sampling-clock units. */
  readonly timestamp: number;
  /** 32 bits. */
  readonly ssrc: number;
}

export type RtpParse =
  | { readonly ok: true; readonly header: RtpHeader; readonly payload: Buffer }
  | { readonly ok: false; readonly reason: string };

/** RTCP SR and RR: a packet with these "payload types" is RTCP sent to the RTP port (RFC 5761 §4). */
const RTCP_CONFLICT: ReadonlySet<number> = new Set([72, 73]);

/** A packet with version 2, no padding, no CSRCs and no extension. */
export function encodeRtpPacket(header: RtpHeader, payload: Uint8Array): Buffer {
  if (!Number.isInteger(header.payloadType) || header.payloadType < 0 || header.payloadType > 127) {
    throw new RangeError(`RTP payload type ${header.payloadType} is not in 0–127`);
  }
  const packet = Buffer.alloc(RTP_HEADER_BYTES + payload.length);
  packet[0] = RTP_VERSION << 6;
  packet[1] = (header.marker ? 0x80 : 0) | header.payloadType;
  packet.writeUInt16BE(header.sequence & 0xffff, 2);
  packet.writeUInt32BE(header.timestamp >>> 0, 4);
  packet.writeUInt32BE(header.ssrc >>> 0, 8);
  packet.set(payload, RTP_HEADER_BYTES);
  return packet;
}

export function parseRtpPacket(data: Buffer): RtpParse {
  if (data.length < RTP_HEADER_BYTES) return { ok: false, reason: `${data.length} bytes are fewer than an RTP header` };
  const first = data[0] as number;
  const version = first >> 6;
  if (version !== RTP_VERSION) return { ok: false, reason: `RTP version ${version}` };
  const second = data[1] as number;
  const payloadType = second & 0x7f;
  if (RTCP_CONFLICT.has(payloadType)) return { ok: false, reason: 'an RTCP packet' };
  let start = RTP_HEADER_BYTES + 4 * (first & 0x0f);
  if ((first & 0x10) !== 0) {
    if (data.length < start + 4) return { ok: false, reason: 'the header extension is cut off' };
    start += 4 + 4 * data.readUInt16BE(start + 2);
  }
  let end = data.length;
  if ((first & 0x20) !== 0) {
    const padding = data[data.length - 1] as number;
    if (padding === 0) return { ok: false, reason: 'padding of zero bytes' };
    end -= padding;
  }
  if (end < start) return { ok: false, reason: 'the header is longer than the packet' };
  return {
    ok: true,
    header: {
      marker: (second & 0x80) !== 0,
      payloadType,
      sequence: data.readUInt16BE(2),
      timestamp: data.readUInt32BE(4),
      ssrc: data.readUInt32BE(8),
    },
    payload: data.subarray(start, end),
  };
}
