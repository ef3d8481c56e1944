/**
 * A server transaction (RFC 3261 §17.2): the INVITE or non-INVITE table driven with real
 * messages. It hands the request to the TU, sends the TU's responses toward the request's
 * source, answers retransmitted requests with the last response, sends 100 (Trying) for an
 * INVITE the TU leaves unanswered for 200 ms, and reports timeouts and transport errors.
 */
import type { Clock } from '../clock.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { detached } from '../detached.js';
import { Method } from '../methods.js';
import { tagOf } from '../name-addr.js';
import { createResponse } from '../response.js';
import { parseMessage } from '../parse.js';
import { Status, isFinal, isSuccess } from '../status.js';
import type { MessageSource, SendResult, TransportError } from '../transport/index.js';
import type { AcceptedServerTransaction } from './accepted-server-transaction.js';
import type { CompletedServerTransaction } from './completed-server-transaction.js';
import { inviteServerTable } from './invite-server-table.js';
import type { InviteServerInput, InviteServerState } from './invite-server-table.js';
import { nonInviteServerTable } from './non-invite-server-table.js';
import type { NonInviteServerInput, NonInviteServerState } from './non-invite-server-table.js';
import { required } from './required.js';
import { sendFailure } from './send-failure.js';
import type { TimerConfig } from './timer-config.js';
import type { MessageEffect } from './transaction-effects.js';
import { tuResponseInput } from './transaction-inputs.js';
import { TransactionMachine } from './transaction-machine.js';
import type { MachineOptions } from './transaction-machine.js';
import { isReliableProtocol } from './transaction-port.js';
import type { TransactionPort, WireResponse } from './transaction-port.js';

export interface ServerTransactionDelegate {
  /** Timer H fired: the ACK for a 300–699 response never came (§17.2.1). */
  readonly onTimeout?: () => void;
  /** A response could not be sent (§17.2.4). */
  readonly onTransportError?: (error: TransportError) => void;
  /** The transaction is gone; nothing more will be reported. */
  readonly onTerminated?: () => void;
}

/** What a server transaction needs from the layer that owns it. */
export interface ServerTransactionContext {
  readonly clock: Clock;
  readonly port: TransactionPort;
  readonly timers: TimerConfig;
  /** Hands the creating request up, or (RFC 6026 §8.7) an ACK the transaction matched while Accepted. */
  readonly passUp: (transaction: ServerTransaction, request: SipRequest) => void;
  readonly onTerminated: (transaction: ServerTransaction) => void;
  /**
   * A non-INVITE transaction reached Completed having sent `answer`: the layer may carry on
   * with the compact form it returns, in place of this transaction, until Timer J.
   */
  readonly complete: (transaction: ServerTransaction, answer: WireResponse) => CompletedServerTransaction | undefined;
  /**
   * An INVITE transaction reached Accepted, its 2xx sent with To tag `toTag` ('' for none): the
   * layer may carry on with the compact form it returns, in place of this transaction, until Timer L.
   */
  readonly accept: (transaction: ServerTransaction, toTag: string) => AcceptedServerTransaction | undefined;
}

export type ServerTransactionState = InviteServerState | NonInviteServerState;

/** Until the TU sets its own, shared by every transaction. */
const NO_DELEGATE: ServerTransactionDelegate = Object.freeze({});

type Machine =
  | { readonly kind: 'invite'; readonly run: TransactionMachine<InviteServerState, InviteServerInput, SipMessage> }
  | { readonly kind: 'non-invite'; readonly run: TransactionMachine<NonInviteServerState, NonInviteServerInput, SipMessage> };

export class ServerTransaction {
  /** Set by the TU when it takes the request (usually inside `onRequest`). */
  delegate: ServerTransactionDelegate = NO_DELEGATE;
  /** The To tag of the creating request, which the RFC 2543 matching rules compare (§17.2.3). */
  readonly requestToTag: string | undefined;
  private readonly machine: Machine;
  private held: SipRequest | undefined;
  /** Once Completed (non-INVITE) or Accepted (INVITE): the compact form that carries on for the machine. */
  private compact: CompletedServerTransaction | AcceptedServerTransaction | undefined;
  /** Answered without state (§8.2.7): the transaction has ended. */
  private statelessly = false;
  private last: SipResponse | undefined;
  /** A non-INVITE transaction's final response as sent: all it keeps of it while Completed (§17.2.2). */
  private answer: WireResponse | undefined;
  private lastError: TransportError | undefined;
  /** An INVITE's final response once Accepted or Terminated: its To tag is all that is kept of it; '' when it had none. */
  private answeredToTag: string | undefined;

  constructor(
    readonly key: string,
    request: SipRequest,
    readonly source: MessageSource,
    private readonly context: ServerTransactionContext,
  ) {
    this.held = request;
    this.requestToTag = tagOf(request.to);
    if (request.method === Method.ACK) throw new Error('an ACK never creates a server transaction (§17.2.3)');
    const options: MachineOptions<SipMessage> = {
      clock: context.clock,
      context: { timers: context.timers, reliable: isReliableProtocol(source.protocol) },
      perform: (effect, message) => this.perform(effect, message),
      onTerminated: () => {
        context.onTerminated(this);
        this.delegate.onTerminated?.();
      },
    };
    this.machine =
      request.method === Method.INVITE
        ? { kind: 'invite', run: new TransactionMachine(inviteServerTable, options) }
        : { kind: 'non-invite', run: new TransactionMachine(nonInviteServerTable, options) };
  }

  /**
   * The request that created the transaction. A non-INVITE transaction lets go of it once its
   * final response is sent: for Timer J it only absorbs retransmissions, with that response.
   */
  get request(): SipRequest {
    return required(this.held, `the ${this.key} transaction answered its request and no longer holds it`);
  }

  get kind(): 'invite' | 'non-invite' {
    return this.machine.kind;
  }

  get state(): ServerTransactionState {
    if (this.statelessly) return 'terminated';
    return this.compact?.state ?? this.machine.run.state;
  }

  /**
   * The most recent response sent, the transaction's own 100 (Trying) included. A non-INVITE
   * transaction keeps its final response as the bytes it sent; they are parsed again here. An
   * INVITE transaction in Accepted keeps none (see {@link toTag}).
   */
  get lastResponse(): SipResponse | undefined {
    if (this.last || !this.answer) return this.last;
    const parsed = parseMessage(this.answer.data);
    return parsed.ok && parsed.message.kind === 'response' ? parsed.message : undefined;
  }

  /**
   * The To tag of the responses sent so far (RFC 2543 ACK matching, the 200 to a CANCEL): ''
   * when they carried none, undefined before the first response.
   */
  get toTag(): string | undefined {
    if (this.answeredToTag !== undefined) return this.answeredToTag;
    const last = this.lastResponse;
    return last && (tagOf(last.to) ?? '');
  }

  /** Hands the request to the TU (through the layer) and starts the timers. */
  start(): void {
    this.machine.run.start(this.request);
    this.releaseAnsweredRequest();
  }

  /**
   * Sends a response from the TU. After the final response, further ones are discarded as
   * §17.2.1, §17.2.2 and RFC 6026 §8.7 say (only 2xx retransmissions pass while Accepted).
   */
  respond(response: SipResponse): void {
    this.checkAnswers(response);
    if (this.compact?.kind === 'invite') {
      this.compact.respond(response);
      return;
    }
    this.machine.run.dispatch(tuResponseInput(response.status), response);
    this.releaseAnsweredRequest();
  }

  /**
   * Answers as a stateless UAS does (RFC 3261 §8.2.7), for what must leave no state behind, an
   * unauthenticated challenge above all (§26.3.2.4: a single 401 or 407, "forgoing the normal
   * response retransmission algorithm"): the final response is sent once and the transaction
   * ends at once, so a retransmitted request is answered anew, a flood of them holds nothing,
   * and the ACK of an INVITE's 300–699 finds no transaction and is dropped (§8.2.7). Only a
   * request without any response yet can be answered so, an INVITE only with 300–699 (a 2xx
   * makes a dialog, which needs the transaction).
   */
  respondStatelessly(response: SipResponse): void {
    this.checkAnswers(response);
    const { status } = response;
    const unanswered = this.kind === 'invite' ? this.state === 'proceeding' && this.last === undefined : this.state === 'trying';
    if (!unanswered || !isFinal(status) || (this.kind === 'invite' && isSuccess(status))) {
      throw new Error(`§8.2.7: only a request without a response yet gets a stateless final response (an INVITE 300–699), not ${status} to ${this.kind} in ${this.state}`);
    }
    this.machine.run.halt();
    this.statelessly = true;
    this.held = undefined;
    this.last = response;
    this.context.onTerminated(this);
    // a stateless answer that fails to leave is lost like one lost in the network
    void this.context.port.sendResponse(response, this.source);
    this.delegate.onTerminated?.();
  }

  /** A retransmission of the request, or the ACK, matched to this transaction by the layer (§17.2.3). */
  receive(request: SipRequest): void {
    if (this.compact) this.compact.receive(request);
    else if (request.method !== Method.ACK) this.machine.run.dispatch('requestRetransmission', request);
    else if (this.machine.kind === 'invite') this.machine.run.dispatch('ack', request);
    else throw new Error('an ACK only ever matches an INVITE server transaction (§17.2.3)');
  }

  private checkAnswers(response: SipResponse): void {
    // an Accepted INVITE transaction let go of its request: only the TU's 2xx pass it (RFC 6026 §8.7)
    const request = this.held;
    if (!request) return;
    if (response.callId !== request.callId || response.cseq.seq !== request.cseq.seq || response.cseq.method !== request.method) {
      throw new Error(`a response to ${response.cseq.seq} ${response.cseq.method} is not for this ${request.cseq.seq} ${request.method} transaction`);
    }
  }

  /**
   * Completed (or Terminated) non-INVITE: nothing reads the request again (§17.2.2). Accepted
   * INVITE (RFC 6026 §8.7): the transaction only absorbs retransmitted INVITEs and passes the ACK
   * up for 32 s, and the TU resends its 2xx itself; of the 2xx it keeps the To tag (an RFC 2543
   * ACK is matched by it).
   */
  private releaseAnsweredRequest(): void {
    const { state } = this;
    if (this.machine.kind === 'non-invite') {
      if (state === 'completed' || state === 'terminated') this.held = undefined;
      return;
    }
    if (state !== 'accepted' && state !== 'terminated') return;
    this.held = undefined;
    const { last } = this;
    if (!last) return;
    const tag = tagOf(last.to);
    this.answeredToTag = tag === undefined ? '' : detached(tag);
    this.last = undefined;
    // the machine stops before Timer L; the compact form keeps it
    if (state === 'accepted') this.compact = this.context.accept(this, this.answeredToTag);
    if (this.compact) this.machine.run.halt();
  }

  private perform(effect: MessageEffect, message: SipMessage | undefined): void {
    switch (effect.kind) {
      case 'passRequestToTu':
        this.context.passUp(this, required(message?.kind === 'request' ? message : undefined, 'a request input carries its request'));
        return;
      case 'sendResponse': {
        const response = required(message?.kind === 'response' ? message : undefined, 'a TU input carries its response');
        if (this.machine.kind === 'non-invite' && isFinal(response.status)) this.sendFinal(response);
        else this.send(response);
        return;
      }
      case 'retransmitResponse':
        if (this.answer) this.transmit(this.context.port.sendWire(this.answer));
        else if (this.last) this.send(this.last);
        return;
      case 'sendTrying':
        this.send(createResponse(this.request, Status.Trying));
        return;
      case 'informTu':
        if (effect.failure === 'timeout') this.delegate.onTimeout?.();
        else this.delegate.onTransportError?.(required(this.lastError, 'a transport error input follows a failed send'));
        return;
      default:
        throw new Error(`a server transaction cannot ${effect.kind}`);
    }
  }

  private send(response: SipResponse): void {
    this.last = response;
    this.transmit(this.context.port.sendResponse(response, this.source));
  }

  /**
   * A non-INVITE final response is written to bytes once, and resent from them (§17.2.2). The
   * machine has moved to Completed: the layer may carry on with the compact form, and the
   * machine stops where it is, before it starts Timer J, which the compact form keeps.
   */
  private sendFinal(response: SipResponse): void {
    const wire = this.context.port.wireResponse(response, this.source);
    if ('code' in wire) {
      this.last = response;
      this.transmit(Promise.resolve({ ok: false, error: wire }));
      return;
    }
    this.last = undefined;
    this.answer = wire;
    if (this.state === 'completed') this.compact = this.context.complete(this, wire);
    if (this.compact) this.machine.run.halt();
    this.transmit(this.context.port.sendWire(wire));
  }

  private transmit(sending: Promise<SendResult>): void {
    sending.then(
      (result) => {
        if (!result.ok) this.fail(result.error);
      },
      (error: unknown) => this.fail(sendFailure(error)),
    );
  }

  private fail(error: TransportError): void {
    if (this.compact) {
      this.compact.fail(error);
      return;
    }
    this.lastError = error;
    this.machine.run.dispatch('transportError');
  }
}
