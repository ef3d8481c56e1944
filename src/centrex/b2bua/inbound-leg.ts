/**
 * The caller's leg: the B2BUA as the UAS of the caller's INVITE. Every response carries the same
 * To tag, so the caller sees one dialog however many devices ring behind it; the 2xx creates the
 * dialog the call continues in.
 */
import { Status, createResponse, createUasDialog, noParams, targetOfSource } from '../../sip/index.js';
import type { ExtraHeader, NameAddr, OutboundTarget, ServerTransaction, SipRequest, StatusCode } from '../../sip/index.js';
import { DialogChannel, legKey } from './dialog-channel.js';
import type { LegEnvironment, RelayedContent } from './dialog-channel.js';

export type ProgressStatus = typeof Status.Ringing | typeof Status.CallIsBeingForwarded | typeof Status.SessionProgress;

/** The caller's INVITE and its transaction, while it waits for its final response. */
interface PendingInvite {
  readonly transaction: ServerTransaction;
  readonly request: SipRequest;
}

export class InboundLeg {
  /** Our To tag toward the caller. */
  readonly localTag: string;
  readonly callId: string;
  /** The CSeq of the caller's INVITE, which its ACK carries. */
  readonly cseq: number;
  /** Back to the address the INVITE came from, never the host in its Contact (the phone may sit behind NAT). */
  readonly target: OutboundTarget;
  readonly contact: NameAddr;
  /**
   * Until the 2xx: once the call is answered the caller's dialog is all the leg is, and the
   * call no longer holds the INVITE nor its transaction (the stack sends the 2xx again itself
   * until the ACK comes).
   */
  private invite: PendingInvite | undefined;

  constructor(
    transaction: ServerTransaction,
    private readonly env: LegEnvironment,
  ) {
    const { request } = transaction;
    this.invite = { transaction, request };
    this.callId = request.callId;
    this.cseq = request.cseq.seq;
    this.localTag = env.ids();
    this.target = targetOfSource(transaction.source);
    this.contact = { uri: env.stack.contactUri(transaction.source.protocol), params: noParams };
  }

  get key(): string {
    return legKey(this.callId, this.localTag);
  }

  /** The INVITE still waits for its final response (the stack answers 487 itself when the caller cancels). */
  private get pending(): PendingInvite | undefined {
    const { invite } = this;
    return invite?.transaction.state === 'proceeding' ? invite : undefined;
  }

  /** The caller still waits for the answer. */
  get waiting(): boolean {
    return this.pending !== undefined;
  }

  progress(status: ProgressStatus, content: RelayedContent = {}): void {
    const pending = this.pending;
    if (pending) pending.transaction.respond(createResponse(pending.request, status, { toTag: this.localTag, contacts: [this.contact], ...content }));
  }

  /** Sends the 2xx and returns the caller's dialog; only while the caller is {@link waiting}. */
  answer(content: RelayedContent): DialogChannel {
    const pending = this.pending;
    if (!pending) throw new Error("the caller's INVITE no longer waits for an answer");
    this.invite = undefined;
    const { transaction, request } = pending;
    const response = createResponse(request, Status.OK, { toTag: this.localTag, contacts: [this.contact], ...content });
    transaction.respond(response);
    const created = createUasDialog(request, response);
    // the setup checks make sure the INVITE can create a dialog (it has a Contact)
    if (!created.ok) throw new Error(`the caller's INVITE cannot create a dialog: ${created.reason}`);
    return new DialogChannel(created.dialog, this.target, this.env);
  }

  reject(status: StatusCode, options: { readonly reason?: string; readonly headers?: readonly ExtraHeader[] } = {}): void {
    const pending = this.pending;
    if (!pending) return;
    this.invite = undefined;
    pending.transaction.respond(createResponse(pending.request, status, { toTag: this.localTag, ...options }));
  }
}
