/**
 * Ringing all branches of a ringing attempt at once (parallel forking): the callee's devices and
 * any external number rung with them. The first 2xx wins and every other branch is cancelled with
 * "Call completed elsewhere" (RFC 3326); a branch that declines (6xx) declines for all; when every
 * branch has failed, the caller's answer is chosen from what they said. A fork settles once.
 */
import { Status } from '../../sip/index.js';
import type { SipResponse } from '../../sip/index.js';
import type { CalleeLeg, LegFactory } from './callee-leg.js';
import { chooseFinalResponse } from './final-response.js';
import type { BranchOutcome, ForkFailure } from './final-response.js';
import { COMPLETED_ELSEWHERE, reasonValue } from './reason-header.js';

export interface ForkEvents {
  readonly onProgress: (leg: CalleeLeg, response: SipResponse) => void;
  readonly onAnswer: (leg: CalleeLeg, response: SipResponse) => void;
  readonly onFailure: (failure: ForkFailure) => void;
}

export class Fork {
  private readonly legs: readonly CalleeLeg[];
  private readonly outcomes: BranchOutcome[] = [];
  private settled = false;

  constructor(
    branches: readonly LegFactory[],
    private readonly events: ForkEvents,
    /** How the caller's answer is chosen when every branch failed. */
    private readonly choose: (outcomes: readonly BranchOutcome[]) => ForkFailure = chooseFinalResponse,
  ) {
    if (branches.length === 0) throw new Error('a fork needs at least one branch to ring');
    const legEvents = {
      onProgress: (leg: CalleeLeg, response: SipResponse) => {
        if (!this.settled) this.events.onProgress(leg, response);
      },
      onAnswer: (leg: CalleeLeg, response: SipResponse) => this.answered(leg, response),
      onFailure: (_leg: CalleeLeg, outcome: BranchOutcome) => this.failed(outcome),
    };
    this.legs = branches.map((build) => build(legEvents));
  }

  /** The branches, for filing their dialogs and letting go of them. */
  get branches(): readonly CalleeLeg[] {
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

  private answered(winner: CalleeLeg, response: SipResponse): void {
    if (this.settled) {
      // a second branch answered at the same moment: it does not get the call
      winner.hangUp(COMPLETED_ELSEWHERE);
      return;
    }
    this.settled = true;
    for (const leg of this.legs) if (leg !== winner) leg.abandon(COMPLETED_ELSEWHERE);
    this.events.onAnswer(winner, response);
  }

  /** The fork fails once every branch has; a 6xx from one branch ends the others at once (RFC 3261 §16.7 step 5). */
  private failed(outcome: BranchOutcome): void {
    this.outcomes.push(outcome);
    if (this.settled) return;
    const global = outcome.status >= Status.BusyEverywhere;
    if (!global && this.outcomes.length < this.legs.length) return;
    this.settled = true;
    if (global) for (const leg of this.legs) leg.abandon(reasonValue(outcome.status, outcome.response?.reason ?? 'Declined'));
    this.events.onFailure(this.choose(this.outcomes));
  }
}
