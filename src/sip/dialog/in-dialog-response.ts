/**
 * A UAC receiving the response to a request it sent inside a dialog (RFC 3261 §12.2.1.2, §15).
 */
import type { SipResponse } from '../message.js';
import { Method } from '../methods.js';
import { Status, isFinal, isSuccess } from '../status.js';
import type { StatusCode } from '../status.js';
import { dialogIdOf, sameDialogId } from './dialog-id.js';
import { terminateDialog } from './dialog-state.js';
import type { Dialog } from './dialog-state.js';
import { contactTarget, isTargetRefresh } from './target-refresh.js';

/** Challenges: the request is sent again with credentials, so the dialog goes on. */
const isChallenge = (status: StatusCode): boolean => status === Status.Unauthorized || status === Status.ProxyAuthenticationRequired;

/**
 * The dialog after `response` to an in-dialog request:
 * - a 2xx to a target refresh request takes the response's Contact as the remote target;
 * - 481 or 408 terminates the dialog (so does a transaction timeout: call `terminateDialog`);
 * - a final response to BYE terminates it, unless it is a challenge to answer.
 * A response whose tags are not the dialog's (a broken peer) changes nothing.
 */
export function receiveInDialogResponse(dialog: Dialog, response: SipResponse): Dialog {
  const id = dialogIdOf(response, 'uac');
  if (id === undefined || !sameDialogId(id, dialog.id)) return dialog;
  const { status } = response;
  if (status === Status.CallOrTransactionDoesNotExist || status === Status.RequestTimeout) return terminateDialog(dialog);
  if (response.cseq.method === Method.BYE && isFinal(status) && !isChallenge(status)) return terminateDialog(dialog);
  const target = isSuccess(status) && isTargetRefresh(response.cseq.method) ? contactTarget(response) : undefined;
  return target === undefined ? dialog : { ...dialog, remoteTarget: target };
}
