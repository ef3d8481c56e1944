import { describe, expect, it } from 'vitest';
import { headerValues } from './header-registry.js';
import type { NameAddr } from './header-values.js';
import type { SipRequest } from './message.js';
import {
  addHeader, decrementMaxForwards, prependRecordRoute, prependVia, removeHeader, removeTopRoute, removeTopVia, setHeader,
  withBody, withContacts, withRequestUri, withRoute, withToTag,
} from './message-edit.js';
import { parseNameAddr } from './name-addr.js';
import { parseMessage } from './parse.js';
import { parseUri } from './parse-uri.js';
import { serializeMessage } from './serialize.js';

function request(extra = ''): SipRequest {
  const text = 'INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/UDP b.example;branch=z9hG4bK2\r\n' +
    'Max-Forwards: 5\r\nRoute: <sip:p1.example;lr>,<sip:p2.example;lr>\r\nFrom: <sip:a@a.example>;tag=1\r\nTo:   <sip:b@b.example>\r\n' +
    `Call-ID: c1\r\nCSeq: 1 INVITE\r\nX-Keep:  exactly  this\r\n${extra}Content-Length: 0\r\n\r\n`;
  const parsed = parseMessage(Buffer.from(text));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('fixture');
  return parsed.message;
}
const reparse = (msg: SipRequest): SipRequest => {
  const parsed = parseMessage(serializeMessage(msg));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error(parsed.ok ? 'kind' : parsed.error.reason);
  return parsed.message;
};
const nameAddr = (text: string): NameAddr => {
  const parsed = parseNameAddr(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('message edits keep typed fields and lines in agreement', () => {
  it('prepends and removes Via entries', () => {
    const via = { protocol: 'SIP/2.0', transport: 'UDP', host: 'proxy.example', port: 5060, branch: 'z9hG4bKnew', rport: true as const, params: new Map() };
    const added = prependVia(request(), via);
    expect(reparse(added).via.map((v) => v.host)).toEqual(['proxy.example', 'a.example', 'b.example']);
    const removed = removeTopVia(removeTopVia(added));
    expect(removed.via.map((v) => v.host)).toEqual(['b.example']);
    expect(reparse(removed).via.map((v) => v.host)).toEqual(['b.example']);
  });

  it('pops the top Route and prepends Record-Route', () => {
    const msg = prependRecordRoute(removeTopRoute(request()), nameAddr('<sip:proxy.example;lr>'));
    const back = reparse(msg);
    expect(back.route.map((r) => r.uri.kind === 'sip' && r.uri.host)).toEqual(['p2.example']);
    expect(back.recordRoute).toHaveLength(1);
    expect(reparse(withRoute(msg, [])).route).toEqual([]);
  });

  it('decrements Max-Forwards, adds 70 when absent, and refuses to go below 0', () => {
    expect(reparse(decrementMaxForwards(request())).maxForwards).toBe(4);
    const without = { ...request(), maxForwards: undefined, headers: request().headers.filter((h) => h.name !== 'Max-Forwards') };
    expect(decrementMaxForwards(without).maxForwards).toBe(70);
    expect(() => decrementMaxForwards({ ...request(), maxForwards: 0 })).toThrow(RangeError);
  });

  it('sets the To tag without disturbing the rest of the line', () => {
    const msg = withToTag(request(), 'as83kd');
    expect(msg.to.params.get('tag')).toBe('as83kd');
    expect(headerValues(msg, 'To')).toEqual(['<sip:b@b.example>;tag=as83kd']);
    expect(reparse(withToTag(msg, 'other')).to.params.get('tag')).toBe('other');
  });

  it('replaces the Request-URI, the contacts and the body', () => {
    const uri = parseUri('sip:bob@192.0.2.4:5062;transport=tcp');
    if (!uri.ok) throw new Error(uri.reason);
    const msg = withBody(withContacts(withRequestUri(request(), uri.value), [nameAddr('<sip:b2bua@192.0.2.1>')]), Buffer.from('v=0\r\n'), { type: 'application', subtype: 'sdp', params: new Map() });
    const back = reparse(msg);
    expect(back.uri).toEqual(uri.value);
    expect(back.contacts).toHaveLength(1);
    expect(back.contentType).toMatchObject({ type: 'application', subtype: 'sdp' });
    expect(back.body.toString()).toBe('v=0\r\n');
    expect(reparse(withBody(back, Buffer.alloc(0))).contentType).toBeUndefined();
  });

  it('sets, adds and removes other headers and keeps untouched lines byte-exact', () => {
    let msg = addHeader(addHeader(request(), 'P-Asserted-Identity', '<sip:+4922198765@carrier.example>'), 'X-Two', 'b');
    msg = setHeader(msg, 'x-two', 'c');
    msg = removeHeader(msg, 'P-Asserted-Identity');
    const text = serializeMessage(msg).toString();
    expect(text).toContain('X-Keep:  exactly  this\r\n');
    expect(text.match(/X-Two: c\r\n/g)).toHaveLength(1);
    expect(text).toContain('To:   <sip:b@b.example>\r\n');
    expect(text).not.toContain('P-Asserted-Identity');
    expect(() => setHeader(msg, 'Via', 'x')).toThrow(/typed header/);
    expect(() => addHeader(msg, 'l', '3')).toThrow(/typed header/);
  });
});
