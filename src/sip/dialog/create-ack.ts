/**
 * The ACK for a 2xx to an INVITE (RFC 3261 §13.2.2.4): built by the UAC core, not a transaction,
 * addressed like any request in the dialog, with the INVITE's CSeq number and credentials.
 */
import { headerValues } from '../header-registry.js';
import type { SipRequest } from '../message.js';
import { Method } from '../methods.js';
import { tagOf } from '../name-addr.js';
import type { ExtraHeader } from '../request.js';
import type { Dialog } from './dialog-state.js';
import { buildDialogRequest } from './in-dialog-request.js';
import type { DialogRequestOptions } from './in-dialog-request.js';

/** §13.2.2.4: the ACK carries the same credentials as the INVITE. */
const CREDENTIALS = ['Authorization', 'Proxy-Authorization'];

/**
 * The ACK for the 2xx that `invite` (the initial INVITE or a re-INVITE of `dialog`) received.
 * Passing an INVITE of another dialog is a bug and throws. The dialog does not change (an ACK
 * takes no new CSeq number); keep the ACK to send it again for every retransmission of the 2xx.
 */
export function createAck(dialog: Dialog, invite: SipRequest, options: DialogRequestOptions): SipRequest {
  if (invite.method !== Method.INVITE) throw new Error(`createAck acknowledges an INVITE, not ${invite.method}`);
  if (invite.callId !== dialog.id.callId || tagOf(invite.from) !== dialog.id.localTag) throw new Error('createAck: the INVITE belongs to another dialog');
  const credentials: ExtraHeader[] = CREDENTIALS.flatMap((name) => headerValues(invite, name).map((value) => ({ name, value })));
  return buildDialogRequest(dialog, Method.ACK, invite.cseq.seq, { ...options, headers: [...credentials, ...(options.headers ?? [])] });
}
