/**
 * Where a call goes, decided as a pure function over the directory, the callee's bindings and the
 * routing policy: ring the callee's devices, forward the call (unconditionally, on do-not-disturb,
 * when no device is registered), or reject it with a SIP status. `resolveRoute` follows forwarding
 * chains to the end, bounded in length and refusing cycles.
 */
import { Status } from '../../sip/index.js';
import type { ForwardingReason } from '../cdr/index.js';
import type { Directory, DirectoryUser, ForwardTarget } from '../directory/index.js';
import type { Binding, LocationService } from '../registrar/index.js';

/** RFC 5806 §3 reasons the B2BUA gives for a diversion. */
export type DiversionReason = ForwardingReason;

/** One forwarding hop: who forwarded the call, to what, and why. */
export interface Diversion {
  readonly from: DirectoryUser;
  readonly to: ForwardTarget;
  readonly reason: DiversionReason;
}

/** What is being routed: the dialled or forwarded-to target within a tenant, after the hops so far. */
export interface RouteCall {
  readonly tenantId: string;
  readonly target: ForwardTarget;
  /** Forwarding hops so far, oldest first. */
  readonly diversions: readonly Diversion[];
}

export type RouteDirectory = Pick<Directory, 'userByExtension'>;
export type RouteBindings = Pick<LocationService, 'bindingsFor'>;

export interface RoutePolicy {
  /** How long the devices ring before the caller gets 408 (or no-answer forwarding takes over). */
  readonly ringTimeoutSeconds: number;
  /** The most forwarding hops one call may take. */
  readonly maxForwardingHops: number;
}

export const defaultRoutePolicy: RoutePolicy = { ringTimeoutSeconds: 60, maxForwardingHops: 5 };

export type RouteRejectStatus =
  | typeof Status.NotFound
  | typeof Status.TemporarilyUnavailable
  | typeof Status.BusyHere
  | typeof Status.LoopDetected
  | typeof Status.TooManyHops;

export interface RouteRejection {
  readonly kind: 'reject';
  readonly status: RouteRejectStatus;
  /** Said to the caller in a Reason header. */
  readonly reason: string;
}

/** Ring every binding of `user` at once, for `ringForMs`; what to forward to if that fails. */
export interface RingDecision {
  readonly kind: 'ring';
  readonly user: DirectoryUser;
  readonly bindings: readonly Binding[];
  readonly ringForMs: number;
  /** Forward here once `ringForMs` passed without an answer; without it the caller gets 408. */
  readonly onNoAnswer?: ForwardTarget;
  readonly onBusy?: ForwardTarget;
  /** Every device failed without being busy (unreachable, unavailable). */
  readonly onUnavailable?: ForwardTarget;
}

export interface ForwardDecision {
  readonly kind: 'forward';
  readonly user: DirectoryUser;
  readonly target: ForwardTarget;
  readonly reason: DiversionReason;
}

export type RouteDecision = RingDecision | ForwardDecision | RouteRejection;

/** A resolved route: ring or reject, with the forwarding hops that led there. */
export type RoutePlan = (RingDecision | RouteRejection) & { readonly diversions: readonly Diversion[] };
export type RingPlan = RingDecision & { readonly diversions: readonly Diversion[] };

/** How a ringing attempt failed, as forwarding sees it. */
export type RingFailure = 'busy' | 'no-answer' | 'unavailable';

const reject = (status: RouteRejectStatus, reason: string): RouteRejection => ({ kind: 'reject', status, reason });

const forward = (user: DirectoryUser, target: ForwardTarget, reason: DiversionReason): ForwardDecision => ({ kind: 'forward', user, target, reason });

/** The name of a target in messages to the caller. */
export const describeTarget = (target: ForwardTarget): string => (target.kind === 'extension' ? `extension ${target.extension}` : target.number);

/** One routing step for one target: what its user's features and registered devices say. */
export function decideRoute(call: RouteCall, directory: RouteDirectory, bindings: RouteBindings, policy: RoutePolicy): RouteDecision {
  const { target } = call;
  if (target.kind === 'external') return reject(Status.TemporarilyUnavailable, `calls to external numbers (${target.number}) need a trunk`);
  const user = directory.userByExtension(call.tenantId, target.extension);
  if (!user) {
    return call.diversions.length === 0
      ? reject(Status.NotFound, `extension ${target.extension} does not exist`)
      : reject(Status.TemporarilyUnavailable, `the call was forwarded to extension ${target.extension}, which does not exist`);
  }
  const { forwarding } = user;
  if (forwarding.always) return forward(user, forwarding.always, 'unconditional');
  if (user.dnd) return forwarding.busy ? forward(user, forwarding.busy, 'do-not-disturb') : reject(Status.BusyHere, `extension ${user.extension} does not want to be disturbed`);
  const devices = bindings.bindingsFor(user.id);
  if (devices.length === 0) {
    return forwarding.unregistered
      ? forward(user, forwarding.unregistered, 'unavailable')
      : reject(Status.TemporarilyUnavailable, `extension ${user.extension} has no registered device`);
  }
  const ringTimeoutMs = policy.ringTimeoutSeconds * 1000;
  return {
    kind: 'ring',
    user,
    bindings: devices,
    ringForMs: forwarding.noAnswer ? Math.min(forwarding.noAnswer.seconds * 1000, ringTimeoutMs) : ringTimeoutMs,
    ...(forwarding.noAnswer ? { onNoAnswer: forwarding.noAnswer.target } : {}),
    ...(forwarding.busy ? { onBusy: forwarding.busy } : {}),
    ...(forwarding.unregistered ? { onUnavailable: forwarding.unregistered } : {}),
  };
}

/** The extensions the call has already been at: a forward back to one of them is a loop. */
function visited(call: RouteCall): Set<string> {
  const seen = new Set(call.diversions.map((d) => d.from.extension));
  if (call.target.kind === 'extension') seen.add(call.target.extension);
  return seen;
}

/** The call after the forwarding `decision` made at `call`, or why it may not be forwarded. */
function divert(call: RouteCall, decision: ForwardDecision, policy: RoutePolicy): RouteCall | RouteRejection {
  if (call.diversions.length >= policy.maxForwardingHops) {
    return reject(Status.TooManyHops, `the call was forwarded more than ${policy.maxForwardingHops} times`);
  }
  const { target } = decision;
  if (target.kind === 'extension' && visited(call).has(target.extension)) {
    return reject(Status.LoopDetected, `forwarding from extension ${decision.user.extension} to ${describeTarget(target)} leads back to an extension already rung`);
  }
  return { tenantId: call.tenantId, target, diversions: [...call.diversions, { from: decision.user, to: target, reason: decision.reason }] };
}

/** Follows forwarding from `decision` (made at `call`) until a ring or a rejection. */
function follow(call: RouteCall, decision: RouteDecision, directory: RouteDirectory, bindings: RouteBindings, policy: RoutePolicy): RoutePlan {
  let current = call;
  let step = decision;
  while (step.kind === 'forward') {
    const next = divert(current, step, policy);
    if ('kind' in next) return { ...next, diversions: current.diversions };
    current = next;
    step = decideRoute(current, directory, bindings, policy);
  }
  return { ...step, diversions: current.diversions };
}

/** Follows `decideRoute` through forwarding until a ring or a rejection; at most `maxForwardingHops` hops, no cycles. */
export function resolveRoute(call: RouteCall, directory: RouteDirectory, bindings: RouteBindings, policy: RoutePolicy): RoutePlan {
  return follow(call, decideRoute(call, directory, bindings, policy), directory, bindings, policy);
}

const FAILURE_REASON: Readonly<Record<RingFailure, DiversionReason>> = { busy: 'user-busy', 'no-answer': 'no-answer', unavailable: 'unavailable' };

/**
 * Where the call goes after ringing `plan` failed: the forwarding its user set for `failure`,
 * resolved like any route; `undefined` when the user set none.
 */
export function routeAfterFailure(plan: RingPlan, failure: RingFailure, directory: RouteDirectory, bindings: RouteBindings, policy: RoutePolicy): RoutePlan | undefined {
  const target = failure === 'busy' ? plan.onBusy : failure === 'no-answer' ? plan.onNoAnswer : plan.onUnavailable;
  if (!target) return undefined;
  const here: RouteCall = { tenantId: plan.user.tenantId, target: { kind: 'extension', extension: plan.user.extension }, diversions: plan.diversions };
  return follow(here, forward(plan.user, target, FAILURE_REASON[failure]), directory, bindings, policy);
}

/** Routing with its inputs bound: what a call asks while it runs. */
export interface CallRouter {
  resolve(call: RouteCall): RoutePlan;
  afterFailure(plan: RingPlan, failure: RingFailure): RoutePlan | undefined;
}

export function callRouter(directory: RouteDirectory, bindings: RouteBindings, policy: RoutePolicy): CallRouter {
  return {
    resolve: (call) => resolveRoute(call, directory, bindings, policy),
    afterFailure: (plan, failure) => routeAfterFailure(plan, failure, directory, bindings, policy),
  };
}
