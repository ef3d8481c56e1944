import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../sip/index.js';
import type { SipRequest } from '../../sip/index.js';
import { relayedHeaders } from './relayed-headers.js';

function request(lines: readonly string[]): SipRequest {
  const text = [
    'INVITE sip:202@acme.example SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK1',
    'Max-Forwards: 70',
    'From: <sip:201@acme.example>;tag=a',
    'To: <sip:202@acme.example>',
    'Call-ID: c1',
    'CSeq: 2 INVITE',
    'Contact: <sip:201@192.0.2.20>',
    ...lines,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const parsed = parseMessage(Buffer.from(text));
  if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad test message');
  return parsed.message;
}

describe('header lines that cross the B2BUA', () => {
  it('keeps end-to-end lines as written and drops the dialog, hop and identity lines', () => {
    const message = request([
      'Proxy-Authorization: Digest username="201"',
      'P-Asserted-Identity: <sip:999@evil.example>',
      'Remote-Party-ID: "Finanzamt" <sip:+4989123456@evil.example>;party=calling;screen=yes;privacy=off',
      'Session-Expires: 1800;refresher=uac',
      'Subject: hello',
      'X-Custom: keep  me',
      'Route: <sip:192.0.2.10;lr>',
      'Allow: INVITE, ACK, BYE',
    ]);
    expect(relayedHeaders(message)).toEqual([
      { name: 'Session-Expires', value: '1800;refresher=uac' },
      { name: 'Subject', value: 'hello' },
      { name: 'X-Custom', value: 'keep  me' },
      { name: 'Allow', value: 'INVITE, ACK, BYE' },
    ]);
  });

  it('takes 100rel out of Supported and Require, and leaves out what the caller sets itself', () => {
    const message = request(['Supported: 100rel, timer, replaces', 'Require: 100rel', 'Diversion: <sip:1@x>', 'Min-SE: 90']);
    expect(relayedHeaders(message, new Set(['diversion', 'min-se']))).toEqual([{ name: 'Supported', value: 'timer, replaces' }]);
  });
});
