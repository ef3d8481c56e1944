/**
 * Ringing all of a user's devices at once (parallel forking): one branch per binding. The first
 * 2xx wins and every other branch is cancelled with "Call completed elsewhere" (RFC 3326); a
 * device that declines (6xx) declines for all; when every branch has failed, the caller's answer
 * is chosen from what they said. A fork settles once.
 */
import { Status } from '../../sip/index.js';
import type { SipResponse } from '../../sip/index.js';
import { chooseFinalResponse } from './final-response.js';
import type { BranchOutcome, ForkFailure } from './final-response.js';
import { OutboundLeg } from './outbound-leg.js';
import type { OutboundLegEnvironment } from './outbound-leg.js';
import type { OutboundCall } from './outbound-invite.js';
import { reasonValue } from './reason-header.js';
import type { Binding } from '../registrar/index.js';

export interface ForkEvents {
  readonly onProgress: (leg: OutboundLeg, response: SipResponse) => void;
  readonly onAnswer: (leg: OutboundLeg, response: SipResponse) => void;
  readonly onFailure: (failure: ForkFailure) => void;
}

export const COMPLETED_ELSEWHERE = reasonValue(Status.OK, 'Call completed elsewhere');

export class Fork {
  private readonly legs: readonly OutboundLeg[];
  private readonly outcomes: BranchOutcome[] = [];
  private settled = false;

  constructor(bindings: readonly Binding[], call: OutboundCall, env: OutboundLegEnvironment, private readonly events: ForkEvents) {
    if (bindings.length === 0) throw new Error('a fork needs at least one binding to ring');
    const legEvents = {
      onProgress: (leg: OutboundLeg, response: SipResponse) => {
        if (!this.settled) this.events.onProgress(leg, response);
      },
      onAnswer: (leg: OutboundLeg, response: SipResponse) => this.answered(leg, response),
      onFailure: (_leg: OutboundLeg, outcome: BranchOutcome) => this.failed(outcome),
    };
    this.legs = bindings.map((binding) => new OutboundLeg(binding, call, env, legEvents));
  }

  /** The branches, for filing their dialogs. */
  get branches(): readonly OutboundLeg[] {
    return this.legs;
  }

  start(): void {
    for (const leg of this.legs) leg.start();
  }

  /** Gives up every branch still ringing (the caller cancelled, the ring time is over). */
  abandon(reason?: string): void {
    this.settled = true;
    for (const leg of this.legs) leg.abandon(reason);
  }

  private answered(winner: OutboundLeg, response: SipResponse): void {
    if (this.settled) {
      // a second device answered at the same moment: it does not get the call
      winner.hangUp(COMPLETED_ELSEWHERE);
      return;
    }
    this.settled = true;
    for (const leg of this.legs) if (leg !== winner) leg.abandon(COMPLETED_ELSEWHERE);
    this.events.onAnswer(winner, response);
  }

  /** The fork fails once every branch has; a 6xx from one device ends the others at once (RFC 3261 §16.7 step 5). */
  private failed(outcome: BranchOutcome): void {
    this.outcomes.push(outcome);
    if (this.settled) return;
    const global = outcome.status >= Status.BusyEverywhere;
    if (!global && this.outcomes.length < this.legs.length) return;
    this.settled = true;
    if (global) for (const leg of this.legs) leg.abandon(reasonValue(outcome.status, outcome.response?.reason ?? 'Declined'));
    this.events.onFailure(chooseFinalResponse(this.outcomes));
  }
}
