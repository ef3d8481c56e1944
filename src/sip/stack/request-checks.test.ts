import { describe, expect, it } from 'vitest';
import { headerValues } from '../header-registry.js';
import type { SipMessage } from '../message.js';
import type { ParseError } from '../parse-error.js';
import { parseMessage } from '../parse.js';
import { Status } from '../status.js';
import { validateRequest } from './request-checks.js';
import type { CheckVerdict } from './request-checks.js';
import { defaultRequestPolicy } from './request-policy.js';
import type { RequestPolicy } from './request-policy.js';

const crlf = (lines: readonly string[], body = ''): Buffer => Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);

function request(method: string, extra: readonly string[] = [], uri = 'sip:bob@example.com', version = 'SIP/2.0'): Buffer {
  return crlf([
    `${method} ${uri} ${version}`,
    'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>',
    'Call-ID: c1@192.0.2.1',
    `CSeq: 1 ${method}`,
    ...extra,
    'Content-Length: 0',
  ]);
}

function parsed(data: Buffer, options: Parameters<typeof parseMessage>[1] = {}): SipMessage | ParseError {
  const result = parseMessage(data, options);
  return result.ok ? result.message : result.error;
}

function verdict(data: Buffer, policy: RequestPolicy = defaultRequestPolicy): CheckVerdict {
  return validateRequest(parsed(data), policy);
}

function rejected(v: CheckVerdict) {
  if (v.kind !== 'reject') throw new Error(`expected a rejection, got ${v.kind}`);
  return v;
}

describe('validateRequest', () => {
  it('lets a well-formed request through unchanged', () => {
    const input = parsed(request('INVITE'));
    const v = validateRequest(input, defaultRequestPolicy);
    expect(v).toEqual({ kind: 'continue', message: input });
  });

  it('answers a malformed request with 400 whose reason phrase says what is wrong', () => {
    const data = crlf([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:bob@example.com>',
      'Call-ID: c1@192.0.2.1',
      'CSeq: 1 INVITE',
      'Max-Forwards: seventy',
      'Content-Length: 0',
    ]);
    const v = rejected(verdict(data));
    expect(v.check).toBe('malformed');
    expect(v.response.status).toBe(Status.BadRequest);
    expect(v.response.reason).toMatch(/Max-Forwards/);
    expect(v.response.callId).toBe('c1@192.0.2.1');
    expect(v.response.via[0]?.branch).toBe('z9hG4bK-1');
  });

  it('answers SIP/3.0 with 505', () => {
    const v = rejected(verdict(request('OPTIONS', [], 'sip:bob@example.com', 'SIP/3.0')));
    expect([v.check, v.response.status]).toEqual(['sip-version', Status.VersionNotSupported]);
  });

  it('answers an unsupported Request-URI scheme with 416, whether the parser or the policy refuses it', () => {
    const byParser = rejected(verdict(request('OPTIONS', [], 'http://example.com/')));
    expect([byParser.check, byParser.response.status]).toEqual(['uri-scheme', Status.UnsupportedUriScheme]);
    const sipOnly: RequestPolicy = { ...defaultRequestPolicy, uriSchemes: ['sip'] };
    const byPolicy = rejected(verdict(request('OPTIONS', [], 'tel:+4922147110'), sipOnly));
    expect([byPolicy.check, byPolicy.response.status]).toEqual(['uri-scheme', Status.UnsupportedUriScheme]);
  });

  it('answers a required extension it does not support with 420 listing exactly those in Unsupported', () => {
    const policy: RequestPolicy = { ...defaultRequestPolicy, supportedExtensions: ['path', 'outbound'] };
    const v = rejected(verdict(request('REGISTER', ['Require: path, 100rel', 'Require: foo, 100rel']), policy));
    expect([v.check, v.response.status]).toEqual(['require', Status.BadExtension]);
    expect(headerValues(v.response, 'Unsupported')).toEqual(['100rel, foo']);
    expect(verdict(request('REGISTER', ['Require: Path, outbound']), policy).kind).toBe('continue');
  });

  it('ignores Require in CANCEL and ACK (§8.2.2.3)', () => {
    expect(verdict(request('CANCEL', ['Require: 100rel'])).kind).toBe('continue');
    expect(verdict(request('ACK', ['Require: 100rel'])).kind).toBe('continue');
  });

  it('answers a malformed Require with 400', () => {
    const v = rejected(verdict(request('INVITE', ['Require: a b'])));
    expect(v.response.status).toBe(Status.BadRequest);
    expect(v.response.reason).toMatch(/Require/);
  });

  it('answers Max-Forwards 0 with 483, except OPTIONS, which this element answers itself (§11, §16.3)', () => {
    const zero = (method: string) => request(method, ['Max-Forwards: 0']).toString().replace('Max-Forwards: 70\r\n', '');
    const invite = rejected(verdict(Buffer.from(zero('INVITE'))));
    expect([invite.check, invite.response.status]).toEqual(['max-forwards', Status.TooManyHops]);
    expect(verdict(Buffer.from(zero('OPTIONS'))).kind).toBe('continue');
  });

  it('answers an oversized request with 513', () => {
    const big = request('MESSAGE', [`X-Padding: ${'x'.repeat(2000)}`]);
    const v = validateRequest(parsed(big, { limits: { maxMessageBytes: 1000 } }), defaultRequestPolicy);
    expect(v.kind === 'reject' && [v.check, v.response.status]).toEqual(['message-size', Status.MessageTooLarge]);
  });

  it('never answers an ACK, however wrong it is', () => {
    expect(verdict(request('ACK', [], 'http://example.com/'))).toMatchObject({ kind: 'drop', check: 'uri-scheme' });
    expect(verdict(Buffer.from(request('ACK').toString().replace('Max-Forwards: 70', 'Max-Forwards: 0')))).toMatchObject({
      kind: 'drop',
      check: 'max-forwards',
    });
    expect(verdict(Buffer.from(request('ACK').toString().replace('Call-ID: c1@192.0.2.1', 'Call-ID: ')))).toMatchObject({
      kind: 'drop',
      check: 'malformed',
    });
  });

  it('drops a malformed response silently and passes a parsed one on', () => {
    const response = crlf([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-1',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:bob@example.com>;tag=b1',
      'Call-ID: c1@192.0.2.1',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
    ]);
    expect(verdict(response).kind).toBe('continue');
    const broken = Buffer.from(response.toString().replace('CSeq: 1 OPTIONS', 'CSeq: one OPTIONS'));
    expect(verdict(broken)).toMatchObject({ kind: 'drop', check: 'malformed' });
  });

  it('drops what has too little to address an answer to, and random bytes', () => {
    expect(verdict(crlf(['INVITE sip:bob@example.com SIP/2.0', 'From: <sip:a@b>;tag=1']))).toMatchObject({ kind: 'drop' });
    expect(verdict(Buffer.from([0xff, 0x00, 0x13, 0x37]))).toMatchObject({ kind: 'drop' });
  });
});
