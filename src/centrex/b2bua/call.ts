/**
 * One call from setup to hang-up: the caller's leg, the fork ringing the callee's devices and any
 * external number over the trunks, the ring timer with forwarding on busy, on no answer and when
 * unavailable, and once a branch answers, the bridge between the two dialogs. It files its
 * dialogs with the registry, keeps its call log, and writes the call record when it ends.
 */
import { Header, Method, Status, createResponse, formatNameAddr, header, headerValues, noParams } from '../../sip/index.js';
import type { ExtraHeader, ServerTransaction, SessionTimerOffer, SipRequest, SipResponse, StatusCode, TimerHandle } from '../../sip/index.js';
import type { AnsweringDevice, CallRecordSink } from '../cdr/index.js';
import type { SipLog } from '../registrar/index.js';
import { Bridge, contentOf } from './bridge.js';
import type { CallSide } from './bridge.js';
import type { CalleeLeg, LegFactory } from './callee-leg.js';
import { shownCaller, userIdentity, userUri } from './caller.js';
import type { Caller } from './caller.js';
import { CallLog, callId } from './call-log.js';
import type { CallRegistry, FiledCall } from './call-registry.js';
import type { InboundFacts } from './call-setup.js';
import type { CallRouter, RingBranch, RingPlan, RoutePlan } from './decide-route.js';
import { DeviceLeg } from './device-leg.js';
import { chooseFinalResponse, networkFinalResponse } from './final-response.js';
import type { ForkFailure } from './final-response.js';
import { Fork } from './fork.js';
import { InboundLeg } from './inbound-leg.js';
import { outboundCall, relayedInvite } from './outbound-invite.js';
import type { NetworkDiversion, OutboundCall, RelayedInvite } from './outbound-invite.js';
import { reasonHeaders, reasonValue } from './reason-header.js';
import { relayedHeaders } from './relayed-headers.js';
import { SessionTimerWatch } from './session-timer-watch.js';
import { TrunkLeg } from './trunk-leg.js';
import type { TrunkLegEnvironment, TrunkLegEvent } from './trunk-leg.js';
import type { DirectoryTenant } from '../directory/index.js';

/** What call setup established before the call starts ringing. */
export interface CallSetup {
  readonly tenant: DirectoryTenant;
  readonly caller: Caller;
  /** What was dialled, as shown to the devices (To) and kept in the record. */
  readonly dialled: string;
  readonly plan: RingPlan;
  /** The session timer offered to the callee, when the caller asked for one. */
  readonly sessionOffer?: SessionTimerOffer;
  /** The call came in over a trunk. */
  readonly inbound?: InboundFacts;
}

export interface CallEnvironment extends TrunkLegEnvironment {
  readonly router: CallRouter;
  readonly registry: CallRegistry;
  readonly records: CallRecordSink;
  readonly log: Pick<SipLog, 'info' | 'warn'>;
}

type CallState = 'ringing' | 'answered' | 'ended';

export class Call implements FiledCall {
  readonly id: string;
  private state: CallState = 'ringing';
  private plan: RingPlan;
  private fork: Fork | undefined;
  private ringTimer: TimerHandle | undefined;
  private earlyMedia: CalleeLeg | undefined;
  private winner: CalleeLeg | undefined;
  private bridge: Bridge | undefined;
  /** Every leg the call has rung, to let go of them when it ends. */
  private readonly legs: CalleeLeg[] = [];
  private readonly inbound: InboundLeg;
  private readonly relayed: RelayedInvite;
  private readonly log: CallLog;
  private readonly sessionTimer: SessionTimerWatch;

  constructor(
    /** The caller's INVITE; the call is filed with the registry by it before it starts. */
    invite: ServerTransaction,
    private readonly setup: CallSetup,
    private readonly env: CallEnvironment,
  ) {
    const at = env.clock.now();
    this.id = callId(at, env.ids);
    this.plan = setup.plan;
    this.inbound = new InboundLeg(invite, env);
    this.relayed = relayedInvite(invite.request, setup.sessionOffer);
    this.log = CallLog.start({ id: this.id, at, tenant: setup.tenant, caller: setup.caller, dialled: setup.dialled, ...(setup.inbound ? { inbound: setup.inbound } : {}) });
    this.sessionTimer = new SessionTimerWatch(env.clock, () => this.bridge?.hangUp(reasonValue(Status.RequestTimeout, 'Session expired')));
  }

  get tenantId(): string {
    return this.setup.tenant.id;
  }

  start(): void {
    this.env.registry.file(this, 'caller', this.inbound.callId, this.inbound.localTag);
    // no 100 (Trying) of our own: the INVITE's server transaction sends one if no ringing comes back within 200 ms (§17.2.1)
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
    const { tenant, caller, dialled } = this.setup;
    const devices = outboundCall({
      relayed: this.relayed,
      tenant,
      caller: shownCaller(caller, tenant),
      dialled,
      diversions: plan.diversions,
      ...this.networkDiversion(),
    });
    const fork = new Fork(
      plan.branches.map((branch) => this.legFor(branch, devices)),
      {
        onProgress: (leg, response) => this.progress(leg, response),
        onAnswer: (leg, response) => this.answered(leg, response),
        onFailure: (failure) => this.failed(failure),
      },
      // an external number alone: the network's answer is the callee's
      plan.branches.length === 1 && plan.branches[0]?.kind === 'trunk' ? networkFinalResponse : chooseFinalResponse,
    );
    this.fork = fork;
    this.legs.push(...fork.branches);
    this.earlyMedia = undefined;
    if (Number.isFinite(plan.ringForMs)) this.ringTimer = this.env.clock.setTimer(plan.ringForMs, () => this.noAnswer());
    fork.start();
  }

  /** The old provider forwarded the call here: the devices are told the number first called (and why). */
  private networkDiversion(): { networkDiversion?: NetworkDiversion } {
    const facts = this.setup.inbound;
    if (!facts?.originalCalled || facts.originalCalled === facts.called) return {};
    return { networkDiversion: { number: facts.originalCalled, reason: facts.diversionReason } };
  }

  private legFor(branch: RingBranch, devices: OutboundCall): LegFactory {
    if (branch.kind === 'device') return (events) => new DeviceLeg(branch.binding, devices, this.env, events);
    for (const skipped of branch.skipped) this.env.log.warn({ call: this.id, tenant: this.tenantId, number: branch.number }, skipped);
    return (events) => new TrunkLeg(branch, this.relayed, this.env, events, (event) => this.trunkEvent(branch.number, event));
  }

  /** What happens on the way out is logged; the INVITE sent last is what the record keeps. */
  private trunkEvent(number: string, event: TrunkLegEvent): void {
    const fields = { call: this.id, tenant: this.tenantId, number };
    switch (event.kind) {
      case 'sent': {
        const { attempt } = event;
        this.log.trunk(attempt);
        const identity = { ...fields, trunk: attempt.trunk.id, presented: attempt.identity.upn, network: attempt.identity.npn };
        if (attempt.note === null) this.env.log.info(identity, 'call sent to a trunk');
        else this.env.log.warn(identity, attempt.note);
        return;
      }
      case 'refused':
        this.env.log.warn({ ...fields, trunk: event.trunk.id }, `trunk passed over: ${event.reason}`);
        return;
      case 'failed-over':
        this.env.log.warn(
          { ...fields, trunk: event.trunk.id, status: event.status },
          event.silent ? `trunk did not respond within ${this.env.trunkNoResponseMs} ms, trying the next one` : 'trunk failed, trying the next one',
        );
    }
  }

  /**
   * The callee as the caller sees them once the call reaches them (connected identity): the user
   * rung, or the number called. A caller from a trunk is told nothing of belay's users.
   */
  private calleeIdentity(): ExtraHeader[] {
    const { tenant, caller, dialled } = this.setup;
    if (caller.kind !== 'user') return [];
    const user = this.plan.user;
    const callee = user ? userIdentity(user, tenant) : { displayName: dialled, uri: userUri(this.plan.ringing, tenant), params: noParams };
    return [{ name: 'P-Asserted-Identity', value: formatNameAddr(callee) }];
  }

  /** 180/183 to the caller; early media (an SDP) from the first branch that sends one only. */
  private progress(leg: CalleeLeg, response: SipResponse): void {
    const withMedia = response.body.length > 0 && (this.earlyMedia ?? leg) === leg;
    if (withMedia) this.earlyMedia = leg;
    const status = response.status === Status.SessionProgress ? Status.SessionProgress : Status.Ringing;
    this.inbound.progress(status, { headers: this.calleeIdentity(), ...(withMedia ? contentOf(response) : {}) });
  }

  private answered(leg: CalleeLeg, response: SipResponse): void {
    const callee = leg.channel;
    if (this.state !== 'ringing' || !callee) return;
    if (!this.inbound.waiting) {
      // the caller's INVITE has ended without the call (its transaction failed): this answer is hung up
      leg.hangUp();
      this.giveUp(Status.RequestTerminated, undefined);
      return;
    }
    this.stopRinging();
    this.state = 'answered';
    this.winner = leg;
    this.log.answer(this.env.clock.now(), this.device(leg, response), leg instanceof TrunkLeg ? leg.attempt : undefined);
    const sessionLines = this.sessionTimer.answered(this.setup.sessionOffer, response);
    const caller = this.inbound.answer({ headers: [...relayedHeaders(response), ...this.calleeIdentity(), ...sessionLines], ...contentOf(response) });
    // the fork has done its part; its branches stay in `legs` until the call ends
    this.fork = undefined;
    this.env.registry.answered(this);
    this.env.registry.file(this, 'callee', leg.callId, leg.localTag);
    this.bridge = new Bridge(
      { caller, callee },
      { cseq: this.inbound.cseq, acknowledge: (content) => leg.acknowledge(content) },
      this.sessionTimer,
      { onEnded: () => this.close(Status.OK) },
    );
  }

  private device(leg: CalleeLeg, response: SipResponse): AnsweringDevice | null {
    const { user } = this.plan;
    if (!(leg instanceof DeviceLeg) || !user) return null;
    const { binding } = leg;
    const userAgent = binding.userAgent ?? header(response, Header.Server) ?? header(response, Header.UserAgent) ?? null;
    return { userId: user.id, extension: user.extension, contact: binding.contact, userAgent };
  }

  private failed(failure: ForkFailure): void {
    if (this.state !== 'ringing') return;
    this.stopRinging();
    const next = failure.kind === 'busy' || failure.kind === 'unavailable' ? this.env.router.afterFailure(this.setup.caller, this.plan, failure.kind) : undefined;
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
    const next = this.env.router.afterFailure(this.setup.caller, this.plan, 'no-answer');
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
    for (const leg of this.legs) leg.end();
    this.env.registry.remove(this);
    this.env.records.record(this.log.finish(this.env.clock.now(), status));
  }
}
