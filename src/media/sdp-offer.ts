import { write } from 'sdp-transform';
import type { MediaDescription, SessionDescription } from 'sdp-transform';
import { isIPv6 } from 'node:net';
import type { MediaAddress } from './media-address.js';
import { PayloadType } from './rtp-packet.js';

export interface SdpOptions {
  /** The `o=` session id; a number unique enough for one test run. */
  readonly sessionId?: number;
  /** The `o=` user name. */
  readonly username?: string;
}

/** One audio stream of PCMU at 8 kHz in 20 ms packets, send and receive. */
export function pcmuAudio(port: number): MediaDescription {
  return {
    type: 'audio',
    port,
    protocol: 'RTP/AVP',
    payloads: String(PayloadType.PCMU),
    rtp: [{ payload: PayloadType.PCMU, codec: 'PCMU', rate: 8000 }],
    fmtp: [],
    ptime: 20,
    direction: 'sendrecv',
  };
}

/** A session description with `media`, connected at `host`. */
export function sessionAt(host: string, media: readonly MediaDescription[], options: SdpOptions = {}): string {
  const ipVer = isIPv6(host) ? 6 : 4;
  const session: SessionDescription = {
    version: 0,
    origin: { username: options.username ?? '-', sessionId: options.sessionId ?? Date.now(), sessionVersion: 1, netType: 'IN', ipVer, address: host },
    name: '-',
    connection: { version: ipVer, ip: host },
    timing: { start: 0, stop: 0 },
    media: [...media],
  };
  return write(session);
}

/** The offer of an endpoint at `local` (RFC 3264 §5): PCMU only, which is what it sends. */
export function sdpOffer(local: MediaAddress, options: SdpOptions = {}): string {
  return sessionAt(local.host, [pcmuAudio(local.port)], options);
}
