/**
 * A client transaction (RFC 3261 §17.1): the INVITE or non-INVITE table driven with real
 * messages. It sends and retransmits its request through the port, ACKs a 300–699 itself
 * (§17.1.1.3), passes responses to its delegate, and builds the CANCEL for an INVITE (§9.1).
 */
import type { Clock } from '../clock.js';
import type { SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import { isProvisional } from '../status.js';
import type { OutboundTarget, TransportError } from '../transport/index.js';
import type { AcceptedClientTransaction } from './accepted-client-transaction.js';
import type { CompletedClientTransaction } from './completed-client-transaction.js';
import { ackForNon2xx, cancelFor } from './invite-derived-requests.js';
import { inviteClientTable } from './invite-client-table.js';
import type { InviteClientInput, InviteClientState } from './invite-client-table.js';
import { nonInviteClientTable } from './non-invite-client-table.js';
import type { NonInviteClientInput, NonInviteClientState } from './non-invite-client-table.js';
import type { ExtraHeader } from '../request.js';
import type { TimerConfig } from './timer-config.js';
import type { MessageEffect } from './transaction-effects.js';
import { receivedResponseInput } from './transaction-inputs.js';
import { TransactionMachine } from './transaction-machine.js';
import type { MachineOptions } from './transaction-machine.js';
import { isReliableProtocol } from './transaction-port.js';
import type { TransactionPort } from './transaction-port.js';
import { required } from './required.js';
import { sendFailure } from './send-failure.js';

export interface ClientTransactionDelegate {
  /** Each response passed up: provisional and final, and while Accepted every further 2xx (RFC 6026 §8.4). */
  readonly onResponse?: (response: SipResponse) => void;
  /** Timer B or F fired before a final response arrived (§17.1.1.2, §17.1.2.2). */
  readonly onTimeout?: () => void;
  /** The request, a retransmission or the ACK could not be sent (§17.1.4). */
  readonly onTransportError?: (error: TransportError) => void;
  /** The transaction is gone; nothing more will be reported. */
  readonly onTerminated?: () => void;
}

/** What a client transaction needs from the layer that owns it. */
export interface ClientTransactionContext {
  readonly clock: Clock;
  readonly port: TransactionPort;
  readonly timers: TimerConfig;
  /** Starts the CANCEL as its own non-INVITE client transaction (§9.1), to the INVITE's target. */
  readonly startCancel: (cancel: SipRequest, target: OutboundTarget, delegate: ClientTransactionDelegate) => void;
  readonly onTerminated: (transaction: ClientTransaction) => void;
  /**
   * An INVITE transaction reached Accepted: the layer may carry on with the compact form it
   * returns, in place of this transaction, until Timer M.
   */
  readonly accept: (transaction: ClientTransaction, delegate: ClientTransactionDelegate) => AcceptedClientTransaction | undefined;
  /**
   * A non-INVITE transaction reached Completed: the layer may carry on with the compact form it
   * returns, which tells only `onTerminated` of the TU, in place of this transaction, until Timer K.
   */
  readonly complete: (transaction: ClientTransaction, onTerminated: (() => void) | undefined) => CompletedClientTransaction | undefined;
}

/**
 * `sent`: the CANCEL is on its way; `deferred`: no provisional response yet, so it goes when one
 * arrives (§9.1); `too-late`: the INVITE already has a final response or has timed out.
 */
export type CancelOutcome = 'sent' | 'deferred' | 'too-late';

export type ClientTransactionState = InviteClientState | NonInviteClientState;

type Machine =
  | TransactionMachine<InviteClientState, InviteClientInput, SipResponse>
  | TransactionMachine<NonInviteClientState, NonInviteClientInput, SipResponse>;

export class ClientTransaction {
  readonly kind: 'invite' | 'non-invite';
  private readonly machine: Machine;
  /** The request until a final response came: after it nothing sends it again (§17.1.1.2, §17.1.2.2). */
  private held: SipRequest | undefined;
  /** Once Accepted (INVITE) or Completed (non-INVITE): the compact form that carries on for the machine. */
  private compact: AcceptedClientTransaction | CompletedClientTransaction | undefined;
  private ack: SipRequest | undefined;
  private lastError: TransportError | undefined;
  private cancelling: 'no' | 'deferred' | 'sent' = 'no';
  private cancelDelegate: ClientTransactionDelegate = {};
  private cancelHeaders: readonly ExtraHeader[] = [];

  /** `request` carries the transaction's branch in its top Via; {@link start} sends it. */
  constructor(
    readonly key: string,
    request: SipRequest,
    readonly target: OutboundTarget,
    private readonly delegate: ClientTransactionDelegate,
    private readonly context: ClientTransactionContext,
  ) {
    if (request.method === Method.ACK) throw new Error('an ACK is never sent by a client transaction (§17.1.1.3, §13.2.2.4)');
    this.held = request;
    this.kind = request.method === Method.INVITE ? 'invite' : 'non-invite';
    const options: MachineOptions<SipResponse> = {
      clock: context.clock,
      context: { timers: context.timers, reliable: isReliableProtocol(target.protocol) },
      perform: (effect, response) => this.perform(effect, response),
      onTerminated: () => {
        context.onTerminated(this);
        delegate.onTerminated?.();
      },
    };
    this.machine =
      this.kind === 'invite' ? new TransactionMachine(inviteClientTable, options) : new TransactionMachine(nonInviteClientTable, options);
  }

  /**
   * The request as sent. A transaction lets go of it once a final response came (the ACK of a
   * 300–699 is built by then): in Accepted an INVITE transaction waits 32 s for stray 2xx, and
   * the TU keeps what it needs of the request itself.
   */
  get request(): SipRequest {
    return required(this.held, `the ${this.key} transaction has its final response and no longer holds its request`);
  }

  get state(): ClientTransactionState {
    return this.compact?.state ?? this.machine.state;
  }

  /** Sends the request and starts the timers. */
  start(): void {
    this.machine.start();
  }

  /** A response the layer matched to this transaction (§17.1.3). */
  receive(response: SipResponse): void {
    this.machine.dispatch(receivedResponseInput(response.status), response);
    const { state } = this;
    if (state !== 'calling' && state !== 'trying' && state !== 'proceeding') this.held = undefined;
    // the machine stops before Timer M or K; the compact form keeps it
    if (state === 'accepted') this.compact = this.context.accept(this, this.delegate);
    else if (state === 'completed' && this.kind === 'non-invite') this.compact = this.context.complete(this, this.delegate.onTerminated);
    if (this.compact) this.machine.halt();
  }

  /**
   * Cancels the INVITE (§9.1): the CANCEL is its own transaction, reported to `delegate`; the
   * INVITE's final response (487 if the CANCEL won) still arrives through this transaction.
   * `headers` go into the CANCEL, e.g. a Reason (RFC 3326).
   */
  cancel(delegate: ClientTransactionDelegate = {}, headers: readonly ExtraHeader[] = []): CancelOutcome {
    if (this.kind !== 'invite') throw new Error(`§9.1: only an INVITE can be cancelled, not the request of ${this.key}`);
    if (this.cancelling !== 'no') return this.cancelling;
    this.cancelDelegate = delegate;
    this.cancelHeaders = headers;
    if (this.state === 'calling') this.cancelling = 'deferred';
    else if (this.state === 'proceeding') this.sendCancel();
    return this.cancelling === 'no' ? 'too-late' : this.cancelling;
  }

  private sendCancel(): void {
    this.cancelling = 'sent';
    this.context.startCancel(cancelFor(this.request, this.cancelHeaders), this.target, this.cancelDelegate);
  }

  private perform(effect: MessageEffect, response: SipResponse | undefined): void {
    switch (effect.kind) {
      case 'sendRequest':
      case 'retransmitRequest':
        this.send(this.request);
        return;
      case 'sendAck':
        this.ack ??= ackForNon2xx(this.request, required(response, 'a response input carries its response'));
        this.send(this.ack);
        return;
      case 'passResponseToTu': {
        const passed = required(response, 'a response input carries its response');
        if (this.cancelling === 'deferred') {
          // §9.1: the CANCEL waits for a provisional response, and is not sent once a final one came
          if (isProvisional(passed.status)) this.sendCancel();
          else this.cancelling = 'no';
        }
        this.delegate.onResponse?.(passed);
        return;
      }
      case 'informTu':
        if (effect.failure === 'timeout') this.delegate.onTimeout?.();
        else this.delegate.onTransportError?.(required(this.lastError, 'a transport error input follows a failed send'));
        return;
      default:
        throw new Error(`a client transaction cannot ${effect.kind}`);
    }
  }

  private send(request: SipRequest): void {
    this.context.port.sendRequest(request, this.target).then(
      (result) => {
        if (!result.ok) this.fail(result.error);
      },
      (error: unknown) => this.fail(sendFailure(error)),
    );
  }

  private fail(error: TransportError): void {
    this.lastError = error;
    this.machine.dispatch('transportError');
  }
}

