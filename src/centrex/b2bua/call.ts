/**
 * One call from setup to hang-up: the caller's leg, the fork ringing the callee's devices, the
 * ring timer with forwarding on busy, on no answer and when unavailable, and once a device
 * answers, the bridge between the two dialogs. It files its dialogs with the registry, keeps its
 * call log, and writes the call record when it ends.
 */
import { Header, Method, Status, createResponse, formatNameAddr, header, headerValues } from '../../sip/index.js';
import type { Clock, ExtraHeader, ServerTransaction, SessionTimerOffer, SipRequest, SipResponse, StatusCode, TimerHandle } from '../../sip/index.js';
import type { AnsweringDevice, CallRecordSink } from '../cdr/index.js';
import { Bridge, contentOf } from './bridge.js';
import type { CallSide } from './bridge.js';
import { CallLog } from './call-log.js';
import type { CallRegistry, FiledCall } from './call-registry.js';
import type { CallRouter, RingPlan, RoutePlan } from './decide-route.js';
import type { ForkFailure } from './final-response.js';
import { Fork } from './fork.js';
import type { InboundLeg } from './inbound-leg.js';
import { callerIdentity, outboundCall } from './outbound-invite.js';
import type { OutboundLeg, OutboundLegEnvironment } from './outbound-leg.js';
import { reasonHeaders, reasonValue } from './reason-header.js';
import { relayedHeaders } from './relayed-headers.js';
import type { DirectoryTenant, DirectoryUser, ForwardTarget } from '../directory/index.js';
import { SessionTimerWatch } from './session-timer-watch.js';

/** What call setup established before the call starts ringing. */
export interface CallSetup {
  readonly tenant: DirectoryTenant;
  readonly caller: DirectoryUser;
  readonly dialled: ForwardTarget;
  readonly plan: RingPlan;
  /** The session timer offered to the callee, when the caller asked for one. */
  readonly sessionOffer?: SessionTimerOffer;
}

export interface CallEnvironment extends OutboundLegEnvironment {
  readonly clock: Clock;
  readonly router: CallRouter;
  readonly registry: CallRegistry;
  readonly records: CallRecordSink;
}

type CallState = 'ringing' | 'answered' | 'ended';

export class Call implements FiledCall {
  readonly id: string;
  private state: CallState = 'ringing';
  private plan: RingPlan;
  private fork: Fork | undefined;
  private ringTimer: TimerHandle | undefined;
  private earlyMedia: OutboundLeg | undefined;
  private winner: OutboundLeg | undefined;
  private bridge: Bridge | undefined;
  private readonly log: CallLog;
  private readonly sessionTimer: SessionTimerWatch;

  constructor(
    private readonly inbound: InboundLeg,
    private readonly setup: CallSetup,
    private readonly env: CallEnvironment,
  ) {
    this.id = env.ids();
    this.plan = setup.plan;
    this.log = CallLog.start({ id: this.id, at: env.clock.now(), tenant: setup.tenant, caller: setup.caller, dialled: setup.dialled });
    this.sessionTimer = new SessionTimerWatch(env.clock, () => this.bridge?.hangUp(reasonValue(Status.RequestTimeout, 'Session expired')));
  }

  get tenantId(): string {
    return this.setup.tenant.id;
  }

  start(): void {
    this.env.registry.add(this, this.inbound.transaction);
    this.env.registry.file(this, 'caller', this.inbound.request.callId, this.inbound.localTag);
    this.inbound.trying();
    this.ring(this.setup.plan);
  }

  snapshot() {
    return this.log.snapshot();
  }

  request(side: CallSide, tx: ServerTransaction, request: SipRequest): void {
    if (this.bridge) {
      this.bridge.request(side, tx, request);
      return;
    }
    if (request.method === Method.BYE && side === 'caller') {
      // §15: a caller may end its early dialog with BYE; to the callee's devices it is a CANCEL
      tx.respond(createResponse(request, Status.OK));
      this.inbound.reject(Status.RequestTerminated);
      this.giveUp(Status.RequestTerminated, headerValues(request, 'Reason')[0]);
      return;
    }
    tx.respond(createResponse(request, Status.RequestPending, { headers: [{ name: 'Retry-After', value: '1' }] }));
  }

  ack(side: CallSide, ack: SipRequest): void {
    this.bridge?.ack(side, ack);
  }

  strayResponse(side: CallSide, response: SipResponse): void {
    if (side === 'callee') this.winner?.receiveStray(response);
  }

  cancelled(cancel: SipRequest): void {
    if (this.state === 'ringing') this.giveUp(Status.RequestTerminated, headerValues(cancel, 'Reason')[0]);
  }

  ackTimedOut(): void {
    this.bridge?.hangUp(reasonValue(Status.RequestTimeout, 'No ACK for the answer'));
  }

  hangUp(reason: string): void {
    if (this.bridge) {
      this.bridge.hangUp(reason);
      return;
    }
    this.inbound.reject(Status.ServiceUnavailable);
    this.giveUp(Status.ServiceUnavailable, reason);
  }

  private ring(plan: RingPlan): void {
    this.plan = plan;
    this.log.route(plan);
    const call = outboundCall({
      invite: this.inbound.request,
      tenant: this.setup.tenant,
      caller: this.setup.caller,
      dialled: this.setup.dialled,
      diversions: plan.diversions,
      ...(this.setup.sessionOffer ? { sessionOffer: this.setup.sessionOffer } : {}),
    });
    const fork = new Fork(plan.bindings, call, this.env, {
      onProgress: (leg, response) => this.progress(leg, response),
      onAnswer: (leg, response) => this.answered(leg, response),
      onFailure: (failure) => this.failed(failure),
    });
    this.fork = fork;
    this.earlyMedia = undefined;
    this.ringTimer = this.env.clock.setTimer(plan.ringForMs, () => this.noAnswer());
    fork.start();
  }

  /** The callee as the caller sees them once the call reaches them (connected identity). */
  private calleeIdentity(): ExtraHeader {
    const user = this.plan.user;
    return { name: 'P-Asserted-Identity', value: formatNameAddr(callerIdentity(user, this.setup.tenant)) };
  }

  /** 180/183 to the caller; early media (an SDP) from the first branch that sends one only. */
  private progress(leg: OutboundLeg, response: SipResponse): void {
    const withMedia = response.body.length > 0 && (this.earlyMedia ?? leg) === leg;
    if (withMedia) this.earlyMedia = leg;
    const status = response.status === Status.SessionProgress ? Status.SessionProgress : Status.Ringing;
    this.inbound.progress(status, { headers: [this.calleeIdentity()], ...(withMedia ? contentOf(response) : {}) });
  }

  private answered(leg: OutboundLeg, response: SipResponse): void {
    const callee = leg.channel;
    if (this.state !== 'ringing' || !callee) return;
    this.stopRinging();
    this.state = 'answered';
    this.winner = leg;
    this.log.answer(this.env.clock.now(), this.device(leg, response));
    const sessionLines = this.sessionTimer.answered(this.setup.sessionOffer, response);
    const caller = this.inbound.answer({ headers: [...relayedHeaders(response), this.calleeIdentity(), ...sessionLines], ...contentOf(response) });
    this.env.registry.file(this, 'callee', leg.callId, leg.localTag);
    this.bridge = new Bridge(
      { caller, callee },
      { cseq: this.inbound.request.cseq.seq, acknowledge: (content) => leg.acknowledge(content) },
      this.sessionTimer,
      { onEnded: () => this.close(Status.OK) },
    );
  }

  private device(leg: OutboundLeg, response: SipResponse): AnsweringDevice {
    const { binding } = leg;
    const userAgent = binding.userAgent ?? header(response, Header.Server) ?? header(response, Header.UserAgent) ?? null;
    return { userId: this.plan.user.id, extension: this.plan.user.extension, contact: binding.contact, userAgent };
  }

  private failed(failure: ForkFailure): void {
    if (this.state !== 'ringing') return;
    this.stopRinging();
    const next = failure.kind === 'busy' || failure.kind === 'unavailable' ? this.env.router.afterFailure(this.plan, failure.kind) : undefined;
    if (next) {
      this.forward(next);
      return;
    }
    this.inbound.reject(failure.status, { headers: failure.headers });
    this.close(failure.status);
  }

  private noAnswer(): void {
    this.ringTimer = undefined;
    if (this.state !== 'ringing') return;
    this.fork?.abandon();
    const next = this.env.router.afterFailure(this.plan, 'no-answer');
    if (next) {
      this.forward(next);
      return;
    }
    this.inbound.reject(Status.RequestTimeout);
    this.close(Status.RequestTimeout);
  }

  /** Rings the next user after forwarding, or ends the call if the forwarding leads nowhere. */
  private forward(next: RoutePlan): void {
    if (next.kind === 'reject') {
      this.log.route(next);
      this.inbound.reject(next.status, { headers: reasonHeaders(next.status, next.reason) });
      this.close(next.status);
      return;
    }
    this.inbound.progress(Status.CallIsBeingForwarded);
    this.ring(next);
  }

  /** The caller gave up while the devices rang. */
  private giveUp(status: StatusCode, reason: string | undefined): void {
    this.stopRinging();
    this.fork?.abandon(reason);
    this.close(status);
  }

  private stopRinging(): void {
    this.ringTimer?.cancel();
    this.ringTimer = undefined;
  }

  private close(status: StatusCode): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.stopRinging();
    this.sessionTimer.stop();
    this.env.registry.remove(this);
    this.env.records.record(this.log.finish(this.env.clock.now(), status));
  }
}
