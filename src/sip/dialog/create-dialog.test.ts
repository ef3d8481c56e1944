/**
 * Dialog creation on both sides of an INVITE that crossed two record-routing proxies
 * (RFC 3261 §12.1.1, §12.1.2), built from real message text.
 */
import { describe, expect, it } from 'vitest';
import { formatNameAddr } from '../name-addr.js';
import { parseMessage } from '../parse.js';
import { formatUri } from '../format-uri.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { createUacDialog, createUasDialog } from './create-dialog.js';
import type { Dialog } from './dialog-state.js';

function sip(text: string): SipMessage {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.message;
}
const req = (text: string) => sip(text) as SipRequest;
const res = (text: string) => sip(text) as SipResponse;

/** The INVITE as Bob's UA received it: p1 (Alice's proxy) and p2 (Bob's proxy) record-routed. */
const INVITE = `
  INVITE sip:bob@192.0.2.4 SIP/2.0
  Via: SIP/2.0/UDP p2.biloxi.example.com;branch=z9hG4bKnashds8
  Via: SIP/2.0/UDP p1.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1
  Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
  Max-Forwards: 68
  Record-Route: <sip:p2.biloxi.example.com;lr>
  Record-Route: <sip:p1.atlanta.example.com;lr>
  To: Bob <sip:bob@biloxi.example.com>
  From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
  Call-ID: a84b4c76e66710@pc33.atlanta.example.com
  CSeq: 314159 INVITE
  Contact: <sip:alice@pc33.atlanta.example.com>
`;
const invite = req(INVITE);

const OK = `
  SIP/2.0 200 OK
  Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1
  Record-Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>
  To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
  From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
  Call-ID: a84b4c76e66710@pc33.atlanta.example.com
  CSeq: 314159 INVITE
  Contact: <sip:bob@192.0.2.4>
`;
const ok200 = res(OK);

function created(result: ReturnType<typeof createUacDialog>): Dialog {
  if (!result.ok) throw new Error(result.reason);
  return result.dialog;
}

describe('the UAC dialog (§12.1.2)', () => {
  const dialog = created(createUacDialog(invite, ok200));

  it('is confirmed by a 2xx and identified by Call-ID, our From tag and their To tag', () => {
    expect(dialog.state).toBe('confirmed');
    expect(dialog.role).toBe('uac');
    expect(dialog.method).toBe('INVITE');
    expect(dialog.id).toEqual({ callId: 'a84b4c76e66710@pc33.atlanta.example.com', localTag: '1928301774', remoteTag: 'a6c85cf' });
  });

  it('takes the Record-Route of the response in reverse order as its route set', () => {
    expect(dialog.routeSet.map(formatNameAddr)).toEqual(['<sip:p1.atlanta.example.com;lr>', '<sip:p2.biloxi.example.com;lr>']);
  });

  it('targets the Contact of the response and keeps its own Contact', () => {
    expect(formatUri(dialog.remoteTarget)).toBe('sip:bob@192.0.2.4');
    expect(dialog.localContact && formatNameAddr(dialog.localContact)).toBe('<sip:alice@pc33.atlanta.example.com>');
  });

  it('sends next with the INVITE CSeq plus one and has received nothing yet', () => {
    expect(dialog.localCSeq).toBe(314160);
    expect(dialog.remoteCSeq).toBeUndefined();
  });

  it('has the From URI as local and the To URI as remote URI, and is not secure over UDP', () => {
    expect(formatUri(dialog.localUri)).toBe('sip:alice@atlanta.example.com');
    expect(formatUri(dialog.remoteUri)).toBe('sip:bob@biloxi.example.com');
    expect(dialog.secure).toBe(false);
  });

  it('is early when created by a 180 with a To tag', () => {
    const ringing = res(OK.replace('200 OK', '180 Ringing'));
    expect(created(createUacDialog(invite, ringing)).state).toBe('early');
  });
});

describe('the UAS dialog (§12.1.1)', () => {
  const RINGING = `
    SIP/2.0 180 Ringing
    Via: SIP/2.0/UDP p2.biloxi.example.com;branch=z9hG4bKnashds8
    Record-Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>
    To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf
    From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
    Call-ID: a84b4c76e66710@pc33.atlanta.example.com
    CSeq: 314159 INVITE
    Contact: <sip:bob@192.0.2.4>
  `;
  const ringing = res(RINGING);
  const dialog = created(createUasDialog(invite, ringing));

  it('is early after a 180 and identified by Call-ID, our To tag and their From tag', () => {
    expect(dialog.state).toBe('early');
    expect(dialog.role).toBe('uas');
    expect(dialog.id).toEqual({ callId: 'a84b4c76e66710@pc33.atlanta.example.com', localTag: 'a6c85cf', remoteTag: '1928301774' });
  });

  it('takes the Record-Route of the request in order', () => {
    expect(dialog.routeSet.map(formatNameAddr)).toEqual(['<sip:p2.biloxi.example.com;lr>', '<sip:p1.atlanta.example.com;lr>']);
  });

  it('targets the Contact of the request and remembers its CSeq', () => {
    expect(formatUri(dialog.remoteTarget)).toBe('sip:alice@pc33.atlanta.example.com');
    expect(dialog.remoteCSeq).toBe(314159);
    expect(dialog.localCSeq).toBe(1);
    expect(formatUri(dialog.localUri)).toBe('sip:bob@biloxi.example.com');
    expect(formatUri(dialog.remoteUri)).toBe('sip:alice@atlanta.example.com');
  });

  it('is refused for a request without Contact', () => {
    const bare = req(INVITE.replace('Contact: <sip:alice@pc33.atlanta.example.com>', ''));
    expect(createUasDialog(bare, ringing)).toEqual({ ok: false, reason: 'the request has no Contact' });
  });

  it('is refused when our 2xx carries no To tag', () => {
    const untagged = res(RINGING.replace(';tag=a6c85cf', '').replace('180 Ringing', '200 OK'));
    expect(createUasDialog(invite, untagged)).toEqual({ ok: false, reason: 'the response has no To tag' });
  });
});

describe('what creates no dialog', () => {
  const withStatus = (status: string) => res(OK.replace('200 OK', status));

  it.each([
    ['100 Trying', '100 (Trying) creates no dialog'],
    ['486 Busy Here', 'a 486 response creates no dialog'],
    ['302 Moved Temporarily', 'a 302 response creates no dialog'],
  ])('%s', (status, reason) => {
    expect(createUacDialog(invite, withStatus(status))).toEqual({ ok: false, reason });
  });

  it('a 180 without To tag', () => {
    const untagged = res(`
      SIP/2.0 180 Ringing
      Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds
      To: Bob <sip:bob@biloxi.example.com>
      From: Alice <sip:alice@atlanta.example.com>;tag=1928301774
      Call-ID: a84b4c76e66710@pc33.atlanta.example.com
      CSeq: 314159 INVITE
    `);
    expect(createUacDialog(invite, untagged)).toEqual({ ok: false, reason: 'a provisional response without a To tag creates no dialog' });
  });

  it('a response to another request', () => {
    const other = res(OK.replace('CSeq: 314159', 'CSeq: 314158'));
    expect(createUacDialog(invite, other)).toEqual({ ok: false, reason: 'the response does not answer the request' });
  });

  it('a method that creates no dialog', () => {
    const options = req(`
      OPTIONS sip:bob@biloxi.example.com SIP/2.0
      Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKopt
      To: <sip:bob@biloxi.example.com>
      From: <sip:alice@atlanta.example.com>;tag=9
      Call-ID: opt-1
      CSeq: 1 OPTIONS
    `);
    const answer = res(`
      SIP/2.0 200 OK
      Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKopt
      To: <sip:bob@biloxi.example.com>;tag=x
      From: <sip:alice@atlanta.example.com>;tag=9
      Call-ID: opt-1
      CSeq: 1 OPTIONS
    `);
    expect(createUacDialog(options, answer)).toEqual({ ok: false, reason: 'OPTIONS does not create a dialog' });
  });
});

describe('SUBSCRIBE and RFC 2543 peers', () => {
  it('a 2xx to SUBSCRIBE creates a confirmed dialog; a 1xx to it does not', () => {
    const subscribe = req(`
      SUBSCRIBE sip:bob@biloxi.example.com SIP/2.0
      Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bKsub
      To: <sip:bob@biloxi.example.com>
      From: <sip:alice@atlanta.example.com>;tag=s1
      Call-ID: sub-1
      CSeq: 7 SUBSCRIBE
      Event: dialog
      Contact: <sip:alice@pc33.atlanta.example.com;transport=tcp>
    `);
    const accepted = (status: string) => res(`
      SIP/2.0 ${status}
      Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bKsub
      To: <sip:bob@biloxi.example.com>;tag=n1
      From: <sip:alice@atlanta.example.com>;tag=s1
      Call-ID: sub-1
      CSeq: 7 SUBSCRIBE
      Contact: <sip:bob@192.0.2.4;transport=tcp>
    `);
    const dialog = created(createUacDialog(subscribe, accepted('200 OK')));
    expect(dialog.method).toBe('SUBSCRIBE');
    expect(dialog.state).toBe('confirmed');
    expect(createUacDialog(subscribe, accepted('183 Session Progress'))).toEqual({ ok: false, reason: 'a provisional response to SUBSCRIBE creates no dialog' });
  });

  it('a request without From tag gives a UAS dialog without remote tag', () => {
    const legacy = req(`
      INVITE sip:bob@192.0.2.4 SIP/2.0
      Via: SIP/2.0/UDP 192.0.2.1;branch=1234
      To: <sip:bob@biloxi.example.com>
      From: <sip:alice@atlanta.example.com>
      Call-ID: legacy-1
      CSeq: 1 INVITE
      Contact: <sip:alice@192.0.2.1>
    `);
    const answer = res(`
      SIP/2.0 200 OK
      Via: SIP/2.0/UDP 192.0.2.1;branch=1234
      To: <sip:bob@biloxi.example.com>;tag=b1
      From: <sip:alice@atlanta.example.com>
      Call-ID: legacy-1
      CSeq: 1 INVITE
      Contact: <sip:bob@192.0.2.4>
    `);
    expect(created(createUasDialog(legacy, answer)).id).toEqual({ callId: 'legacy-1', localTag: 'b1' });
  });
});

describe('the secure flag', () => {
  it('is set for a SIPS Request-URI sent over TLS', () => {
    const SECURE = `
      INVITE sips:bob@biloxi.example.com SIP/2.0
      Via: SIP/2.0/TLS pc33.atlanta.example.com;branch=z9hG4bKtls
      To: <sips:bob@biloxi.example.com>
      From: <sips:alice@atlanta.example.com>;tag=t1
      Call-ID: tls-1
      CSeq: 1 INVITE
      Contact: <sips:alice@pc33.atlanta.example.com>
    `;
    const answer = res(`
      SIP/2.0 200 OK
      Via: SIP/2.0/TLS pc33.atlanta.example.com;branch=z9hG4bKtls
      To: <sips:bob@biloxi.example.com>;tag=t2
      From: <sips:alice@atlanta.example.com>;tag=t1
      Call-ID: tls-1
      CSeq: 1 INVITE
      Contact: <sips:bob@192.0.2.4>
    `);
    expect(created(createUacDialog(req(SECURE), answer)).secure).toBe(true);
    const overTcp = req(SECURE.replace('SIP/2.0/TLS', 'SIP/2.0/TCP'));
    expect(created(createUacDialog(overTcp, answer)).secure).toBe(false);
  });
});
