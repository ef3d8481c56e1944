import { describe, expect, it } from 'vitest';
import type { SipMessage } from './message.js';
import { parseMessage } from './parse.js';
import { serializeMessage } from './serialize.js';

const parse = (text: string): SipMessage => {
  const result = parseMessage(Buffer.from(text));
  if (!result.ok) throw new Error(result.error.reason);
  return result.message;
};
const HEAD = 'Via: SIP/2.0/UDP a.example;branch=z9hG4bK1\r\nFrom: <sip:a@a.example>;tag=1\r\nTo: <sip:b@b.example>\r\nCall-ID: c1\r\nCSeq: 1 MESSAGE\r\n';

describe('serializeMessage', () => {
  it('reproduces a parsed message byte for byte, unknown and oddly written headers included', () => {
    const text = `MESSAGE sip:b@b.example SIP/2.0\r\n${HEAD}X-Odd  :  spaced \r\nX-Folded: one\r\n  two\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello`;
    expect(serializeMessage(parse(text)).toString()).toBe(text);
  });

  it('corrects a stale Content-Length in place, drops duplicates, and adds a missing one', () => {
    const msg = parse(`MESSAGE sip:b@b.example SIP/2.0\r\n${HEAD}l: 2\r\nX-After: 1\r\n\r\nhello`);
    expect(serializeMessage(msg).toString()).toBe(`MESSAGE sip:b@b.example SIP/2.0\r\n${HEAD}l: 2\r\nX-After: 1\r\n\r\nhe`);
    const unbounded = parse(`MESSAGE sip:b@b.example SIP/2.0\r\n${HEAD}\r\nhello`);
    expect(serializeMessage(unbounded).toString()).toBe(`MESSAGE sip:b@b.example SIP/2.0\r\n${HEAD}Content-Length: 5\r\n\r\nhello`);
    expect(serializeMessage({ ...unbounded, body: Buffer.from('hi!') }).toString()).toContain('Content-Length: 3\r\n\r\nhi!');
  });

  it('writes the status line of a response and encodes UTF-8 header text', () => {
    const msg = parse(`SIP/2.0 480 Vorübergehend nicht erreichbar\r\n${HEAD}Subject: Grüße\r\nContent-Length: 0\r\n\r\n`);
    const out = serializeMessage(msg);
    expect(out.toString('utf8')).toContain('SIP/2.0 480 Vorübergehend nicht erreichbar\r\n');
    expect(out.toString('utf8')).toContain('Subject: Grüße\r\n');
  });
});
