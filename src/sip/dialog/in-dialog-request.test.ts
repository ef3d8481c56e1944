/**
 * Requests inside a dialog (RFC 3261 §12.2.1.1) and the ACK for a 2xx (§13.2.2.4), written out
 * and compared with the text that must go on the wire.
 */
import { describe, expect, it } from 'vitest';
import type { NameAddr } from '../header-values.js';
import type { SipRequest } from '../message.js';
import { parseNameAddrList } from '../name-addr.js';
import { parseMessage } from '../parse.js';
import { parseUri } from '../parse-uri.js';
import { serializeMessage } from '../serialize.js';
import { sequentialIds } from '../id-source.js';
import type { Uri } from '../uri.js';
import { createAck } from './create-ack.js';
import type { Dialog } from './dialog-state.js';
import { createInDialogRequest } from './in-dialog-request.js';
import type { DialogRequestOptions } from './in-dialog-request.js';

function uri(text: string): Uri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

function nameAddrs(text: string): NameAddr[] {
  const parsed = parseNameAddrList(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

/** Ids 1, 2, 3 … so every branch is predictable. */
const counter = () => sequentialIds('');

const options = (): DialogRequestOptions => ({ via: { protocol: 'SIP/2.0', transport: 'UDP', host: 'pc33.atlanta.example.com', params: new Map() }, ids: counter() });

/** Alice's side after INVITE (CSeq 314159) / 200 through p1 and p2. */
const alice: Dialog = {
  id: { callId: 'a84b4c76e66710@pc33.atlanta.example.com', localTag: '1928301774', remoteTag: 'a6c85cf' },
  role: 'uac',
  method: 'INVITE',
  state: 'confirmed',
  localUri: uri('sip:alice@atlanta.example.com'),
  remoteUri: uri('sip:bob@biloxi.example.com'),
  localCSeq: 314160,
  remoteTarget: uri('sip:bob@192.0.2.4'),
  localContact: nameAddrs('<sip:alice@pc33.atlanta.example.com>')[0] as NameAddr,
  routeSet: nameAddrs('<sip:p1.atlanta.example.com;lr>, <sip:p2.biloxi.example.com;lr>'),
  secure: false,
};

const wire = (request: SipRequest): string[] => serializeMessage(request).toString('utf8').trimEnd().split('\r\n');

describe('a BYE in the dialog', () => {
  it('through loose routers: the remote target is the Request-URI and the route set the Route', () => {
    const { request, dialog } = createInDialogRequest(alice, 'BYE', options());
    expect(wire(request)).toEqual([
      'BYE sip:bob@192.0.2.4 SIP/2.0',
      'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1',
      'Max-Forwards: 70',
      'Route: <sip:p1.atlanta.example.com;lr>, <sip:p2.biloxi.example.com;lr>',
      'From: <sip:alice@atlanta.example.com>;tag=1928301774',
      'To: <sip:bob@biloxi.example.com>;tag=a6c85cf',
      'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
      'CSeq: 314160 BYE',
      'Content-Length: 0',
    ]);
    expect(dialog.localCSeq).toBe(314161);
    // it reads back as the same request
    const parsed = parseMessage(serializeMessage(request));
    expect(parsed.ok && parsed.message.kind === 'request' && parsed.message.route.length).toBe(2);
  });

  it('through a strict router first: it becomes the Request-URI, the remote target the last Route', () => {
    const strict: Dialog = { ...alice, routeSet: nameAddrs('<sip:p1.atlanta.example.com;method=INVITE>, <sip:p2.biloxi.example.com;lr>') };
    const { request } = createInDialogRequest(strict, 'BYE', options());
    const lines = wire(request);
    // the method parameter may not appear in a Request-URI (§19.1.1)
    expect(lines[0]).toBe('BYE sip:p1.atlanta.example.com SIP/2.0');
    expect(lines).toContain('Route: <sip:p2.biloxi.example.com;lr>, <sip:bob@192.0.2.4>');
  });

  it('without a route set: straight to the remote target, no Route', () => {
    const { request } = createInDialogRequest({ ...alice, routeSet: [] }, 'BYE', options());
    expect(wire(request)[0]).toBe('BYE sip:bob@192.0.2.4 SIP/2.0');
    expect(request.headers.some((h) => h.name === 'Route')).toBe(false);
  });

  it('from the callee side swaps the tags: our To tag is the From tag now', () => {
    const bob: Dialog = {
      ...alice,
      id: { callId: alice.id.callId, localTag: 'a6c85cf', remoteTag: '1928301774' },
      role: 'uas',
      localUri: alice.remoteUri,
      remoteUri: alice.localUri,
      localCSeq: 1,
      remoteTarget: uri('sip:alice@pc33.atlanta.example.com'),
      routeSet: nameAddrs('<sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>'),
    };
    const lines = wire(createInDialogRequest(bob, 'BYE', options()).request);
    expect(lines).toContain('From: <sip:bob@biloxi.example.com>;tag=a6c85cf');
    expect(lines).toContain('To: <sip:alice@atlanta.example.com>;tag=1928301774');
    expect(lines).toContain('CSeq: 1 BYE');
    expect(lines).toContain('Route: <sip:p2.biloxi.example.com;lr>, <sip:p1.atlanta.example.com;lr>');
  });
});

describe('more requests in the dialog', () => {
  it('numbers them one after another, each with a fresh branch', () => {
    const ids = counter();
    const first = createInDialogRequest(alice, 'INFO', { ...options(), ids });
    const second = createInDialogRequest(first.dialog, 'INVITE', { ...options(), ids });
    const third = createInDialogRequest(second.dialog, 'UPDATE', { ...options(), ids });
    expect([first, second, third].map((r) => [r.request.cseq.seq, r.request.cseq.method, r.request.via[0]?.branch])).toEqual([
      [314160, 'INFO', 'z9hG4bK1'],
      [314161, 'INVITE', 'z9hG4bK2'],
      [314162, 'UPDATE', 'z9hG4bK3'],
    ]);
  });

  it('a re-INVITE and an UPDATE carry our Contact; an INFO does not unless given', () => {
    const contactOf = (method: string) => wire(createInDialogRequest(alice, method, options()).request).find((l) => l.startsWith('Contact:'));
    expect(contactOf('INVITE')).toBe('Contact: <sip:alice@pc33.atlanta.example.com>');
    expect(contactOf('UPDATE')).toBe('Contact: <sip:alice@pc33.atlanta.example.com>');
    expect(contactOf('INFO')).toBeUndefined();
  });

  it('a re-INVITE with a new Contact makes it the dialog’s Contact', () => {
    const moved = nameAddrs('<sip:alice@198.51.100.99:5062>')[0] as NameAddr;
    const { request, dialog } = createInDialogRequest(alice, 'INVITE', { ...options(), contact: moved });
    expect(request.contacts).toEqual([moved]);
    expect(dialog.localContact).toEqual(moved);
  });

  it('carries the body and extra headers it is given', () => {
    const sdp = Buffer.from('v=0\r\n');
    const { request } = createInDialogRequest(alice, 'INFO', {
      ...options(),
      headers: [{ name: 'Info-Package', value: 'dtmf' }],
      body: sdp,
      contentType: { type: 'application', subtype: 'dtmf-relay', params: new Map() },
    });
    const lines = wire(request);
    expect(lines).toContain('Info-Package: dtmf');
    expect(lines).toContain('Content-Type: application/dtmf-relay');
    expect(lines).toContain('Content-Length: 5');
  });

  it('refuses what a dialog cannot send', () => {
    expect(() => createInDialogRequest(alice, 'ACK', options())).toThrow(/createAck/);
    expect(() => createInDialogRequest(alice, 'CANCEL', options())).toThrow(/transaction layer/);
    expect(() => createInDialogRequest({ ...alice, state: 'terminated' }, 'BYE', options())).toThrow(/terminated/);
    expect(() => createInDialogRequest({ ...alice, role: 'uas', state: 'early' }, 'BYE', options())).toThrow(/early dialog/);
    expect(() => createInDialogRequest({ ...alice, localContact: undefined }, 'UPDATE', options())).toThrow(/needs a Contact/);
    expect(() => createInDialogRequest({ ...alice, localCSeq: 2 ** 31 }, 'BYE', options())).toThrow(RangeError);
  });

  it('lets the caller send BYE on an early dialog it created (§15)', () => {
    expect(createInDialogRequest({ ...alice, state: 'early' }, 'BYE', options()).request.method).toBe('BYE');
  });
});

describe('the ACK for a 2xx (§13.2.2.4)', () => {
  const invite = (() => {
    const parsed = parseMessage(
      Buffer.from(
        [
          'INVITE sip:bob@192.0.2.4 SIP/2.0',
          'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKreinv',
          'Max-Forwards: 70',
          'Route: <sip:p1.atlanta.example.com;lr>, <sip:p2.biloxi.example.com;lr>',
          'From: <sip:alice@atlanta.example.com>;tag=1928301774',
          'To: <sip:bob@biloxi.example.com>;tag=a6c85cf',
          'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
          'CSeq: 314163 INVITE',
          'Proxy-Authorization: Digest username="alice", realm="atlanta.example.com", nonce="n", uri="sip:bob@192.0.2.4", response="0123456789abcdef0123456789abcdef"',
          'Contact: <sip:alice@pc33.atlanta.example.com>',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      ),
    );
    if (!parsed.ok || parsed.message.kind !== 'request') throw new Error('bad INVITE');
    return parsed.message;
  })();

  it('repeats the INVITE’s CSeq number with method ACK and its credentials, routed like the dialog', () => {
    const ack = createAck({ ...alice, localCSeq: 314164 }, invite, options());
    expect(wire(ack)).toEqual([
      'ACK sip:bob@192.0.2.4 SIP/2.0',
      'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK1',
      'Max-Forwards: 70',
      'Route: <sip:p1.atlanta.example.com;lr>, <sip:p2.biloxi.example.com;lr>',
      'From: <sip:alice@atlanta.example.com>;tag=1928301774',
      'To: <sip:bob@biloxi.example.com>;tag=a6c85cf',
      'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
      'CSeq: 314163 ACK',
      'Proxy-Authorization: Digest username="alice", realm="atlanta.example.com", nonce="n", uri="sip:bob@192.0.2.4", response="0123456789abcdef0123456789abcdef"',
      'Content-Length: 0',
    ]);
  });

  it('is built even for a dialog already terminated (a late 2xx must still be acknowledged)', () => {
    expect(createAck({ ...alice, state: 'terminated' }, invite, options()).cseq).toEqual({ seq: 314163, method: 'ACK' });
  });

  it('refuses a request that is not an INVITE of this dialog', () => {
    expect(() => createAck({ ...alice, id: { ...alice.id, localTag: 'other' } }, invite, options())).toThrow(/another dialog/);
    expect(() => createAck(alice, { ...invite, method: 'UPDATE' }, options())).toThrow(/not UPDATE/);
  });
});
