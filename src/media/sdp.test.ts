import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { mediaAddress } from './media-address.js';
import { sdpAnswer } from './sdp-answer.js';
import { sdpOffer } from './sdp-offer.js';

describe('SDP offer and answer', () => {
  it('offers PCMU/8000 in 20 ms packets from the endpoint address, IPv4 and IPv6', () => {
    const offer = parse(sdpOffer({ host: '127.0.0.1', port: 40000 }, { sessionId: 7 }));
    expect(offer.connection).toEqual({ version: 4, ip: '127.0.0.1' });
    expect(offer.media[0]).toMatchObject({ type: 'audio', port: 40000, protocol: 'RTP/AVP', payloads: 0, ptime: 20, direction: 'sendrecv' });
    expect(offer.media[0]?.rtp).toEqual([{ payload: 0, codec: 'PCMU', rate: 8000 }]);
    expect(parse(sdpOffer({ host: '::1', port: 40002 })).connection).toEqual({ version: 6, ip: '::1' });
  });

  it('answers the first audio stream with PCMU and refuses the others with port 0', () => {
    const offer = [
      'v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
      'm=audio 30000 RTP/AVP 8 0 101', 'c=IN IP4 127.0.0.2', 'a=rtpmap:101 telephone-event/8000',
      'm=video 30002 RTP/AVP 96', '',
    ].join('\r\n');
    const answer = sdpAnswer(offer, { host: '127.0.0.1', port: 41000 });
    expect(answer.ok && answer.remote).toEqual({ host: '127.0.0.2', port: 30000 });
    const media = answer.ok ? parse(answer.sdp).media : [];
    expect(media.map((m) => [m.type, m.port, String(m.payloads)])).toEqual([['audio', 41000, '0'], ['video', 0, '96']]);
    expect(answer.ok && mediaAddress(answer.sdp)).toEqual({ host: '127.0.0.1', port: 41000 });
  });

  it('says why an offer cannot be answered', () => {
    const local = { host: '127.0.0.1', port: 41000 };
    expect(sdpAnswer('v=0\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nm=audio 3000 RTP/AVP 8\r\n', local)).toEqual({ ok: false, reason: "the offer's audio stream has no PCMU" });
    expect(sdpAnswer('v=0\r\ns=-\r\nm=video 3000 RTP/AVP 96\r\n', local)).toEqual({ ok: false, reason: 'the offer has no audio stream' });
    expect(sdpAnswer('v=0\r\ns=-\r\nm=audio 3000 RTP/AVP 0\r\n', local)).toEqual({ ok: false, reason: "the offer's audio stream has no connection address" });
    expect(mediaAddress('not sdp at all')).toBeUndefined();
    expect(mediaAddress('v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 0 RTP/AVP 0\r\n')).toBeUndefined();
  });
});
