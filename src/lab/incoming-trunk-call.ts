/**
 * The network's side of an INVITE from a customer trunk (the carrier as UAS): 100 at once, 180
 * while the called side rings, 200 with its session description, or its failure; then BYE both
 * ways. A CANCEL from the trunk (the stack answers it and the INVITE's 487) cancels the called
 * side.
 */
import { Method, Status, createResponse, createUasDialog, noParams, targetOfSource } from '../sip/index.js';
import type { NameAddr, ServerTransaction, SipRequest, StatusCode } from '../sip/index.js';
import type { CalledParty, CallingParty } from './call-party.js';
import type { CarrierContext, DialogHandler } from './carrier-context.js';
import { LabDialog, SDP } from './lab-dialog.js';

export class IncomingTrunkCall implements CallingParty, DialogHandler {
  private readonly localTag: string;
  private readonly contact: NameAddr;
  private called: CalledParty | undefined;
  private dialog: LabDialog | undefined;
  private answer: Buffer = Buffer.alloc(0);
  private rang = false;

  /** The INVITE: its transaction lets go of it once answered with a 2xx. */
  private readonly request: SipRequest;

  constructor(
    private readonly context: CarrierContext,
    private readonly transaction: ServerTransaction,
  ) {
    this.request = transaction.request;
    this.localTag = context.ids();
    this.contact = { uri: context.stack.contactUri(transaction.source.protocol), params: noParams };
    transaction.respond(createResponse(transaction.request, Status.Trying));
  }

  /** The called side this call was connected to. */
  connect(called: CalledParty): void {
    this.called = called;
  }

  private get pending(): boolean {
    return this.transaction.state === 'proceeding';
  }

  ringing(): void {
    if (!this.pending || this.rang) return;
    this.rang = true;
    this.transaction.respond(createResponse(this.request, Status.Ringing, { toTag: this.localTag, contacts: [this.contact] }));
  }

  answered(sdp: Buffer): void {
    if (!this.pending) {
      // the trunk gave up meanwhile
      this.called?.hangUp();
      return;
    }
    const response = createResponse(this.request, Status.OK, { toTag: this.localTag, contacts: [this.contact], body: sdp, contentType: SDP });
    this.transaction.respond(response);
    const created = createUasDialog(this.request, response);
    if (!created.ok) {
      this.context.log(`the INVITE from ${this.transaction.source.remoteAddress} cannot create a dialog: ${created.reason}`);
      this.called?.hangUp();
      return;
    }
    this.answer = sdp;
    this.dialog = new LabDialog(created.dialog, targetOfSource(this.transaction.source), this.context.stack, this.context.ids);
    this.context.dialogs.set(this.dialog.key, this);
  }

  failed(status: StatusCode, reason?: string): void {
    if (this.pending) this.transaction.respond(createResponse(this.request, status, { toTag: this.localTag, ...(reason === undefined ? {} : { reason }) }));
  }

  ended(): void {
    this.dialog?.send(Method.BYE);
    this.forget();
  }

  /** The trunk cancelled the INVITE. */
  cancelled(): void {
    this.called?.cancel();
  }

  /** The trunk never acknowledged the 2xx: the call is ended. */
  unacknowledged(): void {
    this.called?.hangUp();
    this.ended();
  }

  receive(transaction: ServerTransaction, request: SipRequest): void {
    if (this.dialog?.answer(transaction, request, this.answer, this.contact)) {
      this.forget();
      this.called?.hangUp();
    }
  }

  abort(): void {
    this.called?.hangUp();
    this.ended();
  }

  private forget(): void {
    if (this.dialog) this.context.dialogs.delete(this.dialog.key);
  }
}
