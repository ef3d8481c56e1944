import { parse, write } from 'sdp-transform';
import type { MediaDescription, SessionDescription } from 'sdp-transform';

/** The G.711 payloads this test peer speaks (RFC 3551 static types). */
const CODECS: readonly { readonly payload: number; readonly codec: string }[] = [
  { payload: 0, codec: 'PCMU' },
  { payload: 8, codec: 'PCMA' },
];

/**
 * The test peer's session description: an answer keeping the first G.711 codec of the offer, or
 * an offer of both when the INVITE carried none; `undefined` when the offer has no G.711 (answer
 * 488). No media flows; the address is the peer's own.
 */
export function sdpFor(offer: Buffer, host: string, mediaPort: number, sessionId: number): Buffer | undefined {
  const offered = offer.length > 0 ? parse(offer.toString('utf8')).media.find((m) => m.type === 'audio') : undefined;
  const offeredPayloads = offered ? String(offered.payloads ?? '').split(' ').map(Number) : CODECS.map((c) => c.payload);
  const chosen = CODECS.filter((c) => offeredPayloads.includes(c.payload));
  const codecs = offered ? chosen.slice(0, 1) : chosen;
  if (codecs.length === 0) return undefined;
  const media: MediaDescription = {
    type: 'audio',
    port: mediaPort,
    protocol: 'RTP/AVP',
    payloads: codecs.map((c) => c.payload).join(' '),
    rtp: codecs.map((c) => ({ payload: c.payload, codec: c.codec, rate: 8000 })),
    fmtp: [],
  };
  const session: SessionDescription = {
    version: 0,
    origin: { username: 'belay-test', sessionId, sessionVersion: 1, netType: 'IN', ipVer: 4, address: host },
    name: '-',
    connection: { version: 4, ip: host },
    timing: { start: 0, stop: 0 },
    media: [media],
  };
  return Buffer.from(write(session));
}
