/**
 * A UAC receiving the responses to a dialog-creating request it sent, across forks (RFC 3261
 * §12.1.2, §13.2.2.4, §12.3): each To tag is its own dialog, so a 2xx from another branch than
 * the early dialogs creates a separate, confirmed dialog.
 */
import type { SipRequest, SipResponse } from '../message.js';
import { isNonSuccessFinal, isSuccess } from '../status.js';
import { answersRequest, createUacDialog } from './create-dialog.js';
import { dialogIdOf, sameDialogId } from './dialog-id.js';
import { terminateDialog } from './dialog-state.js';
import type { Dialog } from './dialog-state.js';
import { advanceDialog } from './advance-dialog.js';

export type CreatingResponseOutcome =
  /** 100 (Trying), or a 1xx without a To tag: no dialog. */
  | { readonly kind: 'no-dialog'; readonly reason: string }
  /** A 1xx created an early dialog, or refreshed one (`created: false`). */
  | { readonly kind: 'early'; readonly dialog: Dialog; readonly created: boolean }
  /**
   * The first 2xx of this dialog: a new confirmed dialog (`created: true`, e.g. another fork) or
   * an early one confirmed. Acknowledge it (`createAck`); a UAC that wants one call only sends a
   * BYE on every further confirmed dialog (§13.2.2.4).
   */
  | { readonly kind: 'confirmed'; readonly dialog: Dialog; readonly created: boolean }
  /** A 2xx repeated for a dialog already confirmed (or since terminated): send the same ACK again (§13.2.2.4). */
  | { readonly kind: 'retransmission'; readonly dialog: Dialog }
  /** A 1xx for a dialog no longer early: nothing changes. */
  | { readonly kind: 'stale'; readonly dialog: Dialog }
  /** A non-2xx final response: the early dialogs of the request end (§12.3); confirmed ones stay. */
  | { readonly kind: 'failed'; readonly terminated: readonly Dialog[] }
  /** The response does not belong to the request or cannot form a dialog. */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Applies `response` to the dialogs `dialogs` already created by `request` (the other dialogs
 * in the list are ignored). Returns the new or changed dialog for the caller to store.
 */
export function receiveCreatingResponse(dialogs: readonly Dialog[], request: SipRequest, response: SipResponse): CreatingResponseOutcome {
  if (!answersRequest(request, response)) return { kind: 'invalid', reason: 'the response does not answer the request' };
  const id = dialogIdOf(response, 'uac');
  if (id === undefined) return { kind: 'invalid', reason: 'the request has no From tag' };
  if (isNonSuccessFinal(response.status)) {
    const early = dialogs.filter((d) => d.role === 'uac' && d.state === 'early' && d.id.callId === id.callId && d.id.localTag === id.localTag);
    return { kind: 'failed', terminated: early.map(terminateDialog) };
  }
  const existing = dialogs.find((d) => d.role === 'uac' && sameDialogId(d.id, id));
  const success = isSuccess(response.status);
  if (existing === undefined) {
    const created = createUacDialog(request, response);
    if (!created.ok) return success ? { kind: 'invalid', reason: created.reason } : { kind: 'no-dialog', reason: created.reason };
    return { kind: success ? 'confirmed' : 'early', dialog: created.dialog, created: true };
  }
  if (existing.state !== 'early') return success ? { kind: 'retransmission', dialog: existing } : { kind: 'stale', dialog: existing };
  return { kind: success ? 'confirmed' : 'early', dialog: advanceDialog(existing, response), created: false };
}
