/**
 * A UAC's INVITE forked by a proxy to two phones (RFC 3261 §12.1.2, §13.2.2.4, §12.3): each To
 * tag makes its own early dialog, a 2xx confirms one or creates a new one, and a failure ends
 * the early ones. Also the UAS confirming its early dialog.
 */
import { describe, expect, it } from 'vitest';
import { formatUri } from '../format-uri.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { formatNameAddr } from '../name-addr.js';
import { parseMessage } from '../parse.js';
import { advanceDialog } from './advance-dialog.js';
import { createUasDialog } from './create-dialog.js';
import type { Dialog } from './dialog-state.js';
import { receiveCreatingResponse } from './receive-creating-response.js';
import type { CreatingResponseOutcome } from './receive-creating-response.js';

function sip(text: string): SipMessage {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.message;
}

const invite = sip(`
  INVITE sip:2300@pbx.example.net SIP/2.0
  Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKfork1
  Max-Forwards: 70
  To: <sip:2300@pbx.example.net>
  From: "Desk 17" <sip:2317@pbx.example.net>;tag=uac1
  Call-ID: fork-call@198.51.100.7
  CSeq: 10 INVITE
  Contact: <sip:2317@198.51.100.7:5060>
`) as SipRequest;

/** A response from the phone with To tag `tag` and Contact `contact`, through the proxies `recordRoute`. */
function reply(status: string, tag: string | undefined, contact: string, recordRoute = '<sip:pbx.example.net;lr>'): SipResponse {
  return sip(`
    SIP/2.0 ${status}
    Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKfork1
    Record-Route: ${recordRoute}
    To: <sip:2300@pbx.example.net>${tag === undefined ? '' : `;tag=${tag}`}
    From: "Desk 17" <sip:2317@pbx.example.net>;tag=uac1
    Call-ID: fork-call@198.51.100.7
    CSeq: 10 INVITE
    Contact: <${contact}>
  `) as SipResponse;
}

function dialogOf(outcome: CreatingResponseOutcome): Dialog {
  if (!('dialog' in outcome)) throw new Error(`no dialog: ${outcome.kind}`);
  return outcome.dialog;
}

describe('forked early dialogs', () => {
  const deskRings = receiveCreatingResponse([], invite, reply('180 Ringing', 'desk', 'sip:2300@203.0.113.10'));
  const mobileRings = receiveCreatingResponse([dialogOf(deskRings)], invite, reply('180 Ringing', 'mobile', 'sip:2300@203.0.113.20'));
  const early = [dialogOf(deskRings), dialogOf(mobileRings)];

  it('gives each To tag its own early dialog', () => {
    expect(deskRings).toMatchObject({ kind: 'early', created: true });
    expect(mobileRings).toMatchObject({ kind: 'early', created: true });
    expect(early.map((d) => d.id.remoteTag)).toEqual(['desk', 'mobile']);
    expect(early.map((d) => formatUri(d.remoteTarget))).toEqual(['sip:2300@203.0.113.10', 'sip:2300@203.0.113.20']);
    expect(early.every((d) => d.state === 'early' && d.id.localTag === 'uac1')).toBe(true);
  });

  it('refreshes an early dialog on a later 1xx of the same fork', () => {
    const progress = receiveCreatingResponse(early, invite, reply('183 Session Progress', 'desk', 'sip:2300@203.0.113.11'));
    expect(progress).toMatchObject({ kind: 'early', created: false });
    expect(formatUri(dialogOf(progress).remoteTarget)).toBe('sip:2300@203.0.113.11');
  });

  it('confirms the early dialog whose fork answers, recomputing its route set from the 2xx', () => {
    const answer = reply('200 OK', 'mobile', 'sip:2300@203.0.113.21', '<sip:edge.example.net;lr>, <sip:pbx.example.net;lr>');
    const outcome = receiveCreatingResponse(early, invite, answer);
    expect(outcome).toMatchObject({ kind: 'confirmed', created: false });
    const dialog = dialogOf(outcome);
    expect(dialog.state).toBe('confirmed');
    expect(dialog.routeSet.map(formatNameAddr)).toEqual(['<sip:pbx.example.net;lr>', '<sip:edge.example.net;lr>']);
    expect(formatUri(dialog.remoteTarget)).toBe('sip:2300@203.0.113.21');
  });

  it('creates a separate confirmed dialog for a 2xx from a fork that never rang', () => {
    const outcome = receiveCreatingResponse(early, invite, reply('200 OK', 'softphone', 'sip:2300@203.0.113.30'));
    expect(outcome).toMatchObject({ kind: 'confirmed', created: true });
    expect(dialogOf(outcome).id).toEqual({ callId: 'fork-call@198.51.100.7', localTag: 'uac1', remoteTag: 'softphone' });
  });

  it('reports a repeated 2xx as a retransmission and a late 1xx as stale', () => {
    const confirmed = dialogOf(receiveCreatingResponse(early, invite, reply('200 OK', 'desk', 'sip:2300@203.0.113.10')));
    const others = [confirmed, early[1] as Dialog];
    expect(receiveCreatingResponse(others, invite, reply('200 OK', 'desk', 'sip:2300@203.0.113.10'))).toEqual({ kind: 'retransmission', dialog: confirmed });
    expect(receiveCreatingResponse(others, invite, reply('180 Ringing', 'desk', 'sip:2300@203.0.113.10'))).toEqual({ kind: 'stale', dialog: confirmed });
  });

  it('ends every early dialog of the request on a non-2xx final response, leaving confirmed ones', () => {
    const confirmed = dialogOf(receiveCreatingResponse(early, invite, reply('200 OK', 'desk', 'sip:2300@203.0.113.10')));
    const outcome = receiveCreatingResponse([confirmed, early[1] as Dialog], invite, reply('486 Busy Here', 'mobile', 'sip:2300@203.0.113.20'));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.terminated.map((d) => [d.id.remoteTag, d.state])).toEqual([['mobile', 'terminated']]);
  });
});

describe('responses that make no dialog', () => {
  it('100 Trying and an untagged 180', () => {
    expect(receiveCreatingResponse([], invite, reply('100 Trying', undefined, 'sip:2300@203.0.113.10')).kind).toBe('no-dialog');
    expect(receiveCreatingResponse([], invite, reply('180 Ringing', undefined, 'sip:2300@203.0.113.10')).kind).toBe('no-dialog');
  });

  it('a response to another request is invalid', () => {
    const stray = sip(`
      SIP/2.0 200 OK
      Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKother
      To: <sip:2300@pbx.example.net>;tag=x
      From: <sip:2317@pbx.example.net>;tag=uac1
      Call-ID: another-call@198.51.100.7
      CSeq: 10 INVITE
      Contact: <sip:2300@203.0.113.10>
    `) as SipResponse;
    expect(receiveCreatingResponse([], invite, stray)).toEqual({ kind: 'invalid', reason: 'the response does not answer the request' });
  });
});

describe('advancing the UAS dialog', () => {
  const received = sip(`
    INVITE sip:2300@203.0.113.10 SIP/2.0
    Via: SIP/2.0/UDP pbx.example.net;branch=z9hG4bKpbx
    Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKfork1
    Record-Route: <sip:pbx.example.net;lr>
    To: <sip:2300@pbx.example.net>
    From: "Desk 17" <sip:2317@pbx.example.net>;tag=uac1
    Call-ID: fork-call@198.51.100.7
    CSeq: 10 INVITE
    Contact: <sip:2317@198.51.100.7:5060>
  `) as SipRequest;
  const ours = (status: string) =>
    sip(`
      SIP/2.0 ${status}
      Via: SIP/2.0/UDP pbx.example.net;branch=z9hG4bKpbx
      Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKfork1
      Record-Route: <sip:pbx.example.net;lr>
      To: <sip:2300@pbx.example.net>;tag=desk
      From: "Desk 17" <sip:2317@pbx.example.net>;tag=uac1
      Call-ID: fork-call@198.51.100.7
      CSeq: 10 INVITE
      Contact: <sip:2300@203.0.113.10>
    `) as SipResponse;
  const created = createUasDialog(received, ours('180 Ringing'));
  if (!created.ok) throw new Error(created.reason);
  const early = created.dialog;

  it('confirms on our 2xx, keeping the route set of the request', () => {
    const confirmed = advanceDialog(early, ours('200 OK'));
    expect(confirmed.state).toBe('confirmed');
    expect(confirmed.routeSet).toEqual(early.routeSet);
    expect(confirmed.remoteTarget).toEqual(early.remoteTarget);
  });

  it('ends on our final failure, and a confirmed dialog ignores later responses', () => {
    expect(advanceDialog(early, ours('486 Busy Here')).state).toBe('terminated');
    const confirmed = advanceDialog(early, ours('200 OK'));
    expect(advanceDialog(confirmed, ours('200 OK'))).toBe(confirmed);
  });

  it('throws for a response of another dialog', () => {
    const foreign = sip(`
      SIP/2.0 200 OK
      Via: SIP/2.0/UDP pbx.example.net;branch=z9hG4bKpbx
      To: <sip:2300@pbx.example.net>;tag=other
      From: <sip:2317@pbx.example.net>;tag=uac1
      Call-ID: fork-call@198.51.100.7
      CSeq: 10 INVITE
    `) as SipResponse;
    expect(() => advanceDialog(early, foreign)).toThrow(/another dialog/);
  });
});
