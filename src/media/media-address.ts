import { parse } from 'sdp-transform';
import type { MediaDescription, SessionDescription } from 'sdp-transform';

/** Where a stream's RTP goes: an IP literal and a port. */
export interface MediaAddress {
  readonly host: string;
  readonly port: number;
}

/** The first audio stream that was not refused (port 0), and its address (media-level `c=`, else the session's). */
export function audioStream(session: SessionDescription): { readonly index: number; readonly media: MediaDescription; readonly address: MediaAddress | undefined } | undefined {
  const index = session.media.findIndex((m) => m.type === 'audio' && m.port > 0);
  const media = session.media[index];
  if (!media) return undefined;
  const host = media.connection?.ip ?? session.connection?.ip;
  const address = host !== undefined && Number.isInteger(media.port) && media.port <= 65535 ? { host, port: media.port } : undefined;
  return { index, media, address };
}

/** A session description read leniently; `undefined` when it cannot be read at all. */
export function readSdp(sdp: string): SessionDescription | undefined {
  try {
    return parse(sdp);
  } catch {
    return undefined;
  }
}

/** Where the audio of a session description goes; `undefined` without a usable audio stream. */
export function mediaAddress(sdp: string): MediaAddress | undefined {
  const session = readSdp(sdp);
  return session && audioStream(session)?.address;
}
