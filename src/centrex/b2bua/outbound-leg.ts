/**
 * One branch toward one of the callee's devices: the B2BUA as the UAC of an INVITE sent to the
 * device's registered address. It reports progress, the answer or the failure once; the first
 * 2xx creates the callee's dialog. A 2xx that comes after the branch was given up (cancelled too
 * late, or a second answer) is acknowledged and hung up at once.
 */
import { Method, Status, createRequest, createUacDialog, isProvisional, isSuccess, noParams, tagOf } from '../../sip/index.js';
import type { ClientTransaction, NameAddr, SipRequest, SipResponse } from '../../sip/index.js';
import { DialogChannel, legKey } from './dialog-channel.js';
import type { LegEnvironment, RelayedContent } from './dialog-channel.js';
import type { BranchOutcome } from './final-response.js';
import { bindingTarget } from '../registrar/index.js';
import { deviceAddress } from './outbound-invite.js';
import { reasonValue } from './reason-header.js';
import type { OutboundCall } from './outbound-invite.js';
import type { Binding } from '../registrar/index.js';

export interface OutboundLegEvents {
  readonly onProgress: (leg: OutboundLeg, response: SipResponse) => void;
  readonly onAnswer: (leg: OutboundLeg, response: SipResponse) => void;
  readonly onFailure: (leg: OutboundLeg, outcome: BranchOutcome) => void;
}

/** What a branch needs beyond a leg: the loop check's record of the INVITEs in flight. */
export interface OutboundLegEnvironment extends LegEnvironment {
  readonly branches: { add(branch: string): void; delete(branch: string): void };
}

type LegState = 'inviting' | 'answered' | 'failed' | 'abandoned';

export class OutboundLeg {
  readonly callId: string;
  readonly localTag: string;
  private state: LegState = 'inviting';
  private transaction: ClientTransaction | undefined;
  private answered: DialogChannel | undefined;
  private sentAck: SipRequest | undefined;

  constructor(
    readonly binding: Binding,
    private readonly call: OutboundCall,
    private readonly env: OutboundLegEnvironment,
    private readonly events: OutboundLegEvents,
  ) {
    this.callId = env.ids();
    this.localTag = env.ids();
  }

  get key(): string {
    return legKey(this.callId, this.localTag);
  }

  /** The callee's dialog once this branch answered. */
  get channel(): DialogChannel | undefined {
    return this.answered;
  }

  start(): void {
    const address = deviceAddress(this.binding);
    if (!address) {
      this.fail({ status: Status.TemporarilyUnavailable });
      return;
    }
    const target = bindingTarget(this.binding);
    const contact: NameAddr = { uri: this.env.stack.contactUri(target.protocol), params: noParams };
    const invite = createRequest({
      method: Method.INVITE,
      uri: address.uri,
      route: address.route,
      via: [],
      from: { ...this.call.from, params: new Map([['tag', this.localTag]]) },
      to: this.call.to,
      callId: this.callId,
      cseq: 1,
      maxForwards: this.call.maxForwards,
      contacts: [contact],
      headers: this.call.headers,
      body: this.call.body,
      ...(this.call.contentType ? { contentType: this.call.contentType } : {}),
    });
    const outcome = this.env.stack.sendRequest(invite, target, {
      onResponse: (response) => this.receive(response),
      onTimeout: () => this.fail({ status: Status.RequestTimeout }),
      onTransportError: () => this.fail({ status: Status.ServiceUnavailable }),
      onTerminated: () => this.forgetBranch(),
    });
    if (!outcome.ok) {
      this.fail({ status: Status.ServiceUnavailable });
      return;
    }
    this.transaction = outcome.transaction;
    const branch = this.branch;
    if (branch) this.env.branches.add(branch);
  }

  /** Gives the branch up: CANCEL while it rings (§9.1), ACK and BYE should it answer anyway. */
  abandon(reason?: string): void {
    if (this.state !== 'inviting') return;
    this.state = 'abandoned';
    this.transaction?.cancel({}, reason === undefined ? [] : [{ name: 'Reason', value: reason }]);
  }

  /** The end-to-end ACK for the 2xx that answered this branch, with the caller's ACK content. */
  acknowledge(content: RelayedContent): void {
    if (!this.answered || this.sentAck || !this.transaction) return;
    this.sentAck = this.answered.ack(this.transaction.request, content);
  }

  /** A 2xx for this branch that no transaction took any more (its transaction is gone). */
  receiveStray(response: SipResponse): void {
    if (isSuccess(response.status) && response.cseq.method === Method.INVITE) this.receive(response);
  }

  private get branch(): string | undefined {
    return this.transaction?.request.via[0]?.branch;
  }

  private forgetBranch(): void {
    const branch = this.branch;
    if (branch) this.env.branches.delete(branch);
  }

  private receive(response: SipResponse): void {
    if (response.status === Status.Trying) return;
    if (isProvisional(response.status)) {
      if (this.state === 'inviting') this.events.onProgress(this, response);
      return;
    }
    if (isSuccess(response.status)) {
      this.success(response);
      return;
    }
    this.fail({ status: response.status, response });
  }

  private success(response: SipResponse): void {
    const answered = this.answered;
    if (answered) {
      // the same 2xx again: the ACK is resent (§13.2.2.4); a 2xx of another dialog is a second answer
      if (tagOf(response.to) === answered.dialog.id.remoteTag) {
        if (this.sentAck) answered.resend(this.sentAck);
      } else this.refuse(response);
      return;
    }
    const invite = this.transaction?.request;
    const created = invite && createUacDialog(invite, response);
    if (!created?.ok) return;
    const channel = new DialogChannel(created.dialog, bindingTarget(this.binding), this.env);
    this.answered = channel;
    if (this.state === 'inviting') {
      this.state = 'answered';
      this.events.onAnswer(this, response);
    } else {
      this.acknowledge({});
      this.hangUp(reasonValue(Status.OK, 'Call completed elsewhere'));
    }
  }

  /** ACK and BYE for a 2xx that must not become the call (§13.2.2.4). */
  private refuse(response: SipResponse): void {
    const invite = this.transaction?.request;
    const created = invite && createUacDialog(invite, response);
    if (!created?.ok || !invite) return;
    const extra = new DialogChannel(created.dialog, bindingTarget(this.binding), this.env);
    extra.ack(invite, {});
    extra.send(Method.BYE, {}, {});
  }

  /** Sends BYE in the answered dialog. */
  hangUp(reason?: string): void {
    const channel = this.answered;
    if (!channel || channel.ended) return;
    if (!this.sentAck) this.acknowledge({});
    channel.send(Method.BYE, reason === undefined ? {} : { headers: [{ name: 'Reason', value: reason }] }, {});
    channel.end();
  }

  private fail(outcome: BranchOutcome): void {
    if (this.state !== 'inviting') return;
    this.state = 'failed';
    this.events.onFailure(this, outcome);
  }
}
