/**
 * The network delivering a call to a customer trunk (belay): an INVITE to the trunk's
 * registered contact or ip peer with the called number as `+E.164` in Request-URI and To. The
 * trunk's ringing, answer or failure is reported to the calling side; the 2xx is acknowledged;
 * CANCEL, BYE both ways.
 */
import { Method, Status, createUacDialog, isProvisional, isSuccess, noParams, tagOf } from '../sip/index.js';
import type { ClientTransaction, OutboundTarget, ServerTransaction, SipRequest, SipResponse, SipUri, StatusCode } from '../sip/index.js';
import type { CalledParty, CallingParty } from './call-party.js';
import type { CarrierContext, DialogHandler } from './carrier-context.js';
import { LabDialog, dialogKey } from './lab-dialog.js';
import { networkInvite } from './network-call.js';
import type { NetworkCall } from './network-call.js';

/** Where a call to a trunk goes: the Request-URI and the address to send to. */
export interface TrunkDestination {
  readonly uri: SipUri;
  readonly target: OutboundTarget;
}

type LegState = 'inviting' | 'cancelled' | 'answered' | 'over';

export class TrunkLeg implements CalledParty, DialogHandler {
  private state: LegState = 'inviting';
  private readonly invite: SipRequest;
  private transaction: ClientTransaction | undefined;
  private dialog: LabDialog | undefined;

  constructor(
    private readonly context: CarrierContext,
    call: NetworkCall,
    private readonly offer: Buffer,
    private readonly caller: CallingParty,
    private readonly destination: TrunkDestination,
  ) {
    const { ids, stack, domain } = context;
    const fromTag = ids();
    this.invite = networkInvite({
      call,
      uri: destination.uri,
      domain,
      callId: ids(),
      fromTag,
      contact: { uri: stack.contactUri(destination.target.protocol), params: noParams },
      sdp: offer,
      trusted: false,
    });
    context.dialogs.set(dialogKey(this.invite.callId, fromTag), this);
    const outcome = stack.sendRequest(this.invite, destination.target, {
      onResponse: (response) => this.response(response),
      onTimeout: () => this.fail(Status.RequestTimeout),
      onTransportError: () => this.fail(Status.ServiceUnavailable),
    });
    if (outcome.ok) this.transaction = outcome.transaction;
    else this.fail(Status.ServiceUnavailable);
  }

  cancel(): void {
    if (this.state !== 'inviting') return;
    this.state = 'cancelled';
    this.transaction?.cancel();
  }

  hangUp(): void {
    if (this.state !== 'answered') return;
    this.dialog?.send(Method.BYE);
    this.over();
  }

  abort(): void {
    if (this.state === 'inviting') this.cancel();
    else this.hangUp();
  }

  receive(transaction: ServerTransaction, request: SipRequest): void {
    const { dialog } = this;
    if (!dialog) return;
    const contact = { uri: this.context.stack.contactUri(dialog.target.protocol), params: noParams };
    if (dialog.answer(transaction, request, this.offer, contact) && this.state === 'answered') {
      this.over();
      this.caller.ended();
    }
  }

  stray(response: SipResponse): void {
    if (isSuccess(response.status) && response.cseq.method === Method.INVITE) this.response(response);
  }

  private response(response: SipResponse): void {
    if (response.status === Status.Trying) return;
    if (isProvisional(response.status)) {
      if (this.state === 'inviting') this.caller.ringing();
      return;
    }
    if (!isSuccess(response.status)) {
      this.fail(response.status);
      return;
    }
    if (this.dialog) {
      // the same 2xx again: its ACK again (§13.2.2.4); another dialog's answer is not taken
      if (tagOf(response.to) === this.dialog.remoteTag) this.dialog.acknowledge(this.invite);
      else this.refuse(response);
      return;
    }
    const created = createUacDialog(this.invite, response);
    if (!created.ok) return;
    this.dialog = new LabDialog(created.dialog, this.destination.target, this.context.stack, this.context.ids);
    this.dialog.acknowledge(this.invite);
    if (this.state === 'inviting') {
      this.state = 'answered';
      this.caller.answered(response.body);
      return;
    }
    // answered after all although cancelled: the call is ended at once
    this.dialog.send(Method.BYE);
    this.fail(Status.RequestTerminated);
  }

  /** ACK and BYE for a second answer (§13.2.2.4). */
  private refuse(response: SipResponse): void {
    const created = createUacDialog(this.invite, response);
    if (!created.ok) return;
    const extra = new LabDialog(created.dialog, this.destination.target, this.context.stack, this.context.ids);
    extra.acknowledge(this.invite);
    extra.send(Method.BYE);
  }

  private fail(status: StatusCode): void {
    if (this.state !== 'inviting' && this.state !== 'cancelled') return;
    this.over();
    this.caller.failed(status);
  }

  private over(): void {
    this.state = 'over';
    this.context.dialogs.delete(dialogKey(this.invite.callId, tagOf(this.invite.from) ?? ''));
  }
}
