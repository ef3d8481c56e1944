/**
 * A UAS receiving a request inside a dialog (RFC 3261 §12.2.2): find the dialog by id, check the
 * CSeq order, take a target refresh, and end the dialog on BYE (§15.1.2). Outcomes are values:
 * the caller answers 481 or 500 as told, or processes the request with the updated dialog.
 */
import type { SipRequest } from '../message.js';
import { Method } from '../methods.js';
import { Status } from '../status.js';
import { dialogIdOf } from './dialog-id.js';
import { terminateDialog } from './dialog-state.js';
import type { Dialog } from './dialog-state.js';
import type { DialogLookup } from './dialog-store.js';
import { contactTarget, isTargetRefresh } from './target-refresh.js';

export type InDialogReceipt =
  /** The request is in order; `dialog` is the state to store (terminated after a BYE). */
  | { readonly kind: 'accepted'; readonly dialog: Dialog; readonly targetRefreshed: boolean }
  /** Answer with `status`: 481 when no such dialog exists, 500 when the CSeq is out of order. */
  | {
      readonly kind: 'rejected';
      readonly status: typeof Status.CallOrTransactionDoesNotExist | typeof Status.ServerInternalError;
      readonly reason: string;
    }
  /** An ACK that matches no dialog: an ACK is never answered, so it is dropped. */
  | { readonly kind: 'discarded'; readonly reason: string }
  /** No To tag: the request is outside any dialog (§8.2 applies, and may create one). */
  | { readonly kind: 'outside-dialog' };

const DOES_NOT_EXIST: InDialogReceipt = { kind: 'rejected', status: Status.CallOrTransactionDoesNotExist, reason: 'Call/Transaction Does Not Exist' };

/**
 * Matches `request` to its dialog in `dialogs` and applies §12.2.2. A CANCEL belongs to the
 * INVITE transaction it cancels, not to a dialog: one that gets here matched no transaction
 * and is answered 481 (§9.2).
 */
export function receiveInDialogRequest(dialogs: DialogLookup, request: SipRequest): InDialogReceipt {
  if (request.method === Method.CANCEL) return DOES_NOT_EXIST;
  const id = dialogIdOf(request, 'uas');
  if (id === undefined) return { kind: 'outside-dialog' };
  const dialog = dialogs.find(id);
  if (dialog === undefined || dialog.state === 'terminated') {
    return request.method === Method.ACK ? { kind: 'discarded', reason: 'ACK for an unknown dialog' } : DOES_NOT_EXIST;
  }
  // the ACK for a 2xx repeats the INVITE's CSeq and refreshes nothing (§13.2.2.4)
  if (request.method === Method.ACK) return { kind: 'accepted', dialog, targetRefreshed: false };
  // a new request must have a higher CSeq than the last (§12.2.2); an equal one is a reused number
  if (dialog.remoteCSeq !== undefined && request.cseq.seq <= dialog.remoteCSeq) {
    return { kind: 'rejected', status: Status.ServerInternalError, reason: 'CSeq Out of Order' };
  }
  const target = isTargetRefresh(request.method) ? contactTarget(request) : undefined;
  const next: Dialog = { ...dialog, remoteCSeq: request.cseq.seq, remoteTarget: target ?? dialog.remoteTarget };
  return { kind: 'accepted', dialog: request.method === Method.BYE ? terminateDialog(next) : next, targetRefreshed: target !== undefined };
}
