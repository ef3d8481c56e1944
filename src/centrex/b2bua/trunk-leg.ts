/**
 * A branch toward an external number: the INVITE goes to the first trunk the route lists, then
 * to the next one whenever the trunk itself failed (`shouldFailOver`: 503, 408, no answer, a
 * transport failure), never when the far end answered (486, 487, 603, 404 …: that verdict would
 * be the same on any trunk). Each trunk's limits (`TrunkGate`) are checked first; a trunk at its
 * limit is passed over (an emergency call is counted, never refused). Request-URI and To name the
 * number as the trunk's profile writes it, From and the identity lines say what the route
 * decided (`outboundIdentity`), and a Digest challenge (401/407) from the carrier is answered
 * with the trunk's credentials, to the INVITE and to the requests belay sends in the call. A
 * trunk that sends nothing back at all, not even 100 (Trying), within `trunkNoResponseMs` is
 * given up and counts as timed out: the call fails over in seconds rather than after Timer B's
 * 32; once it has answered anything, the caller's ring time applies.
 */
import { DigestClient, Status, noParams } from '../../sip/index.js';
import type { Clock, ExtraHeader, SipResponse, StatusCode } from '../../sip/index.js';
import { outboundIdentity, trunkNumberUri } from '../identity/index.js';
import type { TrunkConfig } from '../telephony/index.js';
import { shouldFailOver, trunkContactUser, trunkTarget } from '../trunk/index.js';
import type { TrunkAdmission, TrunkGate } from '../trunk/index.js';
import { MAX_AUTH_ROUNDS, answerChallenge, answeringWith } from './answer-challenge.js';
import type { CalleeLeg, CalleeLegEvents } from './callee-leg.js';
import type { DialogChannel, RelayedContent } from './dialog-channel.js';
import { InviteAttempt } from './invite-attempt.js';
import type { AttemptEnvironment, AttemptFailure } from './invite-attempt.js';
import type { RelayedInvite } from './outbound-invite.js';
import type { TrunkAttempt, TrunkBranch } from './trunk-branch.js';

export interface TrunkLegEnvironment extends AttemptEnvironment {
  readonly gate: Pick<TrunkGate, 'tryAcquire'>;
  readonly clock: Clock;
  /** How long a trunk may leave an INVITE without any response before the next trunk is tried. */
  readonly trunkNoResponseMs: number;
}

/** What happened on the way out, for logs and the call record. */
export type TrunkLegEvent =
  /** An INVITE went to this trunk with this identity. */
  | { readonly kind: 'sent'; readonly attempt: TrunkAttempt }
  /** The trunk was passed over: at its limits. */
  | { readonly kind: 'refused'; readonly trunk: TrunkConfig; readonly reason: string }
  /** The trunk failed (`status`; `silent`: it sent nothing back in time): the next one is tried. */
  | { readonly kind: 'failed-over'; readonly trunk: TrunkConfig; readonly status: StatusCode; readonly silent: boolean };

/** The outcome `shouldFailOver` judges. */
function judged(failure: AttemptFailure): Parameters<typeof shouldFailOver>[0] {
  if (failure.transportError) return { transportError: true };
  if (!failure.response && failure.status === Status.RequestTimeout) return { timeout: true };
  return { status: failure.status };
}

/** One trunk tried: where the INVITE goes, in which dialog, with which account. */
interface TrunkTry {
  readonly attempt: TrunkAttempt;
  readonly slot: Extract<TrunkAdmission, { ok: true }>;
  readonly callId: string;
  readonly localTag: string;
  readonly digest: DigestClient | undefined;
}

/** The trunk being tried: its INVITE (re-sent with credentials after a challenge), its call slot. */
interface Current extends TrunkTry {
  invite: InviteAttempt;
  cseq: number;
  authRounds: number;
}

export class TrunkLeg implements CalleeLeg {
  private next = 0;
  private current: Current | undefined;
  private state: 'trying' | 'answered' | 'failed' | 'abandoned' = 'trying';
  private lastFailure: AttemptFailure | undefined;

  constructor(
    readonly branch: TrunkBranch,
    private readonly relayed: RelayedInvite,
    private readonly env: TrunkLegEnvironment,
    private readonly events: CalleeLegEvents,
    private readonly observe: (event: TrunkLegEvent) => void,
  ) {}

  get callId(): string {
    return this.current?.callId ?? '';
  }

  get localTag(): string {
    return this.current?.localTag ?? '';
  }

  get channel(): DialogChannel | undefined {
    return this.current?.invite.channel;
  }

  /** The trunk and identity of the INVITE tried last (the one that answered, once answered). */
  get attempt(): TrunkAttempt | undefined {
    return this.current?.attempt;
  }

  start(): void {
    this.tryNext();
  }

  abandon(reason?: string): void {
    if (this.state !== 'trying') return;
    this.state = 'abandoned';
    this.current?.invite.abandon(reason);
    this.current?.slot.release();
  }

  acknowledge(content: RelayedContent): void {
    this.current?.invite.acknowledge(content);
  }

  receiveStray(response: SipResponse): void {
    this.current?.invite.receiveStray(response);
  }

  hangUp(reason?: string): void {
    this.current?.invite.hangUp(reason);
  }

  end(): void {
    this.current?.slot.release();
    this.current?.invite.release();
  }

  /** Sends to the next trunk that admits the call; fails the leg when none is left. */
  private tryNext(): void {
    for (;;) {
      const attempt = this.branch.attempts[this.next++];
      if (!attempt) {
        this.fail(this.lastFailure ?? { status: Status.ServiceUnavailable });
        return;
      }
      const { trunk } = attempt;
      const limits = this.branch.emergency ? { maxCalls: null, maxCps: null } : trunk;
      const slot = this.env.gate.tryAcquire(trunk.id, { maxCalls: limits.maxCalls, maxCps: limits.maxCps });
      if (!slot.ok) {
        this.observe({ kind: 'refused', trunk, reason: slot.reason });
        continue;
      }
      const password = trunk.password;
      const username = trunk.authUsername ?? trunk.username;
      const tried: TrunkTry = {
        attempt,
        slot,
        callId: this.env.ids(),
        localTag: this.env.ids(),
        digest: password !== null && username !== null ? new DigestClient({ username, password }) : undefined,
      };
      this.current = { ...tried, invite: this.invite(tried, 1, []), cseq: 1, authRounds: 0 };
      this.observe({ kind: 'sent', attempt });
      this.current.invite.start();
      return;
    }
  }

  /**
   * The INVITE for `tried`, built afresh for each CSeq (a challenge answered is a new request).
   * The dialog it creates answers the carrier's challenges to requests in the call the same way.
   */
  private invite(tried: TrunkTry, cseq: number, credentials: readonly ExtraHeader[]): InviteAttempt {
    const { attempt, callId, localTag, digest } = tried;
    const { trunk } = attempt;
    const { profile, domain } = trunk;
    // 110 and 112 go as dialled whatever the trunk's format: the national form of a short code is the code itself
    const uri = trunkNumberUri(this.branch.number, this.branch.emergency ? { ...profile, format: 'national' } : profile, domain);
    const identity = outboundIdentity({ profile, domain, ...(trunk.username === null ? {} : { account: trunk.username }), ...attempt.identity });
    const target = trunkTarget(trunk);
    const { relayed } = this;
    return new InviteAttempt(
      {
        uri,
        from: { ...identity.from, params: new Map([['tag', localTag]]) },
        to: { uri, params: noParams },
        callId,
        cseq,
        maxForwards: relayed.maxForwards,
        contacts: [{ uri: this.env.stack.contactUri(target.protocol, trunkContactUser(trunk.id)), params: noParams }],
        headers: [...identity.headers, ...relayed.headers, ...credentials],
        body: relayed.body,
        ...(relayed.contentType ? { contentType: relayed.contentType } : {}),
      },
      target,
      digest ? { ...this.env, answerChallenge: answeringWith(digest) } : this.env,
      {
        onProgress: (response) => this.events.onProgress(this, response),
        onAnswer: (response) => {
          this.state = 'answered';
          this.events.onAnswer(this, response);
        },
        onFailure: (failure) => this.failed(failure),
      },
      { clock: this.env.clock, ms: this.env.trunkNoResponseMs },
    );
  }

  private failed(failure: AttemptFailure): void {
    const current = this.current;
    if (!current || this.state !== 'trying') return;
    if (this.answerChallenge(current, failure)) return;
    current.slot.release();
    this.lastFailure = failure;
    if (!shouldFailOver(judged(failure))) {
      this.fail(failure);
      return;
    }
    this.observe({ kind: 'failed-over', trunk: current.attempt.trunk, status: failure.status, silent: failure.silent === true });
    this.tryNext();
  }

  /** Sends the INVITE again with the trunk's credentials after a 401/407; false when it cannot or should not. */
  private answerChallenge(current: Current, failure: AttemptFailure): boolean {
    const { response } = failure;
    const sent = current.invite.request;
    if (!response || !sent || !current.digest || current.authRounds >= MAX_AUTH_ROUNDS) return false;
    const credentials = answerChallenge(current.digest, response, sent);
    if (!credentials) return false;
    current.authRounds++;
    current.cseq++;
    current.invite = this.invite(current, current.cseq, [credentials]);
    current.invite.start();
    return true;
  }

  private fail(failure: AttemptFailure): void {
    if (this.state !== 'trying') return;
    this.state = 'failed';
    this.events.onFailure(this, { status: failure.status, ...(failure.response ? { response: failure.response } : {}) });
  }
}
