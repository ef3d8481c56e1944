/**
 * A SIP stack: transports, parser, stateless checks, admission control and the transaction
 * layer wired together for one endpoint (a registrar, a B2BUA, a test peer). Inbound bytes are
 * parsed, their top Via stamped with `received`/`rport` (RFC 3581), checked (§8.2, §16.3), and
 * handed to the transaction layer; a request refused on the way gets a stateless answer and
 * leaves no state behind. The application above it (the TU) sees typed delegate calls.
 */
import { BRANCH_MAGIC_COOKIE } from '../header-values.js';
import type { Via } from '../header-values.js';
import { prependVia, removeTopVia, withToTag } from '../message-edit.js';
import type { SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import { defaultParseLimits } from '../parse-limits.js';
import type { ParseOptions } from '../parse-limits.js';
import { parseMessage } from '../parse.js';
import { createResponse } from '../response.js';
import { Status, isSuccess } from '../status.js';
import { checkTimerConfig, defaultTimerConfig, ServerTransaction, TransactionLayer } from '../transaction/index.js';
import type { ClientTransactionDelegate, RequestOutcome, TimerConfig, TransactionPort } from '../transaction/index.js';
import { StreamTransport, TransportSet } from '../transport/index.js';
import type {
  InboundMessage, MessageSource, OutboundTarget, SendResult, TransportAddress, TransportProtocol,
} from '../transport/index.js';
import type { SipUri } from '../uri.js';
import { AdmissionControl, defaultAdmissionLimits, trafficClass } from './admission-control.js';
import type { Admission } from './admission-control.js';
import { Invite2xxRetransmitter } from './invite-2xx-retransmitter.js';
import { withReceivedVia } from './received-via.js';
import { validateRequest } from './request-checks.js';
import { defaultRequestPolicy } from './request-policy.js';
import type { RequestPolicy } from './request-policy.js';
import type { SipStackOptions } from './sip-stack-options.js';
import type { RefusalCause, StackEvent } from './stack-events.js';
import { StackSender } from './stack-sender.js';
import { TimerScope } from './timer-scope.js';

/** What a stack holds right now; all zero once it has drained. */
export interface StackStats {
  readonly serverTransactions: number;
  readonly clientTransactions: number;
  /** 2xx responses being resent until their ACK. */
  readonly unacknowledged2xx: number;
  /** Timers scheduled by the stack and its transactions. */
  readonly timers: number;
  /** Open stream connections, inbound and outbound. */
  readonly connections: number;
}

export interface ListeningTransport extends TransportAddress {
  readonly protocol: TransportProtocol;
}

type Running = { readonly transports: TransportSet; readonly sender: StackSender };

export class SipStack {
  private readonly timers: TimerScope;
  private readonly timerConfig: TimerConfig;
  private readonly policy: RequestPolicy;
  private readonly admission: AdmissionControl;
  private readonly layer: TransactionLayer;
  private readonly retransmitter: Invite2xxRetransmitter;
  private readonly parseOptions: Readonly<Record<'datagram' | 'stream', ParseOptions>>;
  private running: Running | undefined;
  private stopped = false;
  /** Admission control for a request that would create a server transaction; a refusal is kept in {@link refusal}. */
  private readonly admitNew = (request: SipRequest): boolean => {
    const admission = this.admission.admit(trafficClass(request), this.layer.counts.server);
    this.refusal = admission.admitted ? undefined : admission;
    return admission.admitted;
  };
  /** The admission refusal of the request being received, if any. */
  private refusal: Extract<Admission, { readonly admitted: false }> | undefined;
  /** Set while a CANCEL is being received: the INVITE it matched, to be answered 487 next. */
  private cancelled: { readonly invite: ServerTransaction; readonly toTag: string } | undefined;

  constructor(private readonly options: SipStackOptions) {
    this.timers = new TimerScope(options.clock);
    this.timerConfig = checkTimerConfig(options.timers ?? defaultTimerConfig);
    this.policy = options.policy ?? defaultRequestPolicy;
    const admission = options.admission ?? defaultAdmissionLimits;
    this.admission = new AdmissionControl(options.clock, admission);
    const limits = { ...defaultParseLimits, ...options.parseLimits };
    const common = { limits, requestUriSchemes: this.policy.uriSchemes };
    this.parseOptions = { datagram: { ...common, framing: 'datagram' }, stream: { ...common, framing: 'stream' } };
    const port: TransactionPort = {
      sendRequest: (request, target) => this.sender.send(request, target),
      sendResponse: (response, source) => {
        if (response.cseq.method === Method.INVITE && isSuccess(response.status)) {
          this.retransmitter.start(response, source);
        }
        return this.sender.sendResponse(response, source);
      },
      wireResponse: (response, source) => this.sender.wireResponse(response, source),
      sendWire: (wire) => this.sender.sendWire(wire),
    };
    this.retransmitter = new Invite2xxRetransmitter({
      clock: this.timers,
      timers: this.timerConfig,
      send: (response, source) => void this.report(this.sender.sendResponse(response, source)),
      onAckTimeout: (response, source) => this.options.delegate.onAckTimeout?.(response, source),
    });
    this.layer = new TransactionLayer({
      clock: this.timers,
      port,
      branchId: options.ids,
      timers: this.timerConfig,
      // room past the new-request bound for in-dialog requests and for client transactions
      maxTransactions: options.maxTransactions ?? 3 * admission.maxServerTransactions,
      delegate: {
        onRequest: (transaction, request) => this.onRequest(transaction, request),
        onStrayAck: (ack, source) => this.onAck(ack, source),
        onStrayResponse: (response, source) => this.options.delegate.onStrayResponse?.(response, source),
      },
    });
  }

  /** Opens the transports; the stack receives from then on. */
  async start(): Promise<void> {
    if (this.running || this.stopped) throw new Error('a SIP stack starts once');
    const transports = await TransportSet.open({
      transports: this.options.transports,
      onMessage: (message) => this.receive(message),
      onFault: (fault) => this.emit({ kind: 'transport-fault', fault }),
    });
    try {
      this.running = { transports, sender: new StackSender(transports, this.options.advertise) };
    } catch (error) {
      await transports.close();
      throw error;
    }
  }

  /** Closes every transport and cancels every timer (transactions, 2xx resends); idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.retransmitter.stopAll();
    this.timers.cancelAll();
    await this.running?.transports.close();
  }

  get listening(): readonly ListeningTransport[] {
    return this.set.transports.map((transport) => ({ protocol: transport.protocol, ...transport.local }));
  }

  get stats(): StackStats {
    const counts = this.layer.counts;
    const connections = this.running?.transports.transports.reduce((n, t) => n + (t instanceof StreamTransport ? t.connectionCount : 0), 0) ?? 0;
    return {
      serverTransactions: counts.server,
      clientTransactions: counts.client,
      unacknowledged2xx: this.retransmitter.size,
      timers: this.timers.pending,
      connections,
    };
  }

  /** The host and port this stack writes into its Via and Contact for `protocol`. */
  sentBy(protocol: TransportProtocol): TransportAddress {
    return this.sender.sentBy(protocol);
  }

  contactUri(protocol: TransportProtocol, user?: string): SipUri {
    return this.sender.contactUri(protocol, user);
  }

  /**
   * The Via this stack writes for `protocol` (sent-by, `rport`, no branch), for requests built
   * elsewhere, e.g. the dialog layer's `DialogRequestOptions.via`.
   */
  via(protocol: TransportProtocol): Via {
    return this.sender.via(protocol);
  }

  /**
   * Sends `request` in a new client transaction to `target` (the next hop the TU chose, an IP
   * address). This stack's Via ends up on top with a fresh branch: a top Via that already is
   * this stack's for the target's transport is kept, otherwise one is added (a request built
   * without a Via, or one passing through with others' Vias).
   * A CANCEL is sent with `ClientTransaction.cancel()`, an ACK for a 2xx with {@link sendStateless}.
   */
  sendRequest(request: SipRequest, target: OutboundTarget, delegate: ClientTransactionDelegate = {}): RequestOutcome {
    if (request.method === Method.CANCEL) throw new Error('cancel an INVITE with ClientTransaction.cancel() (§9.1)');
    return this.layer.request(this.withOwnVia(request, target.protocol), target, delegate);
  }

  /**
   * Sends a request outside any transaction (the ACK for a 2xx, §13.2.2.4), with this stack's
   * Via on top as {@link sendRequest} does; a branch the caller already gave it is kept.
   */
  sendStateless(request: SipRequest, target: OutboundTarget): Promise<SendResult> {
    return this.report(this.sender.send(this.withOwnVia(request, target.protocol), target));
  }

  private get set(): TransportSet {
    return this.started.transports;
  }

  private get sender(): StackSender {
    return this.started.sender;
  }

  private get started(): Running {
    if (!this.running) throw new Error('the SIP stack has not been started');
    return this.running;
  }

  private withOwnVia(request: SipRequest, protocol: TransportProtocol): SipRequest {
    const top = request.via[0];
    const own = top !== undefined && top.transport.toLowerCase() === protocol && this.sender.isOwnVia(top);
    const branch = own && top.branch !== undefined ? top.branch : `${BRANCH_MAGIC_COOKIE}${this.options.ids()}`;
    return prependVia(own ? removeTopVia(request) : request, this.sender.via(protocol, branch));
  }

  /** Everything that arrives on any transport comes through here. */
  private receive(inbound: InboundMessage): void {
    const { source } = inbound;
    if (this.stopped) return;
    this.admission.countMessage();
    const parsed = parseMessage(inbound.data, this.parseOptions[source.protocol === 'udp' ? 'datagram' : 'stream']);
    const input = !parsed.ok ? parsed.error : parsed.message.kind === 'request' ? withReceivedVia(parsed.message, source) : parsed.message;
    const verdict = validateRequest(input, this.policy);
    switch (verdict.kind) {
      case 'drop':
        this.emit({ kind: 'dropped', cause: verdict.check, reason: verdict.reason, source });
        return;
      case 'reject':
        // a request that did not parse still needs received/rport for its answer to find the way back
        this.refuse(parsed.ok ? verdict.response : withReceivedVia(verdict.response, source), verdict.check, source);
        return;
      case 'continue':
        if (verdict.message.kind === 'response') this.receiveResponse(verdict.message, source);
        else this.receiveRequest(verdict.message, source);
    }
  }

  private receiveResponse(response: SipResponse, source: MessageSource): void {
    const via = response.via[0];
    if (!via || !this.sender.isOwnVia(via)) {
      this.emit({ kind: 'dropped', cause: 'foreign-via', reason: 'the top Via is not this stack\'s (§18.1.2)', source });
      return;
    }
    this.layer.receive(response, source);
  }

  private receiveRequest(request: SipRequest, source: MessageSource): void {
    const outcome = this.layer.receive(request, source, this.admitNew);
    if (outcome.kind === 'refused') this.refuse(this.serviceUnavailable(request, this.refusalRetryAfter()), 'overload', source);
    else if (outcome.kind === 'overloaded') this.refuse(this.serviceUnavailable(request, this.admission.retryAfterSeconds), 'overload', source);
    else if (outcome.kind === 'unmatchable') this.emit({ kind: 'dropped', cause: 'unmatchable', reason: 'a request without a Via', source });
    const cancelled = this.cancelled;
    this.cancelled = undefined;
    if (cancelled) this.terminate(cancelled.invite, cancelled.toTag, request);
  }

  private refusalRetryAfter(): number {
    return this.refusal?.retryAfterSeconds ?? this.admission.retryAfterSeconds;
  }

  private serviceUnavailable(request: SipRequest, retryAfterSeconds: number): SipResponse {
    return createResponse(request, Status.ServiceUnavailable, { headers: [{ name: 'Retry-After', value: String(retryAfterSeconds) }] });
  }

  /** Answers without a transaction (§8.2.6, §16.3): one response, no state, a To tag of its own. */
  private refuse(response: SipResponse, cause: RefusalCause, source: MessageSource): void {
    const tagged = response.to.params.has('tag') ? response : withToTag(response, this.options.ids());
    this.emit({ kind: 'rejected', cause, status: response.status, source });
    void this.report(this.sender.sendResponse(tagged, source));
  }

  private onRequest(transaction: ServerTransaction, request: SipRequest): void {
    if (request.method === Method.CANCEL) {
      this.cancel(transaction, request);
      return;
    }
    try {
      this.options.delegate.onRequest(transaction, request);
    } catch (error) {
      this.emit({ kind: 'delegate-failed', error, message: request });
      if (!transaction.lastResponse || transaction.lastResponse.status < 200) {
        transaction.respond(createResponse(request, Status.ServerInternalError, { toTag: this.options.ids() }));
      }
    }
  }

  /**
   * §9.2: a CANCEL that matches no INVITE gets 481; otherwise 200, with the To tag the INVITE's
   * responses carry. The INVITE's 487 follows once the CANCEL's transaction has sent the 200
   * (see {@link receiveRequest}), so the two leave in the order the RFC describes them.
   */
  private cancel(transaction: ServerTransaction, cancel: SipRequest): void {
    const invite = this.layer.inviteCancelledBy(cancel);
    if (!invite) {
      transaction.respond(createResponse(cancel, Status.CallOrTransactionDoesNotExist, { toTag: this.options.ids() }));
      return;
    }
    const toTag = invite.toTag || this.options.ids();
    transaction.respond(createResponse(cancel, Status.OK, { toTag }));
    // an INVITE answered 2xx (Accepted, in its compact form) is past what a CANCEL changes
    if (invite instanceof ServerTransaction) this.cancelled = { invite, toTag };
  }

  /** The INVITE a CANCEL matched gets 487 unless it already has a final response; then the TU hears of it. */
  private terminate(invite: ServerTransaction, toTag: string, cancel: SipRequest): void {
    if (invite.state === 'proceeding') invite.respond(createResponse(invite.request, Status.RequestTerminated, { toTag }));
    this.options.delegate.onCancel?.(invite, cancel);
  }

  private onAck(ack: SipRequest, source: MessageSource): void {
    this.retransmitter.acknowledge(ack);
    this.options.delegate.onAck?.(ack, source);
  }

  private emit(event: StackEvent): void {
    this.options.delegate.onEvent?.(event);
  }

  /** Reports a failed stateless send as an event; the result passes through. */
  private async report(sending: Promise<SendResult>): Promise<SendResult> {
    const result = await sending;
    if (!result.ok) this.emit({ kind: 'send-failed', error: result.error });
    return result;
  }
}
