import type { SdpOptions } from './sdp-offer.js';
import { pcmuAudio, sessionAt } from './sdp-offer.js';
import { audioStream, readSdp } from './media-address.js';
import type { MediaAddress } from './media-address.js';
import { PayloadType } from './rtp-packet.js';

export type SdpAnswer =
  | { readonly ok: true; readonly sdp: string; readonly remote: MediaAddress }
  /** Nothing acceptable was offered: answer the INVITE with 488. */
  | { readonly ok: false; readonly reason: string };

/**
 * The answer of an endpoint at `local` to `offer` (RFC 3264 §6): the first audio stream is
 * accepted with PCMU when it lists payload type 0; every other stream is refused with port 0,
 * in the offer's order. `remote` is where to send the audio.
 */
export function sdpAnswer(offer: string, local: MediaAddress, options: SdpOptions = {}): SdpAnswer {
  const session = readSdp(offer);
  if (!session) return { ok: false, reason: 'the offer is not a session description' };
  const audio = audioStream(session);
  if (!audio) return { ok: false, reason: 'the offer has no audio stream' };
  if (!String(audio.media.payloads ?? '').split(' ').map(Number).includes(PayloadType.PCMU)) return { ok: false, reason: 'the offer\'s audio stream has no PCMU' };
  if (!audio.address) return { ok: false, reason: 'the offer\'s audio stream has no connection address' };
  const media = session.media.map((m, i) => (i === audio.index ? pcmuAudio(local.port) : { type: m.type, port: 0, protocol: m.protocol, payloads: m.payloads ?? '', rtp: [], fmtp: [] }));
  return { ok: true, sdp: sessionAt(local.host, media, options), remote: audio.address };
}
