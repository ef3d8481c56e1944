/**
 * The dialog identifier (RFC 3261 §12): Call-ID, local tag and remote tag, always seen from this
 * side of the dialog. In a transaction where we are the UAS (a request we receive, a response we
 * send) our tag is the To tag (§12.1.1, §12.2.2); where we are the UAC, the From tag (§12.1.2).
 */
import type { SipMessage } from '../message.js';
import { tagOf } from '../name-addr.js';

export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  /** Absent when the peer sent no tag (an RFC 2543 peer, §12.1.1 and §12.1.2). */
  readonly remoteTag?: string;
}

/** A dialog id; `remoteTag` is left out when undefined so that equal ids are structurally equal. */
export function dialogId(callId: string, localTag: string, remoteTag: string | undefined): DialogId {
  return remoteTag === undefined ? { callId, localTag } : { callId, localTag, remoteTag };
}

/** A string that is equal for equal dialog ids, for use as a map key. */
export function dialogKey(id: DialogId): string {
  return `${id.callId}\n${id.localTag}\n${id.remoteTag ?? ''}`;
}

export function sameDialogId(a: DialogId, b: DialogId): boolean {
  return a.callId === b.callId && a.localTag === b.localTag && a.remoteTag === b.remoteTag;
}

/**
 * The id of the dialog `message` belongs to, for an element acting as `side` in the message's
 * transaction; `undefined` when our tag is missing (for a received request: it is outside any
 * dialog).
 */
export function dialogIdOf(message: SipMessage, side: 'uac' | 'uas'): DialogId | undefined {
  const [local, remote] = side === 'uas' ? [message.to, message.from] : [message.from, message.to];
  const localTag = tagOf(local);
  return localTag === undefined ? undefined : dialogId(message.callId, localTag, tagOf(remote));
}
