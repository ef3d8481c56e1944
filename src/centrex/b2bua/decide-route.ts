/**
 * Where a call goes, decided as a pure function over the directory, the callee's bindings, the
 * telephony read model and the routing policy: ring the callee's devices (and the external number
 * they have rung in parallel), ring an external number over the trunks, forward the call
 * (unconditionally, on do-not-disturb, when no device is registered), or reject it with a SIP
 * status. A colleague's number stays inside belay (it rings the colleague); an employee still on
 * the old system is rung at their legacy number over a trunk;
 * external numbers are subject to the class of service of the user who pays for the call (the
 * caller, or the user who forwarded it); 110 and 112 always go out. `resolveRoute` follows
 * forwarding chains to the end, bounded in length and refusing cycles.
 */
import { Status } from '../../sip/index.js';
import type { ForwardingReason } from '../cdr/index.js';
import type { Directory, DirectoryUser, ForwardTarget } from '../directory/index.js';
import { identityFor } from '../identity/index.js';
import { classifyDialled, permitsCall } from '../numbering/index.js';
import type { Binding, LocationService } from '../registrar/index.js';
import type { TelephonyDirectory } from '../telephony/index.js';
import type { Caller } from './caller.js';
import { trunkBranch } from './trunk-branch.js';
import type { BranchTelephony, TrunkBranch, TrunkRequest } from './trunk-branch.js';

/** RFC 5806 §3 reasons the B2BUA gives for a diversion. */
export type DiversionReason = ForwardingReason;

/** One forwarding hop: who forwarded the call, to what, and why. */
export interface Diversion {
  readonly from: DirectoryUser;
  readonly to: ForwardTarget;
  readonly reason: DiversionReason;
}

/** What a call can be for: an extension, an external number (E.164), or an emergency number. */
export type RouteTarget = ForwardTarget | { readonly kind: 'emergency'; readonly number: '110' | '112' };

/** What is being routed: the dialled or forwarded-to target within a tenant, after the hops so far. */
export interface RouteCall {
  readonly tenantId: string;
  readonly caller: Caller;
  readonly target: RouteTarget;
  /** Forwarding hops so far, oldest first. */
  readonly diversions: readonly Diversion[];
}

export type RouteDirectory = Pick<Directory, 'userByExtension' | 'userById'>;
export type RouteBindings = Pick<LocationService, 'bindingsFor'>;

export type RouteTelephony = BranchTelephony & Pick<TelephonyDirectory, 'ownerOf'>;

/** What routing reads: users, their devices, trunks and numbers. */
export interface RouteWorld {
  readonly directory: RouteDirectory;
  readonly bindings: RouteBindings;
  readonly telephony: RouteTelephony;
}

export interface RoutePolicy {
  /** How long the devices ring before the caller gets 408 (or no-answer forwarding takes over). */
  readonly ringTimeoutSeconds: number;
  /** The most forwarding hops one call may take. */
  readonly maxForwardingHops: number;
}

export const defaultRoutePolicy: RoutePolicy = { ringTimeoutSeconds: 60, maxForwardingHops: 5 };

export type RouteRejectStatus =
  | typeof Status.Forbidden
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
  /** The class of service refused the call: `reason` is the record's block reason. */
  readonly blocked?: true;
  /** The call was for a number outside (it would have left over a trunk). */
  readonly outward?: 'external' | 'emergency';
}

/** One thing rung at once with the others: a device of the callee, or an external number over the trunks. */
export type RingBranch = { readonly kind: 'device'; readonly binding: Binding } | TrunkBranch;

/**
 * Ring every branch at once, for `ringForMs` (infinite for an emergency call); what to forward to
 * if that fails. `user` is the employee whose devices (or legacy number) ring; null for a call to
 * an external number.
 */
export interface RingDecision {
  readonly kind: 'ring';
  readonly user: DirectoryUser | null;
  /** What rings, in words: the extension, or the number. */
  readonly ringing: string;
  readonly branches: readonly RingBranch[];
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

const reject = (status: RouteRejectStatus, reason: string, facts: Pick<RouteRejection, 'blocked' | 'outward'> = {}): RouteRejection => ({
  kind: 'reject',
  status,
  reason,
  ...facts,
});

const forward = (user: DirectoryUser, target: ForwardTarget, reason: DiversionReason): ForwardDecision => ({ kind: 'forward', user, target, reason });

/** The name of a target in messages to the caller. */
export const describeTarget = (target: RouteTarget): string => (target.kind === 'extension' ? `extension ${target.extension}` : target.number);

/** RFC 5806 reason of an external number rung in parallel with the user's devices. */
const PARALLEL_RINGING = 'follow-me';
/** The largest Diversion counter RFC 5806 allows. */
const MAX_DIVERSION_COUNTER = 99;

/** Ring an external number over the trunks, or say why it cannot be. */
function ringTrunk(call: RouteCall, request: TrunkRequest, user: DirectoryUser | null, ringForMs: number, world: RouteWorld): RingDecision | RouteRejection {
  const branch = trunkBranch(request, world.telephony);
  if (branch.attempts.length === 0) {
    const why = branch.skipped.length === 0 ? 'there is no trunk' : branch.skipped.join('; ');
    const outward = request.kind === 'emergency' ? 'emergency' : 'external';
    return reject(Status.TemporarilyUnavailable, `calls to external numbers (${request.number}) need a trunk, and ${why}`, { outward });
  }
  return { kind: 'ring', user, ringing: user?.extension ?? describeTarget(call.target), branches: [branch], ringForMs };
}

/** On whose behalf belay rings an external number, why, and how many diversions that makes. */
interface OnBehalfOf {
  readonly employee: DirectoryUser;
  readonly reason: string;
  readonly counter: number;
}

/** The diversion of the last forwarding hop, which brought the call to the target now routed. */
function forwardedBy(call: RouteCall): OnBehalfOf | undefined {
  const last = call.diversions.at(-1);
  return last && { employee: last.from, reason: last.reason, counter: call.diversions.length };
}

/** A diversion belay adds at `employee` without forwarding the call (parallel ringing, a colleague on the old system). */
const divertedAt = (call: RouteCall, employee: DirectoryUser, reason: string): OnBehalfOf => ({ employee, reason, counter: call.diversions.length + 1 });

/**
 * The branch for the external number `number`, rung on behalf of an employee (forwarded to, rung
 * in parallel) or, when the user dials it themselves, placed by the caller.
 */
function externalRequest(call: RouteCall, number: string, onBehalfOf: OnBehalfOf | undefined): TrunkRequest | undefined {
  if (onBehalfOf) {
    const { employee, reason, counter } = onBehalfOf;
    return { kind: 'diverted', tenantId: call.tenantId, caller: call.caller, employee, number, reason, counter: Math.min(counter, MAX_DIVERSION_COUNTER) };
  }
  return call.caller.kind === 'user' ? { kind: 'direct', tenantId: call.tenantId, user: call.caller.user, number } : undefined;
}

/** Whether `user`'s class of service lets them pay for a call to `number` (local numbers are those of their site's area). */
function permits(user: DirectoryUser, number: string, telephony: BranchTelephony): ReturnType<typeof permitsCall> {
  const siteId = telephony.numbersOf(user.id)?.siteId;
  const areaCode = siteId ? telephony.site(siteId)?.areaCode : undefined;
  return permitsCall(user.classOfService, classifyDialled(number, { ...(areaCode ? { areaCode } : {}), isExtension: () => false }));
}

/** A call to an external number: the class of service of whoever pays for it, then the trunks. */
function decideExternal(call: RouteCall, number: string, world: RouteWorld, policy: RoutePolicy): RingDecision | RouteRejection {
  const forwarder = forwardedBy(call);
  const payer = forwarder?.employee ?? (call.caller.kind === 'user' ? call.caller.user : undefined);
  if (payer) {
    const permission = permits(payer, number, world.telephony);
    if (!permission.ok) return reject(Status.Forbidden, permission.reason, { blocked: true, outward: 'external' });
  }
  const request = externalRequest(call, number, forwarder);
  if (!request) return reject(Status.NotFound, `${number} cannot be called from outside`, { outward: 'external' });
  return ringTrunk(call, request, null, policy.ringTimeoutSeconds * 1000, world);
}

/** 110 and 112: always allowed, never timed out. */
function decideEmergency(call: RouteCall, number: '110' | '112', world: RouteWorld): RingDecision | RouteRejection {
  if (call.caller.kind !== 'user') return reject(Status.NotFound, `${number} cannot be called from outside`, { outward: 'emergency' });
  return ringTrunk(call, { kind: 'emergency', tenantId: call.tenantId, user: call.caller.user, number }, null, Number.POSITIVE_INFINITY, world);
}

/**
 * An employee still served by the old system, rung at their legacy number. A call the network
 * delivered to belay for them (from a trunk, not yet forwarded) is not sent back out: the
 * network routed it here.
 */
function decideOldSystem(call: RouteCall, user: DirectoryUser, legacy: string | null, world: RouteWorld, policy: RoutePolicy): RingDecision | RouteRejection {
  if (legacy === null) return reject(Status.TemporarilyUnavailable, `extension ${user.extension} is still on the old system, and no number is recorded to reach it there`);
  const request = externalRequest(call, legacy, forwardedBy(call));
  if (!request) return reject(Status.TemporarilyUnavailable, `extension ${user.extension} is still on the old system`);
  return ringTrunk(call, request, user, policy.ringTimeoutSeconds * 1000, world);
}

/** The external number `user` has rung with their devices, when there is one the call may go to. */
function parallelBranch(call: RouteCall, user: DirectoryUser, world: RouteWorld): TrunkBranch | undefined {
  const number = user.ringExternal;
  if (number === null || (call.caller.kind === 'external' && call.caller.number === number)) return undefined;
  if (!permits(user, number, world.telephony).ok) return undefined;
  const request = externalRequest(call, number, divertedAt(call, user, PARALLEL_RINGING));
  const branch = request && trunkBranch(request, world.telephony);
  return branch && branch.attempts.length > 0 ? branch : undefined;
}

/** The colleague whose number (legacy, provisional, ported) `number` is: a call to it stays inside belay. */
function colleagueAt(call: RouteCall, number: string, world: RouteWorld): DirectoryUser | undefined {
  const owner = world.telephony.ownerOf(number);
  const user = owner?.userId ? world.directory.userById(owner.userId) : undefined;
  return user?.tenantId === call.tenantId ? user : undefined;
}

/** One routing step for one target: what its user's features and registered devices say. */
export function decideRoute(call: RouteCall, world: RouteWorld, policy: RoutePolicy): RouteDecision {
  const { target } = call;
  if (target.kind === 'external') {
    const colleague = colleagueAt(call, target.number, world);
    if (!colleague) return decideExternal(call, target.number, world, policy);
    return decideRoute({ ...call, target: { kind: 'extension', extension: colleague.extension } }, world, policy);
  }
  if (target.kind === 'emergency') return decideEmergency(call, target.number, world);
  const user = world.directory.userByExtension(call.tenantId, target.extension);
  if (!user) {
    return call.diversions.length === 0
      ? reject(Status.NotFound, `extension ${target.extension} does not exist`)
      : reject(Status.TemporarilyUnavailable, `the call was forwarded to extension ${target.extension}, which does not exist`);
  }
  const numbers = world.telephony.numbersOf(user.id);
  const delivered = call.caller.kind === 'external' && call.diversions.length === 0;
  if (identityFor(numbers, null).onOldSystem && !delivered) return decideOldSystem(call, user, numbers?.legacy ?? null, world, policy);
  const { forwarding } = user;
  if (forwarding.always) return forward(user, forwarding.always, 'unconditional');
  if (user.dnd) return forwarding.busy ? forward(user, forwarding.busy, 'do-not-disturb') : reject(Status.BusyHere, `extension ${user.extension} does not want to be disturbed`);
  const devices = world.bindings.bindingsFor(user.id);
  const parallel = parallelBranch(call, user, world);
  if (devices.length === 0 && !parallel) {
    return forwarding.unregistered
      ? forward(user, forwarding.unregistered, 'unavailable')
      : reject(Status.TemporarilyUnavailable, `extension ${user.extension} has no registered device`);
  }
  const ringTimeoutMs = policy.ringTimeoutSeconds * 1000;
  return {
    kind: 'ring',
    user,
    ringing: user.extension,
    branches: [...devices.map((binding) => ({ kind: 'device', binding }) as const), ...(parallel ? [parallel] : [])],
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
  return { ...call, target, diversions: [...call.diversions, { from: decision.user, to: target, reason: decision.reason }] };
}

/** Follows forwarding from `decision` (made at `call`) until a ring or a rejection. */
function follow(call: RouteCall, decision: RouteDecision, world: RouteWorld, policy: RoutePolicy): RoutePlan {
  let current = call;
  let step = decision;
  while (step.kind === 'forward') {
    const next = divert(current, step, policy);
    if ('kind' in next) return { ...next, diversions: current.diversions };
    current = next;
    step = decideRoute(current, world, policy);
  }
  return { ...step, diversions: current.diversions };
}

/** Follows `decideRoute` through forwarding until a ring or a rejection; at most `maxForwardingHops` hops, no cycles. */
export function resolveRoute(call: RouteCall, world: RouteWorld, policy: RoutePolicy): RoutePlan {
  return follow(call, decideRoute(call, world, policy), world, policy);
}

const FAILURE_REASON: Readonly<Record<RingFailure, DiversionReason>> = { busy: 'user-busy', 'no-answer': 'no-answer', unavailable: 'unavailable' };

/**
 * Where the call from `caller` goes after ringing `plan` failed: the forwarding its user set for
 * `failure`, resolved like any route; `undefined` when the user set none (or no user was rung).
 */
export function routeAfterFailure(caller: Caller, plan: RingPlan, failure: RingFailure, world: RouteWorld, policy: RoutePolicy): RoutePlan | undefined {
  const target = failure === 'busy' ? plan.onBusy : failure === 'no-answer' ? plan.onNoAnswer : plan.onUnavailable;
  const { user } = plan;
  if (!target || !user) return undefined;
  const here: RouteCall = { tenantId: user.tenantId, caller, target: { kind: 'extension', extension: user.extension }, diversions: plan.diversions };
  return follow(here, forward(user, target, FAILURE_REASON[failure]), world, policy);
}

/** Routing with its inputs bound: what a call asks while it runs. */
export interface CallRouter {
  resolve(call: RouteCall): RoutePlan;
  afterFailure(caller: Caller, plan: RingPlan, failure: RingFailure): RoutePlan | undefined;
}

export function callRouter(world: RouteWorld, policy: RoutePolicy): CallRouter {
  return {
    resolve: (call) => resolveRoute(call, world, policy),
    afterFailure: (caller, plan, failure) => routeAfterFailure(caller, plan, failure, world, policy),
  };
}
