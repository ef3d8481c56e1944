/**
 * An answered call: the caller's dialog and the callee's dialog joined. Every request one side
 * sends in its dialog (re-INVITE, UPDATE, INFO, …) is sent again in the other dialog and the
 * answer comes back the same way, bodies unchanged (hold and resume pass through as the SDP says
 * them). ACKs for 2xx go end to end; a BYE from either side ends both dialogs.
 */
import {
  Method, Status, createResponse, headerValues, isFinal, isSuccess, isTargetRefresh, readSessionExpires, supportsTimer,
} from '../../sip/index.js';
import type { ServerTransaction, SessionExpires, SipRequest, SipResponse } from '../../sip/index.js';
import type { DialogChannel, RelayedContent } from './dialog-channel.js';
import { DEFAULT_MAX_FORWARDS } from './outbound-invite.js';
import { relayedHeaders } from './relayed-headers.js';
import type { SessionTimerWatch } from './session-timer-watch.js';

export type CallSide = 'caller' | 'callee';

export const otherSide = (side: CallSide): CallSide => (side === 'caller' ? 'callee' : 'caller');

/** Who ended the call: one of the sides with a BYE, or the B2BUA (session expired, a side vanished). */
export type CallEnd = { readonly by: CallSide } | { readonly by: 'b2bua'; readonly reason: string };

export interface BridgeEvents {
  readonly onEnded: (end: CallEnd) => void;
}

/**
 * A re-INVITE relayed from `from`: its 2xx waits for `from`'s ACK, which is then relayed with the
 * CSeq of the INVITE `sent` last (the one that answered a challenge, after one).
 */
interface RelayedInvite {
  readonly from: CallSide;
  sent: SipRequest;
  answered: boolean;
  ack?: SipRequest;
}

/** The body of a message as relayed content. */
export function contentOf(message: SipRequest | SipResponse): RelayedContent {
  return message.body.length > 0 ? { body: message.body, ...(message.contentType ? { contentType: message.contentType } : {}) } : {};
}

/** Session refreshes (RFC 4028 §7.1): what the sender asked for, when it does session timers itself. */
function offeredTimer(request: SipRequest): SessionExpires | undefined {
  if (!supportsTimer(request)) return undefined;
  const expires = readSessionExpires(request);
  return expires?.ok ? expires.value : undefined;
}

export class Bridge {
  /** The re-INVITE in progress, in either direction; another one meanwhile is answered 491 (§14.2). */
  private reinvite: RelayedInvite | undefined;
  private readonly waiting = new Set<ServerTransaction>();
  private initialAcknowledged = false;
  private over = false;

  constructor(
    private readonly channels: Readonly<Record<CallSide, DialogChannel>>,
    /** The caller's initial INVITE, whose ACK goes to the callee's answering branch. */
    private readonly initial: { readonly cseq: number; acknowledge(content: RelayedContent): void },
    private readonly sessionTimer: SessionTimerWatch,
    private readonly events: BridgeEvents,
  ) {}

  get ended(): boolean {
    return this.over;
  }

  /** A request from `side` in its dialog. */
  request(side: CallSide, tx: ServerTransaction, request: SipRequest): void {
    const receipt = this.over ? undefined : this.channels[side].receive(request);
    if (receipt?.kind !== 'accepted') {
      const status = receipt?.kind === 'rejected' ? receipt.status : Status.CallOrTransactionDoesNotExist;
      tx.respond(createResponse(request, status));
      return;
    }
    if (request.method === Method.BYE) {
      tx.respond(createResponse(request, Status.OK));
      this.finish({ by: side }, headerValues(request, 'Reason')[0]);
      return;
    }
    if (request.method === Method.INVITE && this.reinvite) {
      tx.respond(createResponse(request, Status.RequestPending, { headers: [{ name: 'Retry-After', value: '1' }] }));
      return;
    }
    this.relay(side, tx, request);
  }

  /** An ACK from `side`: for the initial 2xx, or for a relayed re-INVITE's 2xx. */
  ack(side: CallSide, ack: SipRequest): void {
    if (this.over) return;
    if (side === 'caller' && ack.cseq.seq === this.initial.cseq) {
      if (!this.initialAcknowledged) this.initial.acknowledge(contentOf(ack));
      this.initialAcknowledged = true;
      return;
    }
    const pending = this.reinvite;
    if (!pending || pending.from !== side || !pending.answered || pending.ack) return;
    pending.ack = this.channels[otherSide(side)].ack(pending.sent, contentOf(ack));
    this.reinvite = undefined;
  }

  /** Ends the call from the B2BUA: BYE to both sides. */
  hangUp(reason: string): void {
    this.finish({ by: 'b2bua', reason }, reason);
  }

  private relay(from: CallSide, tx: ServerTransaction, request: SipRequest): void {
    const to = this.channels[otherSide(from)];
    if (to.ended) {
      tx.respond(createResponse(request, Status.CallOrTransactionDoesNotExist));
      return;
    }
    const offered = offeredTimer(request);
    let relayed: RelayedInvite | undefined;
    const sent = to.send(
      request.method,
      { headers: relayedHeaders(request), ...contentOf(request), maxForwards: (request.maxForwards ?? DEFAULT_MAX_FORWARDS) - 1 },
      {
        onResponse: (response) => this.answer(from, tx, request, response, offered, relayed),
        onResent: (retried) => {
          if (relayed) relayed.sent = retried;
        },
        onTimeout: () => this.lost(tx, request, Status.RequestTimeout),
        onTransportError: () => this.lost(tx, request, Status.ServiceUnavailable),
      },
    );
    if (!sent) {
      tx.respond(createResponse(request, Status.ServiceUnavailable, { headers: [{ name: 'Retry-After', value: '1' }] }));
      return;
    }
    this.waiting.add(tx);
    if (request.method === Method.INVITE) {
      relayed = { from, sent: sent.request, answered: false };
      this.reinvite = relayed;
    }
  }

  /** A response from the far side to a relayed request, passed back to `from`. */
  private answer(from: CallSide, tx: ServerTransaction, request: SipRequest, response: SipResponse, offered: SessionExpires | undefined, relayed: RelayedInvite | undefined): void {
    if (response.status === Status.Trying) return;
    const success = isSuccess(response.status);
    if (relayed?.answered) {
      // the far side repeats its 2xx until our ACK: send it again, once the sender's ACK came through
      if (success && relayed.ack) this.channels[otherSide(from)].resend(relayed.ack);
      return;
    }
    // the sender cancelled its re-INVITE meanwhile (the stack answered it 487): nobody will ACK this 2xx but us
    const abandoned = tx.state !== 'proceeding';
    const refresh = request.method === Method.INVITE || request.method === Method.UPDATE;
    const sessionLines = success && refresh ? this.sessionTimer.answered(offered, response) : [];
    const contact = isTargetRefresh(request.method) && response.status < Status.MultipleChoices ? this.channels[from].contact : undefined;
    tx.respond(
      createResponse(request, response.status, {
        reason: response.reason,
        ...(contact ? { contacts: [contact] } : {}),
        headers: [...relayedHeaders(response), ...sessionLines],
        ...contentOf(response),
      }),
    );
    if (isFinal(response.status)) this.waiting.delete(tx);
    if (relayed && isFinal(response.status)) {
      relayed.answered = success;
      if (success && abandoned) relayed.ack = this.channels[otherSide(from)].ack(relayed.sent, {});
      if ((!success || abandoned) && this.reinvite === relayed) this.reinvite = undefined;
    }
    if (this.channels[otherSide(from)].ended && !this.over) this.hangUp('the other side ended the dialog');
  }

  /** The far side did not answer a relayed request at all: the call cannot go on. */
  private lost(tx: ServerTransaction, request: SipRequest, status: typeof Status.RequestTimeout | typeof Status.ServiceUnavailable): void {
    this.waiting.delete(tx);
    tx.respond(createResponse(request, status));
    if (!this.over) this.hangUp('the other side stopped answering');
  }

  private finish(end: CallEnd, reason: string | undefined): void {
    if (this.over) return;
    this.over = true;
    this.sessionTimer.stop();
    // the callee's 2xx is acknowledged before its BYE, even when the caller's ACK never came
    if (!this.initialAcknowledged) this.initial.acknowledge({});
    this.initialAcknowledged = true;
    const headers = reason === undefined ? [] : [{ name: 'Reason', value: reason }];
    for (const side of ['caller', 'callee'] as const) {
      const channel = this.channels[side];
      if (end.by !== side && !channel.ended) channel.send(Method.BYE, { headers }, {});
      channel.end();
    }
    for (const tx of this.waiting) {
      if (tx.state === 'proceeding') tx.respond(createResponse(tx.request, Status.RequestTerminated));
    }
    this.waiting.clear();
    this.events.onEnded(end);
  }
}
