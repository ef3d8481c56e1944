/**
 * A later response to the dialog-creating request, applied to the dialog it belongs to (RFC 3261
 * §12.1, §13.2.2.4, §12.3): a 2xx confirms an early dialog, a non-2xx final response ends it.
 */
import type { SipResponse } from '../message.js';
import { isNonSuccessFinal, isSuccess } from '../status.js';
import { dialogIdOf, sameDialogId } from './dialog-id.js';
import { terminateDialog } from './dialog-state.js';
import type { Dialog } from './dialog-state.js';
import { uacRouteSet } from './route-set.js';
import { contactTarget } from './target-refresh.js';

/**
 * The dialog after `response` to the request that created it, received (UAC) or sent (UAS).
 * - early + 1xx: a UAC takes a Contact in the response as the new remote target;
 * - early + 2xx: confirmed; a UAC recomputes the route set from the 2xx (§13.2.2.4) and takes its
 *   Contact as the remote target; a UAS keeps the route set of the request;
 * - early + 3xx–6xx: terminated (§12.3);
 * - confirmed or terminated: unchanged (a retransmitted or late response; the route set of a
 *   confirmed dialog never changes, §12.2.1.2).
 * A response of another dialog is a bug and throws.
 */
export function advanceDialog(dialog: Dialog, response: SipResponse): Dialog {
  const id = dialogIdOf(response, dialog.role);
  if (id === undefined || !sameDialogId(id, dialog.id)) throw new Error('advanceDialog: the response belongs to another dialog');
  if (dialog.state !== 'early') return dialog;
  if (isNonSuccessFinal(response.status)) return terminateDialog(dialog);
  const confirmed = isSuccess(response.status);
  if (dialog.role === 'uas') {
    return confirmed ? { ...dialog, state: 'confirmed', localContact: response.contacts[0] ?? dialog.localContact } : dialog;
  }
  const remoteTarget = contactTarget(response) ?? dialog.remoteTarget;
  return confirmed ? { ...dialog, state: 'confirmed', remoteTarget, routeSet: uacRouteSet(response) } : { ...dialog, remoteTarget };
}
