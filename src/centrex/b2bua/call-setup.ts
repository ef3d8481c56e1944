/**
 * Call setup as a pipeline of named steps: request (hops, loops, a Contact) → session timer →
 * authenticate → tenant → normalize → route. Each step continues with what it learned or rejects
 * with a SIP status; the B2BUA answers the rejection, or bridges the call that comes out.
 */
import {
  Status, answerSessionTimer, readMinSE, readSessionExpires, supportsTimer,
} from '../../sip/index.js';
import type { ExtraHeader, MessageSource, ServerTransaction, SessionTimerOffer, SessionTimerPolicy, SipRequest, StatusCode } from '../../sip/index.js';
import type { CallRouter, RingPlan, RoutePlan } from './decide-route.js';
import { normalizeDialled } from './normalize-dialled.js';
import { reasonHeaders } from './reason-header.js';
import type { Directory, DirectoryTenant, DirectoryUser, ForwardTarget } from '../directory/index.js';
import type { SipAuthenticator } from '../registrar/index.js';

export type SetupStepName = 'request' | 'session-timer' | 'authenticate' | 'tenant' | 'normalize' | 'route';

export interface SetupRejection {
  /** Absent when the step has answered the request itself (an authentication challenge). */
  readonly status?: StatusCode;
  readonly headers?: readonly ExtraHeader[];
  /** The route that ended in this rejection: its forwarding hops belong in the call record. */
  readonly route?: RoutePlan;
}

export type StepResult<T> = { readonly kind: 'continue'; readonly value: T } | { readonly kind: 'reject'; readonly rejection: SetupRejection };

export interface SetupStep<In, Out> {
  readonly name: SetupStepName;
  readonly run: (input: In) => StepResult<Out>;
}

/** A new INVITE as it arrived. */
export interface Received {
  readonly tx: ServerTransaction;
  readonly request: SipRequest;
  readonly source: MessageSource;
}
export interface TimerChecked extends Received {
  readonly sessionOffer?: SessionTimerOffer;
}
export interface Authenticated extends TimerChecked {
  readonly tenant: DirectoryTenant;
  readonly caller: DirectoryUser;
}
export interface Addressed extends Authenticated {
  readonly dialled: ForwardTarget;
}
export interface Routed extends Addressed {
  readonly plan: RingPlan;
}

export type SetupOutcome =
  | { readonly ok: true; readonly call: Routed }
  | { readonly ok: false; readonly step: SetupStepName; readonly rejection: SetupRejection; readonly reached: Received & Partial<Addressed> };

const next = <T>(value: T): StepResult<T> => ({ kind: 'continue', value });
const reject = (status: StatusCode, headers: readonly ExtraHeader[] = [], route?: RoutePlan): StepResult<never> => ({
  kind: 'reject',
  rejection: { status, headers, ...(route ? { route } : {}) },
});

/** Runs the steps in order, stopping at the first rejection. */
class Pipeline<T extends Received> {
  constructor(private readonly outcome: { readonly ok: true; readonly value: T } | Extract<SetupOutcome, { ok: false }>) {}

  then<U extends T>(step: SetupStep<T, U>): Pipeline<U> {
    if (!this.outcome.ok) return new Pipeline<U>(this.outcome);
    const result = step.run(this.outcome.value);
    return new Pipeline<U>(result.kind === 'continue' ? { ok: true, value: result.value } : { ok: false, step: step.name, rejection: result.rejection, reached: this.outcome.value });
  }

  get result(): { readonly ok: true; readonly value: T } | Extract<SetupOutcome, { ok: false }> {
    return this.outcome;
  }
}

export interface SetupDependencies {
  readonly directory: Pick<Directory, 'tenantByDomain' | 'userBySipUsername'>;
  readonly authenticator: SipAuthenticator;
  readonly router: CallRouter;
  readonly sessionTimer: SessionTimerPolicy;
  /** Branches of INVITEs this B2BUA has in flight. */
  readonly branches: ReadonlySet<string>;
}

/** §16.3: a request at Max-Forwards 0 goes no further; one carrying a branch we sent has come back (a loop); a dialog needs a Contact. */
export function requestStep(deps: Pick<SetupDependencies, 'branches'>): SetupStep<Received, Received> {
  return {
    name: 'request',
    run: (input) => {
      const { request } = input;
      if (request.maxForwards === 0) return reject(Status.TooManyHops);
      if (request.via.some((via) => via.branch !== undefined && deps.branches.has(via.branch))) return reject(Status.LoopDetected);
      if (request.contacts.length === 0) return reject(Status.BadRequest, [{ name: 'Warning', value: '399 belay "the INVITE has no Contact"' }]);
      return next(input);
    },
  };
}

/**
 * RFC 4028 §9: a Session-Expires below our Min-SE from a caller that does session timers gets 422;
 * otherwise the interval (reduced to ours) is offered to the callee, with the larger Min-SE.
 */
export function sessionTimerStep(deps: Pick<SetupDependencies, 'sessionTimer'>): SetupStep<Received, TimerChecked> {
  return {
    name: 'session-timer',
    run: (input) => {
      const answer = answerSessionTimer(input.request, deps.sessionTimer);
      if (answer.kind === 'malformed') return reject(answer.status, [{ name: 'Warning', value: `399 belay "${answer.reason}"` }]);
      if (answer.kind === 'reject') return reject(answer.status, answer.headers);
      if (!answer.timer || !supportsTimer(input.request)) return next(input);
      const asked = readSessionExpires(input.request);
      const requestedMin = readMinSE(input.request);
      const minSE = Math.max(requestedMin?.ok ? requestedMin.value : 0, deps.sessionTimer.minSE);
      const refresher = asked?.ok ? asked.value.refresher : undefined;
      return next({ ...input, sessionOffer: { interval: answer.timer.interval, minSE, ...(refresher ? { refresher } : {}) } });
    },
  };
}

/** The caller proves who they are (407 with a challenge otherwise; the authenticator answers). */
export function authenticateStep(deps: Pick<SetupDependencies, 'authenticator'>): SetupStep<TimerChecked, Authenticated> {
  return {
    name: 'authenticate',
    run: (input) => {
      const result = deps.authenticator.authenticate(input.tx, input.request, input.source, 'proxy');
      return result.ok ? next({ ...input, tenant: result.tenant, caller: result.user }) : { kind: 'reject', rejection: {} };
    },
  };
}

/** Calls stay within the caller's tenant: a Request-URI naming another tenant's domain is refused. */
export function tenantStep(deps: Pick<SetupDependencies, 'directory'>): SetupStep<Authenticated, Authenticated> {
  return {
    name: 'tenant',
    run: (input) => {
      const { uri } = input.request;
      const named = uri.kind === 'sip' ? deps.directory.tenantByDomain(uri.host) : undefined;
      if (named && named.id !== input.tenant.id) return reject(Status.Forbidden, reasonHeaders(Status.Forbidden, 'calls to another tenant are not possible'));
      return next(input);
    },
  };
}

export function normalizeStep(deps: Pick<SetupDependencies, 'directory'>): SetupStep<Authenticated, Addressed> {
  return {
    name: 'normalize',
    run: (input) => {
      const dialled = normalizeDialled(input.request.uri, (name) => deps.directory.userBySipUsername(input.tenant.id, name)?.extension);
      return dialled.ok ? next({ ...input, dialled: dialled.target }) : reject(dialled.status, reasonHeaders(dialled.status, dialled.reason));
    },
  };
}

export function routeStep(deps: Pick<SetupDependencies, 'router'>): SetupStep<Addressed, Routed> {
  return {
    name: 'route',
    run: (input) => {
      const plan = deps.router.resolve({ tenantId: input.tenant.id, target: input.dialled, diversions: [] });
      return plan.kind === 'ring' ? next({ ...input, plan }) : reject(plan.status, reasonHeaders(plan.status, plan.reason), plan);
    },
  };
}

/** The whole pipeline for one new INVITE. */
export function setUpCall(received: Received, deps: SetupDependencies): SetupOutcome {
  const outcome = new Pipeline<Received>({ ok: true, value: received })
    .then(requestStep(deps))
    .then(sessionTimerStep(deps))
    .then(authenticateStep(deps))
    .then(tenantStep(deps))
    .then(normalizeStep(deps))
    .then(routeStep(deps)).result;
  return outcome.ok ? { ok: true, call: outcome.value } : outcome;
}
