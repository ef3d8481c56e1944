import { describe, expect, it } from 'vitest';
import type { SipMessage } from './message.js';
import { parseMessage } from './parse.js';
import type { ParseError } from './parse-error.js';
import type { ParseOptions } from './parse-limits.js';
import { Status } from './status.js';

const HEAD = [
  'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.com>',
  'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.com',
  'CSeq: 314159 INVITE',
];
const wire = (lines: readonly string[], body = '', eol = '\r\n'): Buffer => Buffer.from(`${lines.join(eol)}${eol}${eol}${body}`);
const invite = (extra: readonly string[] = [], body = ''): Buffer => wire(['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD, ...extra], body);

function ok(buf: Buffer, options?: ParseOptions): SipMessage {
  const result = parseMessage(buf, options);
  if (!result.ok) throw new Error(result.error.reason);
  return result.message;
}
function err(buf: Buffer, options?: ParseOptions): ParseError {
  const result = parseMessage(buf, options);
  if (result.ok) throw new Error('accepted');
  return result.error;
}

describe('parseMessage: structure (RFC 3261 §7)', () => {
  it('parses a request with its hot headers', () => {
    const msg = ok(invite(['Contact: <sip:alice@pc33.atlanta.com>', 'Content-Type: application/sdp', 'Content-Length: 4'], 'v=0\r'));
    expect(msg).toMatchObject({ kind: 'request', method: 'INVITE', callId: 'a84b4c76e66710@pc33.atlanta.com', cseq: { seq: 314159, method: 'INVITE' }, maxForwards: 70 });
    expect(msg.body.toString()).toBe('v=0\r');
    expect(msg.headers).toHaveLength(9);
  });

  it('parses a response status line', () => {
    const msg = ok(wire(['SIP/2.0 486 Busy Here', ...HEAD.filter((h) => !h.startsWith('Max'))]));
    expect(msg).toMatchObject({ kind: 'response', status: Status.BusyHere, reason: 'Busy Here' });
  });

  it('ignores CRLFs before the start line (§7.5) and accepts LF-only line ends', () => {
    expect(ok(Buffer.concat([Buffer.from('\r\n\r\n'), invite()])).kind).toBe('request');
    expect(ok(wire(['OPTIONS sip:bob@biloxi.com SIP/2.0', ...HEAD.map((h) => h.replace('INVITE', 'OPTIONS'))], '', '\n')).kind).toBe('request');
  });

  it('unfolds continuation lines and matches names case-insensitively and in compact form', () => {
    const msg = ok(wire([
      'INVITE sip:bob@biloxi.com SIP/2.0',
      'v: SIP/2.0/UDP a.example;branch=z9hG4bK1,',
      '\tSIP/2.0/TCP b.example;branch=z9hG4bK2',
      'VIA: SIP/2.0/UDP c.example;branch=z9hG4bK3',
      'f: <sip:alice@atlanta.com>;tag=1',
      't: <sip:bob@biloxi.com>',
      'i: abc',
      'cseq: 1',
      '  INVITE',
      'm: <sip:a@1.example>, <sip:b@2.example>',
      'Contact: <sip:c@3.example>',
      'l: 0',
    ]));
    expect(msg.via.map((v) => v.host)).toEqual(['a.example', 'b.example', 'c.example']);
    expect(msg.contacts).toHaveLength(3);
    expect(msg.cseq).toEqual({ seq: 1, method: 'INVITE' });
    expect(msg.headers[0]).toEqual({ name: 'v', value: 'SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/TCP b.example;branch=z9hG4bK2', raw: 'v: SIP/2.0/UDP a.example;branch=z9hG4bK1,\r\n\tSIP/2.0/TCP b.example;branch=z9hG4bK2' });
  });

  it('keeps raw text only for lines not written as "Name: value"', () => {
    const msg = ok(invite(['X-A: 1', 'X-B :1', 'X-C:  2 ']));
    expect(msg.headers.slice(-3)).toEqual([{ name: 'X-A', value: '1' }, { name: 'X-B', value: '1', raw: 'X-B :1' }, { name: 'X-C', value: '2', raw: 'X-C:  2 ' }]);
  });

  it('reads Contact: * as the wildcard', () => {
    const msg = ok(wire(['REGISTER sip:example.com SIP/2.0', ...HEAD.map((h) => h.replace('INVITE', 'REGISTER')), 'Contact: *', 'Expires: 0']));
    expect(msg).toMatchObject({ contactWildcard: true, contacts: [] });
  });

  it('discards datagram bytes after Content-Length, takes the rest when it is absent, demands it on streams (§18.3)', () => {
    expect(ok(invite(['Content-Length: 2'], 'abcdef')).body.toString()).toBe('ab');
    expect(ok(invite([], 'abcdef')).body.toString()).toBe('abcdef');
    expect(err(invite([], 'abcdef'), { framing: 'stream' }).reason).toBe('Missing Content-Length header');
    expect(err(invite(['Content-Length: 7'], 'abcdef')).reason).toBe('Content-Length larger than the message body');
  });

  it('accepts a header section that ends the datagram without the empty line only as an error', () => {
    expect(err(Buffer.from(`INVITE sip:bob@biloxi.com SIP/2.0\r\n${HEAD.join('\r\n')}`)).reason).toBe('Header section not terminated by an empty line');
  });
});

describe('parseMessage: errors are values with what a responder needs', () => {
  it.each([
    [['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD, 'Bad header line'], 'Header line without a colon'],
    [['INVITE sip:bob@biloxi.com SIP/2.0', ' folded', ...HEAD], 'Continuation line before the first header'],
    [['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD, 'Bad Name: x'], 'Malformed header name'],
    [['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD, 'Max-Forwards: 1'], 'Multiple Max-Forwards headers'],
    [['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD.slice(0, 1), 'Max-Forwards: 256', ...HEAD.slice(2)], 'Malformed Max-Forwards header'],
    [['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD.slice(0, 5)], 'Missing CSeq header'],
    [['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD.slice(1)], 'Missing Via header'],
    [['INVITE sip:bob@biloxi.com', ...HEAD], 'Malformed request line'],
    [['INVITE sip:bob@biloxi.com SIP/2', ...HEAD], 'Malformed SIP version'],
    [['SIP/2.0 99 Odd', ...HEAD], 'Malformed status code'],
    [['SIP/2.0 1000 Odd', ...HEAD], 'Malformed status code'],
    [['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD, 'Route: sip:p.example;lr'], 'Malformed Route header (URI not enclosed in <>)'],
  ])('%j → %s', (lines, reason) => {
    const error = err(wire(lines));
    expect(error.status).toBe(Status.BadRequest);
    expect(error.reason.startsWith(reason)).toBe(true);
  });

  it('recovers Via, From, To, Call-ID, CSeq and the method even when another header is broken', () => {
    const error = err(invite(['Content-Length: -1']));
    expect(error).toMatchObject({ kind: 'request', method: 'INVITE', callId: 'a84b4c76e66710@pc33.atlanta.com', cseq: { seq: 314159 } });
    expect(error.via?.[0]?.branch).toBe('z9hG4bK776asdhds');
    expect(error.from?.params.get('tag')).toBe('1928301774');
  });

  it('classifies SIP/3.0 as 505 and an unknown Request-URI scheme as 416, with headers recovered', () => {
    const version = err(wire(['INVITE sip:bob@biloxi.com SIP/3.0', ...HEAD]));
    expect(version).toMatchObject({ class: 'version-not-supported', status: Status.VersionNotSupported, callId: 'a84b4c76e66710@pc33.atlanta.com' });
    const scheme = err(wire(['INVITE im:bob@biloxi.com SIP/2.0', ...HEAD]));
    expect(scheme).toMatchObject({ class: 'unsupported-uri-scheme', status: Status.UnsupportedUriScheme });
    expect(ok(wire(['INVITE urn:service:sos SIP/2.0', ...HEAD]), { requestUriSchemes: ['sip', 'sips', 'tel', 'urn'] }).kind).toBe('request');
  });

  it('rejects a header section that is not UTF-8', () => {
    const buf = invite(['Subject: x']);
    buf[buf.indexOf('Subject: x') + 9] = 0xff;
    expect(err(buf).reason).toBe('Header section is not valid UTF-8');
  });

  it('never throws on empty or garbage input', () => {
    expect(err(Buffer.alloc(0)).reason).toBe('Empty message');
    expect(err(Buffer.from('\r\n\r\n')).reason).toBe('Empty message');
    expect(err(Buffer.from([0, 1, 2, 3, 0xff])).status).toBe(Status.BadRequest);
  });
});

describe('parseMessage: limits', () => {
  it('reports an oversized message as 513 with the headers recovered', () => {
    const error = err(invite([], 'x'.repeat(2000)), { limits: { maxMessageBytes: 1000 } });
    expect(error).toMatchObject({ class: 'too-large', status: Status.MessageTooLarge, callId: 'a84b4c76e66710@pc33.atlanta.com' });
  });

  it('bounds header count, line length, Via and Route entries', () => {
    const many = Array.from({ length: 20 }, (_, i) => `X-${i}: ${i}`);
    expect(err(invite(many), { limits: { maxHeaders: 10 } }).reason).toBe('Too many headers');
    expect(err(invite([`Subject: ${'s'.repeat(200)}`]), { limits: { maxLineLength: 100 } }).reason).toBe('Subject header too long');
    expect(err(wire(['INVITE sip:bob@biloxi.com SIP/2.0', ...HEAD, 'Via: SIP/2.0/UDP a, SIP/2.0/UDP b']), { limits: { maxVia: 2 } }).reason).toMatch(/too many Via/);
    expect(err(invite(['Route: <sip:a;lr>', 'Route: <sip:b;lr>, <sip:c;lr>']), { limits: { maxRoute: 2 } }).reason).toMatch(/too many values/);
    expect(err(wire([`INVITE sip:${'u'.repeat(200)}@biloxi.com SIP/2.0`, ...HEAD]), { limits: { maxLineLength: 100 } }).reason).toBe('Start line too long');
  });
});
