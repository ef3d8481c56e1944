/**
 * One established dialog of the carrier (toward a trunk or from it): requests sent in it with the
 * next CSeq toward the address the peer is reached at, requests received in it checked for order
 * (RFC 3261 §12.2), the ACK for a 2xx kept for its retransmissions. In-dialog requests are
 * answered simply: BYE ends the call, a session refresh (re-INVITE, UPDATE) gets the session
 * description the carrier sent before (media changes are not taken), anything else 200.
 */
import {
  Method, Status, createAck, createInDialogRequest, createResponse, noParams, receiveInDialogRequest, removeTopVia, sameDialogId, terminateDialog,
} from '../sip/index.js';
import type {
  ClientTransactionDelegate, Dialog, ExtraHeader, IdSource, NameAddr, OutboundTarget, ServerTransaction, SipMethod, SipRequest, SipStack,
} from '../sip/index.js';

export const SDP = { type: 'application', subtype: 'sdp', params: noParams } as const;

export const ALLOW = [Method.INVITE, Method.ACK, Method.CANCEL, Method.BYE, Method.OPTIONS, Method.UPDATE].join(', ');

/** Where the carrier's dialogs are filed: Call-ID and our tag. */
export const dialogKey = (callId: string, localTag: string): string => `${callId}\n${localTag}`;

export type LabStack = Pick<SipStack, 'sendRequest' | 'sendStateless' | 'contactUri'>;

/** The dialog builders write a Via; the stack writes its own, so theirs is taken off. */
const BUILDER_VIA = { protocol: 'SIP/2.0', transport: 'UDP', host: 'invalid', params: noParams };

export class LabDialog {
  private current: Dialog;
  private sentAck: SipRequest | undefined;

  constructor(
    dialog: Dialog,
    readonly target: OutboundTarget,
    private readonly stack: LabStack,
    private readonly ids: IdSource,
  ) {
    this.current = dialog;
  }

  get key(): string {
    return dialogKey(this.current.id.callId, this.current.id.localTag);
  }

  get remoteTag(): string | undefined {
    return this.current.id.remoteTag;
  }

  get ended(): boolean {
    return this.current.state === 'terminated';
  }

  send(method: SipMethod, headers: readonly ExtraHeader[] = [], delegate: ClientTransactionDelegate = {}): void {
    if (this.ended) return;
    const built = createInDialogRequest(this.current, method, { via: BUILDER_VIA, ids: this.ids, headers });
    this.current = method === Method.BYE ? terminateDialog(built.dialog) : built.dialog;
    this.stack.sendRequest(removeTopVia(built.request), this.target, delegate);
  }

  /** The ACK for the 2xx `invite` received; sent again on every retransmission of that 2xx. */
  acknowledge(invite: SipRequest): void {
    this.sentAck ??= removeTopVia(createAck(this.current, invite, { via: BUILDER_VIA, ids: this.ids }));
    void this.stack.sendStateless(this.sentAck, this.target);
  }

  /**
   * Answers a request of the peer in this dialog; `true` when it was a BYE (the call is over).
   * `sdp` is what a session refresh is answered with; `contact` our Contact for it.
   */
  answer(transaction: ServerTransaction, request: SipRequest, sdp: Buffer, contact: NameAddr): boolean {
    const receipt = receiveInDialogRequest({ find: (id) => (sameDialogId(id, this.current.id) ? this.current : undefined) }, request);
    if (receipt.kind === 'rejected') {
      transaction.respond(createResponse(request, receipt.status));
      return false;
    }
    if (receipt.kind !== 'accepted') return false;
    this.current = receipt.dialog;
    const refresh = request.method === Method.INVITE || request.method === Method.UPDATE;
    // a re-INVITE without an offer gets ours in the 2xx (RFC 3264 §5); an UPDATE only answers one
    const withSdp = request.method === Method.INVITE || (refresh && request.body.length > 0);
    transaction.respond(createResponse(request, Status.OK, refresh ? { contacts: [contact], ...(withSdp ? { body: sdp, contentType: SDP } : {}) } : {}));
    return request.method === Method.BYE;
  }
}
