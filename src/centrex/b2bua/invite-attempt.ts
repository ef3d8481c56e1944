/**
 * One INVITE the B2BUA sends as a UAC toward one address (a device's registered Contact, a
 * trunk): it reports progress, the answer or the failure once; the first 2xx creates the
 * callee's dialog. A 2xx that comes after the attempt was given up (cancelled too late, or a
 * second answer) is acknowledged and hung up at once. Once the answer is acknowledged, what
 * answers a 2xx again is kept as bytes ({@link LateAnswers}) and the attempt holds no message
 * for the rest of the call; once the call is over, that is all it keeps. Legs are made of
 * attempts: a device leg of one, a trunk leg of one per trunk tried and per authentication round.
 *
 * An attempt may be given a time to hear from the far side (`silence`): when not even a 100
 * (Trying) came back by then, the next hop is taken to be down, and the attempt is given up (its
 * CANCEL waits for a provisional response, §9.1) and fails as a timeout, long before Timer B
 * (64·T1, 32 s) would end it. Any response, 100 included, shows the hop took the request
 * (§17.1.1.2: it ends the retransmissions); from then on only the caller's ring time limits it.
 */
import { Method, Status, createRequest, createUacDialog, isProvisional, isSuccess, tagOf } from '../../sip/index.js';
import type { ClientTransaction, Clock, OutboundTarget, RequestParts, SipRequest, SipResponse, StatusCode, TimerHandle } from '../../sip/index.js';
import { DialogChannel } from './dialog-channel.js';
import type { LegEnvironment, RelayedContent } from './dialog-channel.js';
import { LateAnswers, refuseAnswer } from './late-answers.js';
import { COMPLETED_ELSEWHERE, reasonValue } from './reason-header.js';

/** How an attempt ended without an answer: a final response, a timeout (408) or a transport failure. */
export interface AttemptFailure {
  readonly status: StatusCode;
  readonly response?: SipResponse;
  readonly transportError?: true;
  /** Nothing at all came back within the attempt's `silence` time. */
  readonly silent?: true;
}

/** How long the far side may stay silent after the INVITE before the attempt is given up. */
export interface AttemptSilence {
  readonly clock: Clock;
  readonly ms: number;
}

export interface InviteAttemptEvents {
  readonly onProgress: (response: SipResponse) => void;
  readonly onAnswer: (response: SipResponse) => void;
  readonly onFailure: (failure: AttemptFailure) => void;
}

/** What an attempt needs beyond a leg: the loop check's record of the INVITEs in flight. */
export interface AttemptEnvironment extends LegEnvironment {
  readonly branches: { add(branch: string): void; delete(branch: string): void };
}

type AttemptState = 'inviting' | 'answered' | 'failed' | 'abandoned';

/** Once the attempt no longer rings, nothing is reported: the leg and its call are let go. */
const REPORT_NOTHING: InviteAttemptEvents = { onProgress: () => undefined, onAnswer: () => undefined, onFailure: () => undefined };

export class InviteAttempt {
  readonly callId: string;
  private state: AttemptState = 'inviting';
  /** While the INVITE rings, to cancel it. */
  private transaction: ClientTransaction | undefined;
  /** The INVITE as sent, for the ACK of its 2xx and the dialogs of further 2xx, until the answer is acknowledged. */
  private invite: SipRequest | undefined;
  /** Its branch, in the loop check's record until the transaction ends. */
  private branch: string | undefined;
  /**
   * Once the answer is acknowledged, or the call is over: what answers a 2xx that still comes.
   * The transaction waits for such 2xx until Timer M (32 s) and holds this attempt until then,
   * but only this of it once the call is over.
   */
  private late: LateAnswers | undefined;
  /** Until the start, what the INVITE is made of. */
  private parts: Omit<RequestParts, 'method' | 'via'> | undefined;
  private answered: DialogChannel | undefined;
  private silenceTimer: TimerHandle | undefined;

  constructor(
    /** The INVITE without Via (the stack writes it). */
    parts: Omit<RequestParts, 'method' | 'via'>,
    readonly target: OutboundTarget,
    private readonly env: AttemptEnvironment,
    /** Told of progress, the answer or the failure while the attempt rings; let go of once it has ended. */
    private events: InviteAttemptEvents,
    private readonly silence?: AttemptSilence,
  ) {
    this.parts = parts;
    this.callId = parts.callId;
  }

  /** The INVITE as sent (after the stack added its Via), once it went out. */
  get request(): SipRequest | undefined {
    return this.invite;
  }

  /** The callee's dialog once this attempt answered. */
  get channel(): DialogChannel | undefined {
    return this.answered;
  }

  start(): void {
    const { parts } = this;
    if (!parts) return;
    this.parts = undefined;
    const invite = createRequest({ method: Method.INVITE, via: [], ...parts });
    const outcome = this.env.stack.sendRequest(invite, this.target, {
      onResponse: (response) => this.receive(response),
      onTimeout: () => this.fail({ status: Status.RequestTimeout }),
      onTransportError: () => this.fail({ status: Status.ServiceUnavailable, transportError: true }),
      onTerminated: () => this.forgetBranch(),
    });
    if (!outcome.ok) {
      this.fail({ status: Status.ServiceUnavailable, transportError: true });
      return;
    }
    this.transaction = outcome.transaction;
    this.invite = outcome.transaction.request;
    this.branch = this.invite.via[0]?.branch;
    if (this.branch) this.env.branches.add(this.branch);
    if (this.silence) {
      const { clock, ms } = this.silence;
      this.silenceTimer = clock.setTimer(ms, () => this.silent(ms));
    }
  }

  /** Gives the attempt up: CANCEL while it rings (§9.1), ACK and BYE should it answer anyway. */
  abandon(reason?: string): void {
    if (this.state !== 'inviting') return;
    this.state = 'abandoned';
    this.takeEvents();
    this.stopSilenceTimer();
    this.cancel(reason);
  }

  /**
   * The end-to-end ACK for the 2xx that answered this attempt, with the caller's ACK content.
   * From then on the INVITE and the ACK are kept as bytes only ({@link LateAnswers}): the call
   * may last hours, and nothing but a 2xx sent again needs them.
   */
  acknowledge(content: RelayedContent): void {
    const { answered, invite } = this;
    // once acknowledged, the attempt no longer holds the INVITE: a second call does nothing
    if (!answered || !invite) return;
    const ack = answered.ack(invite, content);
    this.late = new LateAnswers(invite, { remoteTag: answered.dialog.id.remoteTag, ack }, this.target, this.env);
    this.invite = undefined;
  }

  /**
   * The call is over: the attempt keeps only what answers a late 2xx ({@link LateAnswers}), so
   * that its transaction, waiting for Timer M, no longer holds the call nor its messages.
   */
  release(): void {
    this.takeEvents();
    this.parts = undefined;
    // an answered transaction carries on in its compact form; a ringing one can no longer be cancelled
    if (this.state !== 'inviting') this.transaction = undefined;
    const { invite, answered } = this;
    this.invite = undefined;
    this.answered = undefined;
    if (!invite || this.late) return;
    this.late = new LateAnswers(invite, answered && { remoteTag: answered.dialog.id.remoteTag, ack: undefined }, this.target, this.env);
  }

  /** A 2xx for this attempt that no transaction took any more (its transaction is gone). */
  receiveStray(response: SipResponse): void {
    if (isSuccess(response.status) && response.cseq.method === Method.INVITE) this.receive(response);
  }

  /** Sends BYE in the answered dialog. */
  hangUp(reason?: string): void {
    const channel = this.answered;
    if (!channel || channel.ended) return;
    this.acknowledge({});
    channel.send(Method.BYE, reason === undefined ? {} : { headers: [{ name: 'Reason', value: reason }] }, {});
    channel.end();
  }

  /** The events to tell once more; from now on nothing is reported, and the leg is no longer held. */
  private takeEvents(): InviteAttemptEvents {
    const { events } = this;
    this.events = REPORT_NOTHING;
    return events;
  }

  private forgetBranch(): void {
    if (this.branch) this.env.branches.delete(this.branch);
  }

  private cancel(reason: string | undefined): void {
    this.transaction?.cancel({}, reason === undefined ? [] : [{ name: 'Reason', value: reason }]);
  }

  /** Something came back, or the attempt is over: silence no longer counts. */
  private stopSilenceTimer(): void {
    this.silenceTimer?.cancel();
    this.silenceTimer = undefined;
  }

  /** Not even a 100 (Trying) within `ms`: the attempt is given up and fails as a timeout. */
  private silent(ms: number): void {
    this.silenceTimer = undefined;
    if (this.state !== 'inviting') return;
    this.cancel(reasonValue(Status.RequestTimeout, `No response within ${ms} ms`));
    this.fail({ status: Status.RequestTimeout, silent: true });
  }

  private receive(response: SipResponse): void {
    this.stopSilenceTimer();
    if (response.status === Status.Trying) return;
    if (isProvisional(response.status)) {
      if (this.state === 'inviting') this.events.onProgress(response);
      return;
    }
    if (isSuccess(response.status)) {
      this.success(response);
      return;
    }
    this.fail({ status: response.status, response });
  }

  private success(response: SipResponse): void {
    if (this.late) {
      this.late.receive(response);
      return;
    }
    const { answered, invite } = this;
    if (answered) {
      // the same 2xx before our ACK went out needs none yet; a 2xx of another dialog is a second answer
      if (invite && tagOf(response.to) !== answered.dialog.id.remoteTag) refuseAnswer(invite, response, this.target, this.env);
      return;
    }
    const created = invite && createUacDialog(invite, response);
    if (!created?.ok) return;
    this.answered = new DialogChannel(created.dialog, this.target, this.env);
    if (this.state === 'inviting') {
      this.state = 'answered';
      // a final answer cannot be cancelled: the attempt lets go of its transaction
      this.transaction = undefined;
      this.takeEvents().onAnswer(response);
    } else {
      this.acknowledge({});
      this.hangUp(COMPLETED_ELSEWHERE);
    }
  }

  private fail(failure: AttemptFailure): void {
    if (this.state !== 'inviting') return;
    this.state = 'failed';
    this.stopSilenceTimer();
    this.takeEvents().onFailure(failure);
  }
}
