/**
 * Requests sent inside a dialog (RFC 3261 §12.2.1.1): To, From, Call-ID from the dialog id and
 * URIs, the next local CSeq, Request-URI and Route from the remote target and route set, a fresh
 * Via branch. BYE, re-INVITE, UPDATE, INFO, PRACK, NOTIFY, REFER ... all go through here; the ACK
 * for a 2xx has its own builder (create-ack.ts) and CANCEL belongs to the transaction layer.
 */
import { MAX_CSEQ } from '../cseq.js';
import { BRANCH_MAGIC_COOKIE } from '../header-values.js';
import type { ContentType, NameAddr, Via } from '../header-values.js';
import type { SipRequest } from '../message.js';
import { Method } from '../methods.js';
import type { SipMethod } from '../methods.js';
import { noParams } from '../params.js';
import { createRequest } from '../request.js';
import type { ExtraHeader } from '../request.js';
import type { IdSource } from '../id-source.js';
import type { Dialog } from './dialog-state.js';
import { routeTowards } from './route-set.js';
import { isTargetRefresh } from './target-refresh.js';

export interface DialogRequestOptions {
  /** Our Via (transport and sent-by); it gets a fresh branch from `ids`. */
  readonly via: Omit<Via, 'branch'>;
  readonly ids: IdSource;
  readonly headers?: readonly ExtraHeader[];
  readonly body?: Buffer;
  readonly contentType?: ContentType;
}

export interface InDialogRequestOptions extends DialogRequestOptions {
  /**
   * Our Contact. Target refresh requests (re-INVITE, UPDATE, SUBSCRIBE, NOTIFY) must carry one
   * and default to the dialog's local contact; other methods carry it only when given.
   */
  readonly contact?: NameAddr;
}

export interface InDialogRequest {
  readonly request: SipRequest;
  /** The dialog with its local CSeq advanced (and the Contact a target refresh sent). */
  readonly dialog: Dialog;
}

function tagParams(tag: string | undefined): ReadonlyMap<string, string | null> {
  return tag === undefined ? noParams : new Map([['tag', tag]]);
}

/** The request `method` with CSeq `cseq` addressed within `dialog` (shared with the ACK builder). */
export function buildDialogRequest(dialog: Dialog, method: SipMethod, cseq: number, options: DialogRequestOptions & { readonly contacts?: readonly NameAddr[] }): SipRequest {
  const branch = options.ids();
  const { uri, route } = routeTowards(dialog.remoteTarget, dialog.routeSet);
  return createRequest({
    method,
    uri,
    route,
    via: [{ ...options.via, branch: `${BRANCH_MAGIC_COOKIE}${branch}` }],
    from: { uri: dialog.localUri, params: tagParams(dialog.id.localTag) },
    to: { uri: dialog.remoteUri, params: tagParams(dialog.id.remoteTag) },
    callId: dialog.id.callId,
    cseq,
    maxForwards: 70,
    contacts: options.contacts,
    headers: options.headers,
    body: options.body,
    contentType: options.contentType,
  });
}

/**
 * The next request `method` in `dialog` and the dialog after sending it. Asking for something
 * the dialog cannot send is a bug and throws: ACK or CANCEL, any request on a terminated dialog,
 * a BYE from the callee on an early dialog (§15), a target refresh without a Contact, or a CSeq
 * past 2**31 - 1 (§8.1.1.5).
 */
export function createInDialogRequest(dialog: Dialog, method: SipMethod, options: InDialogRequestOptions): InDialogRequest {
  if (method === Method.ACK) throw new Error('an ACK repeats the INVITE CSeq: use createAck');
  if (method === Method.CANCEL) throw new Error('CANCEL is built from the request it cancels by the transaction layer, not within the dialog');
  if (dialog.state === 'terminated') throw new Error(`cannot send ${method} on a terminated dialog`);
  if (method === Method.BYE && dialog.role === 'uas' && dialog.state === 'early') throw new Error('the callee must not send BYE on an early dialog (RFC 3261 §15)');
  if (dialog.localCSeq > MAX_CSEQ) throw new RangeError('the local CSeq of the dialog is exhausted');
  const refresh = isTargetRefresh(method);
  const contact = refresh ? (options.contact ?? dialog.localContact) : options.contact;
  if (refresh && contact === undefined) throw new Error(`${method} refreshes the target and needs a Contact`);
  const request = buildDialogRequest(dialog, method, dialog.localCSeq, { ...options, contacts: contact === undefined ? [] : [contact] });
  const next: Dialog = { ...dialog, localCSeq: dialog.localCSeq + 1, localContact: refresh ? contact : dialog.localContact };
  return { request, dialog: next };
}
