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

export class InboundLeg {
  /** Our To tag toward the caller. */
  readonly localTag: string;
  /** Back to the address the INVITE came from, never the host in its Contact (the phone may sit behind NAT). */
  readonly target: OutboundTarget;
  readonly contact: NameAddr;
  /** The caller's INVITE: the transaction lets go of it once answered with a 2xx, the call keeps it while it lasts. */
  readonly request: SipRequest;

  constructor(
    readonly transaction: ServerTransaction,
    private readonly env: LegEnvironment,
  ) {
    this.request = transaction.request;
    this.localTag = env.ids();
    this.target = targetOfSource(transaction.source);
    this.contact = { uri: env.stack.contactUri(transaction.source.protocol), params: noParams };
  }

  get key(): string {
    return legKey(this.request.callId, this.localTag);
  }

  /** The INVITE still waits for its final response (the stack answers 487 itself when the caller cancels). */
  get pending(): boolean {
    return this.transaction.state === 'proceeding';
  }

  progress(status: ProgressStatus, content: RelayedContent = {}): void {
    if (this.pending) this.transaction.respond(createResponse(this.request, status, { toTag: this.localTag, contacts: [this.contact], ...content }));
  }

  /** Sends the 2xx and returns the caller's dialog. */
  answer(content: RelayedContent): DialogChannel {
    const response = createResponse(this.request, Status.OK, { toTag: this.localTag, contacts: [this.contact], ...content });
    this.transaction.respond(response);
    const created = createUasDialog(this.request, response);
    // the setup checks make sure the INVITE can create a dialog (it has a Contact)
    if (!created.ok) throw new Error(`the caller's INVITE cannot create a dialog: ${created.reason}`);
    return new DialogChannel(created.dialog, this.target, this.env);
  }

  reject(status: StatusCode, options: { readonly reason?: string; readonly headers?: readonly ExtraHeader[] } = {}): void {
    if (this.pending) this.transaction.respond(createResponse(this.request, status, { toTag: this.localTag, ...options }));
  }
}
