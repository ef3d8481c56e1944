/**
 * Requests and responses arriving inside a dialog (RFC 3261 §12.2.2, §12.2.1.2, §15): the
 * dialog is found through the store, out-of-order CSeqs get a 500, unknown dialogs a 481,
 * target refreshes move the remote target.
 */
import { describe, expect, it } from 'vitest';
import { formatUri } from '../format-uri.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { parseMessage } from '../parse.js';
import { createUasDialog } from './create-dialog.js';
import type { Dialog } from './dialog-state.js';
import { DialogStore } from './dialog-store.js';
import { receiveInDialogResponse } from './in-dialog-response.js';
import { receiveInDialogRequest } from './receive-in-dialog.js';
import type { InDialogReceipt } from './receive-in-dialog.js';

function sip(text: string): SipMessage {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.message;
}

/** Bob's dialog, created by the 200 he sent to Alice's INVITE with CSeq 101. */
function bobsDialog(): Dialog {
  const invite = sip(`
    INVITE sip:bob@192.0.2.4 SIP/2.0
    Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKinv
    To: <sip:bob@biloxi.example.com>
    From: <sip:alice@atlanta.example.com>;tag=alice1
    Call-ID: call-42@198.51.100.7
    CSeq: 101 INVITE
    Contact: <sip:alice@198.51.100.7:5060>
  `) as SipRequest;
  const ok = sip(`
    SIP/2.0 200 OK
    Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKinv
    To: <sip:bob@biloxi.example.com>;tag=bob1
    From: <sip:alice@atlanta.example.com>;tag=alice1
    Call-ID: call-42@198.51.100.7
    CSeq: 101 INVITE
    Contact: <sip:bob@192.0.2.4>
  `) as SipResponse;
  const created = createUasDialog(invite, ok);
  if (!created.ok) throw new Error(created.reason);
  return created.dialog;
}

/** A request from Alice in the dialog (or, with other tags, outside it). */
function fromAlice(method: string, cseq: number, extra = '', toTag = 'bob1'): SipRequest {
  return sip(`
    ${method} sip:bob@192.0.2.4 SIP/2.0
    Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK${method}${cseq}
    To: <sip:bob@biloxi.example.com>${toTag ? `;tag=${toTag}` : ''}
    From: <sip:alice@atlanta.example.com>;tag=alice1
    Call-ID: call-42@198.51.100.7
    CSeq: ${cseq} ${method}
    ${extra}
  `) as SipRequest;
}

function storeWith(dialog: Dialog): DialogStore {
  const store = new DialogStore({ maxDialogs: 4 });
  store.save(dialog);
  return store;
}

function accepted(receipt: InDialogReceipt): Dialog {
  if (receipt.kind !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(receipt)}`);
  return receipt.dialog;
}

describe('receiving a request in the dialog', () => {
  it('accepts a higher CSeq and remembers it', () => {
    const dialog = accepted(receiveInDialogRequest(storeWith(bobsDialog()), fromAlice('INFO', 102)));
    expect(dialog.remoteCSeq).toBe(102);
    expect(dialog.state).toBe('confirmed');
  });

  it('answers a lower CSeq with 500, and a reused one too', () => {
    const store = storeWith(bobsDialog());
    store.save(accepted(receiveInDialogRequest(store, fromAlice('INFO', 105))));
    expect(receiveInDialogRequest(store, fromAlice('INFO', 104))).toEqual({ kind: 'rejected', status: 500, reason: 'CSeq Out of Order' });
    expect(receiveInDialogRequest(store, fromAlice('UPDATE', 105)).kind).toBe('rejected');
    expect(store.find(bobsDialog().id)?.remoteCSeq).toBe(105);
  });

  it('answers 481 for an unknown dialog, and drops an ACK for one', () => {
    const store = storeWith(bobsDialog());
    expect(receiveInDialogRequest(store, fromAlice('BYE', 102, '', 'someone-else'))).toEqual({ kind: 'rejected', status: 481, reason: 'Call/Transaction Does Not Exist' });
    expect(receiveInDialogRequest(store, fromAlice('ACK', 101, '', 'someone-else')).kind).toBe('discarded');
    expect(receiveInDialogRequest(new DialogStore({ maxDialogs: 1 }), fromAlice('BYE', 102)).kind).toBe('rejected');
  });

  it('sends a request without To tag to out-of-dialog processing', () => {
    expect(receiveInDialogRequest(storeWith(bobsDialog()), fromAlice('INVITE', 1, '', ''))).toEqual({ kind: 'outside-dialog' });
  });

  it('takes the ACK for the 2xx without touching the CSeq', () => {
    const receipt = receiveInDialogRequest(storeWith(bobsDialog()), fromAlice('ACK', 101));
    expect(receipt).toEqual({ kind: 'accepted', dialog: bobsDialog(), targetRefreshed: false });
  });

  it('moves the remote target on a re-INVITE or UPDATE with a new Contact', () => {
    const store = storeWith(bobsDialog());
    const reinvite = receiveInDialogRequest(store, fromAlice('INVITE', 102, 'Contact: <sip:alice@203.0.113.50:5062>'));
    expect(reinvite).toMatchObject({ kind: 'accepted', targetRefreshed: true });
    expect(formatUri(accepted(reinvite).remoteTarget)).toBe('sip:alice@203.0.113.50:5062');
    store.save(accepted(reinvite));
    const update = accepted(receiveInDialogRequest(store, fromAlice('UPDATE', 103, 'Contact: <sip:alice@203.0.113.51>')));
    expect(formatUri(update.remoteTarget)).toBe('sip:alice@203.0.113.51');
  });

  it('keeps the remote target for requests that are no target refresh', () => {
    const info = receiveInDialogRequest(storeWith(bobsDialog()), fromAlice('INFO', 102, 'Contact: <sip:alice@203.0.113.50>'));
    expect(info).toMatchObject({ kind: 'accepted', targetRefreshed: false });
    expect(formatUri(accepted(info).remoteTarget)).toBe('sip:alice@198.51.100.7:5060');
  });

  it('ends the dialog on BYE, after which its requests get 481', () => {
    const store = storeWith(bobsDialog());
    const ended = accepted(receiveInDialogRequest(store, fromAlice('BYE', 102)));
    expect(ended.state).toBe('terminated');
    store.save(ended);
    expect(receiveInDialogRequest(store, fromAlice('INFO', 103)).kind).toBe('rejected');
  });

  it('sets the remote CSeq of a UAC dialog from the first request it receives', () => {
    const uacSide: Dialog = { ...bobsDialog(), role: 'uac', remoteCSeq: undefined };
    expect(accepted(receiveInDialogRequest(storeWith(uacSide), fromAlice('INFO', 7))).remoteCSeq).toBe(7);
  });

  it('answers 481 to a CANCEL that reached it (no transaction matched it, §9.2)', () => {
    expect(receiveInDialogRequest(storeWith(bobsDialog()), fromAlice('CANCEL', 102))).toMatchObject({ kind: 'rejected', status: 481 });
  });
});

describe('receiving the response to a request sent in the dialog', () => {
  /** A response to Bob's own request `method` (CSeq 1), as Alice's UA answers it. */
  function toBob(status: string, method: string, extra = ''): SipResponse {
    return sip(`
      SIP/2.0 ${status}
      Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKbob
      From: <sip:bob@biloxi.example.com>;tag=bob1
      To: <sip:alice@atlanta.example.com>;tag=alice1
      Call-ID: call-42@198.51.100.7
      CSeq: 1 ${method}
      ${extra}
    `) as SipResponse;
  }

  it('moves the remote target on a 2xx to a target refresh', () => {
    const dialog = receiveInDialogResponse(bobsDialog(), toBob('200 OK', 'INVITE', 'Contact: <sip:alice@203.0.113.77>'));
    expect(formatUri(dialog.remoteTarget)).toBe('sip:alice@203.0.113.77');
    const info = receiveInDialogResponse(bobsDialog(), toBob('200 OK', 'INFO', 'Contact: <sip:alice@203.0.113.77>'));
    expect(formatUri(info.remoteTarget)).toBe('sip:alice@198.51.100.7:5060');
  });

  it('ends the dialog on 481 and 408', () => {
    expect(receiveInDialogResponse(bobsDialog(), toBob('481 Call/Transaction Does Not Exist', 'INFO')).state).toBe('terminated');
    expect(receiveInDialogResponse(bobsDialog(), toBob('408 Request Timeout', 'UPDATE')).state).toBe('terminated');
  });

  it('ends it on the final response to BYE, but not on a challenge', () => {
    expect(receiveInDialogResponse(bobsDialog(), toBob('200 OK', 'BYE')).state).toBe('terminated');
    expect(receiveInDialogResponse(bobsDialog(), toBob('407 Proxy Authentication Required', 'BYE')).state).toBe('confirmed');
  });

  it('ignores a response whose tags are not the dialog’s', () => {
    const other: Dialog = { ...bobsDialog(), id: { ...bobsDialog().id, remoteTag: 'someone-else' } };
    expect(receiveInDialogResponse(other, toBob('481 Call/Transaction Does Not Exist', 'INFO'))).toBe(other);
  });
});
