import { describe, expect, it } from 'vitest';
import { createErrorResponse } from './error-response.js';
import { headerValues } from './header-registry.js';
import type { SipRequest } from './message.js';
import { Method } from './methods.js';
import { parseMessage } from './parse.js';
import { parseNameAddr } from './name-addr.js';
import { parseUri } from './parse-uri.js';
import { createRequest } from './request.js';
import { createResponse } from './response.js';
import { serializeMessage } from './serialize.js';
import { Status } from './status.js';

const INVITE = 'INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP proxy.example;branch=z9hG4bKp;received=192.0.2.9\r\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776\r\n' +
  'Max-Forwards: 69\r\nRecord-Route: <sip:proxy.example;lr>\r\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\r\nTo: Bob <sip:bob@biloxi.com>\r\n' +
  'Call-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nTimestamp: 54\r\nContact: <sip:alice@pc33.atlanta.com>\r\nContent-Length: 0\r\n\r\n';

function invite(): SipRequest {
  const parsed = parseMessage(Buffer.from(INVITE));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('fixture');
  return parsed.message;
}

describe('createResponse (RFC 3261 §8.2.6)', () => {
  it('copies Via, From, To, Call-ID and CSeq byte for byte and adds the To tag', () => {
    const res = createResponse(invite(), Status.Ringing, { toTag: 'b0b' });
    const text = serializeMessage(res).toString();
    expect(text).toBe('SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP proxy.example;branch=z9hG4bKp;received=192.0.2.9\r\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776\r\n' +
      'From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\nTo: Bob <sip:bob@biloxi.com>;tag=b0b\r\nCall-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n');
    expect(res.to.params.get('tag')).toBe('b0b');
    expect(res.via).toHaveLength(2);
  });

  it('copies Timestamp into 100 Trying only (§8.2.6.1) and Record-Route when asked (§12.1.1)', () => {
    expect(headerValues(createResponse(invite(), Status.Trying), 'Timestamp')).toEqual(['54']);
    expect(headerValues(createResponse(invite(), Status.OK), 'Timestamp')).toEqual([]);
    const ok = createResponse(invite(), Status.OK, { toTag: 't', copyRecordRoute: true, contacts: [], reason: 'Fine', headers: [{ name: 'Allow', value: 'INVITE, ACK' }] });
    expect(ok.recordRoute).toHaveLength(1);
    expect(ok.reason).toBe('Fine');
    const reparsed = parseMessage(serializeMessage(ok));
    expect(reparsed.ok && reparsed.message.recordRoute).toHaveLength(1);
    expect(reparsed.ok && headerValues(reparsed.message, 'Allow')).toEqual(['INVITE, ACK']);
  });

  it('keeps an existing To tag (in-dialog request)', () => {
    const inDialog = { ...invite(), to: { ...invite().to, params: new Map([['tag', 'x']]) } };
    expect(createResponse(inDialog, Status.OK, { toTag: 'y' }).to.params.get('tag')).toBe('x');
  });
});

describe('createRequest (RFC 3261 §8.1.1)', () => {
  it('builds a request that serializes and parses back to the same values', () => {
    const uri = parseUri('sip:bob@biloxi.com');
    const from = parseNameAddr('"Alice" <sip:alice@atlanta.com>;tag=88');
    const to = parseNameAddr('<sip:bob@biloxi.com>');
    const route = parseNameAddr('<sip:p1.example;lr>');
    if (!uri.ok || !from.ok || !to.ok || !route.ok) throw new Error('fixture');
    const req = createRequest({
      method: Method.INVITE,
      uri: uri.value,
      via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.1', port: 5060, branch: 'z9hG4bKabc', rport: true, params: new Map() }],
      from: from.value,
      to: to.value,
      callId: 'call-1',
      cseq: 1,
      route: [route.value],
      contacts: [from.value],
      headers: [{ name: 'Supported', value: '100rel' }],
      body: Buffer.from('v=0\r\n'),
      contentType: { type: 'application', subtype: 'sdp', params: new Map() },
    });
    const back = parseMessage(serializeMessage(req));
    expect(back.ok).toBe(true);
    if (!back.ok || back.message.kind !== 'request') return;
    const { headers: _a, ...typed } = back.message;
    const { headers: _b, ...built } = req;
    expect(typed).toEqual(built);
  });
});

describe('createErrorResponse', () => {
  it('answers an unparseable request with its reason, from the recovered headers', () => {
    const parsed = parseMessage(Buffer.from(INVITE.replace('Max-Forwards: 69', 'Max-Forwards: 999')));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const res = createErrorResponse(parsed.error);
    expect(res?.status).toBe(Status.BadRequest);
    expect(serializeMessage(res as NonNullable<typeof res>).toString()).toMatch(/^SIP\/2\.0 400 Malformed Max-Forwards header \(not a number from 0 to 255\)\r\nVia: SIP\/2\.0\/UDP proxy\.example;branch=z9hG4bKp;received=192\.0\.2\.9\r\n/);
  });
});
