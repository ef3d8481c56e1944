/**
 * The state of one dialog (RFC 3261 §12): plain immutable data. Every change (a response that
 * confirms it, a request that refreshes its target, a request sent with the next CSeq) is a pure
 * function returning the next value.
 */
import type { NameAddr } from '../header-values.js';
import { Method } from '../methods.js';
import type { SipMethod } from '../methods.js';
import type { Uri } from '../uri.js';
import type { DialogId } from './dialog-id.js';

/** §12: a dialog created by a provisional response is early; a 2xx confirms it. */
export type DialogState = 'early' | 'confirmed' | 'terminated';

/** Which side of the dialog-creating request this element was on. */
export type DialogRole = 'uac' | 'uas';

/**
 * Methods whose non-failure responses create a dialog: INVITE (§12.1; early dialogs on 1xx),
 * SUBSCRIBE (RFC 6665 §4.1.2.4) and REFER (RFC 3515 §2.4.3, an implicit subscription).
 */
export const DIALOG_CREATING_METHODS = [Method.INVITE, Method.SUBSCRIBE, Method.REFER] as const;
export type DialogCreatingMethod = (typeof DIALOG_CREATING_METHODS)[number];

export function isDialogCreating(method: SipMethod): method is DialogCreatingMethod {
  return (DIALOG_CREATING_METHODS as readonly SipMethod[]).includes(method);
}

export interface Dialog {
  readonly id: DialogId;
  readonly role: DialogRole;
  /** The method of the request that created the dialog. */
  readonly method: DialogCreatingMethod;
  readonly state: DialogState;
  /** Our address of record: the From URI of a UAC, the To URI of a UAS. */
  readonly localUri: Uri;
  readonly remoteUri: Uri;
  /** CSeq number of the next request this side sends in the dialog (§12.2.1.1). */
  readonly localCSeq: number;
  /** CSeq number of the last request received in the dialog; absent until one arrives (§12.2.2). */
  readonly remoteCSeq?: number;
  /** Where requests in the dialog go: the URI of the peer's Contact (§12.1.1, §12.1.2). */
  readonly remoteTarget: Uri;
  /** Our Contact in the dialog, sent again in target refresh requests (§12.2.1.1). */
  readonly localContact?: NameAddr;
  /** Route set in the order requests traverse it (§12.1.1: as received by a UAS; §12.1.2: reversed for a UAC). */
  readonly routeSet: readonly NameAddr[];
  /** True when the dialog was created over TLS with a SIPS Request-URI (§12.1.1, §12.1.2). */
  readonly secure: boolean;
}

export function terminateDialog(dialog: Dialog): Dialog {
  return dialog.state === 'terminated' ? dialog : { ...dialog, state: 'terminated' };
}
