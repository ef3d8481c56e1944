/**
 * Call setup as a pipeline of named steps. Every INVITE: request (hops, loops, a Contact) →
 * session timer. Then, for a user's call: authenticate → tenant → normalize (the dial plan) →
 * route; for a call from a trunk (recognised by its source address, never challenged): caller
 * (who calls, as the carrier says) → number (which tenant and number it is for) → destination
 * (employee or reception) → route. Each step continues with what it learned or rejects with a SIP
 * status; the B2BUA answers the rejection, or bridges the call that comes out.
 */
import {
  Status, answerSessionTimer, readMinSE, readSessionExpires, supportsTimer,
} from '../../sip/index.js';
import type { ExtraHeader, MessageSource, ServerTransaction, SessionTimerOffer, SessionTimerPolicy, SipRequest, StatusCode } from '../../sip/index.js';
import type { Caller, ExternalCaller } from './caller.js';
import type { CallRouter, RingPlan, RoutePlan, RouteTarget } from './decide-route.js';
import { inboundDestination, inboundTenant, inboundTrunk } from './inbound-route.js';
import type { InboundAddress, InboundDirectory, InboundTelephony } from './inbound-route.js';
import { normalizeDialled } from './normalize-dialled.js';
import { reasonHeaders } from './reason-header.js';
import type { Directory, DirectoryTenant } from '../directory/index.js';
import { inboundIdentity } from '../identity/index.js';
import type { InboundIdentity } from '../identity/index.js';
import { classifyDialled } from '../numbering/index.js';
import type { SipAuthenticator } from '../registrar/index.js';
import type { TelephonyDirectory, TrunkConfig } from '../telephony/index.js';

export type SetupStepName = 'request' | 'session-timer' | 'authenticate' | 'tenant' | 'normalize' | 'caller' | 'number' | 'destination' | 'route';

export interface SetupRejection {
  /** Absent when the step has answered the request itself (an authentication challenge). */
  readonly status?: StatusCode;
  readonly headers?: readonly ExtraHeader[];
  /** The route that ended in this rejection: its forwarding hops belong in the call record. */
  readonly route?: RoutePlan;
  /** Something an administrator should fix (logged as a warning). */
  readonly warning?: string;
  /** What was dialled, when the refusing step had read it (the record names it). */
  readonly dialled?: string;
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
  readonly caller: Caller;
}
/** What the call record keeps of a call from a trunk. */
export interface InboundFacts {
  readonly trunkId: string;
  /** The number the carrier called (E.164), when the INVITE names one. */
  readonly called: string | null;
  /** The number originally dialled, when the network forwarded the call. */
  readonly originalCalled: string | null;
  readonly diversionReason: string | null;
}
export interface Addressed extends Authenticated {
  /** What the caller dialled as the record keeps it: an extension, an external number in E.164, 110/112. */
  readonly dialled: string;
  readonly target: RouteTarget;
  readonly inbound?: InboundFacts;
}
export interface Routed extends Addressed {
  readonly plan: RingPlan;
}
/** A call from a trunk, before its tenant is known. */
export interface FromTrunk extends TimerChecked {
  readonly trunk: TrunkConfig;
  readonly identity: InboundIdentity;
  readonly caller: ExternalCaller;
}
/** A call from a trunk for a number of a tenant. */
export interface ForNumber extends FromTrunk {
  readonly tenant: DirectoryTenant;
  readonly address: InboundAddress;
  readonly dialled: string;
  readonly inbound: InboundFacts;
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
  readonly directory: Pick<Directory, 'tenantByDomain' | 'userBySipUsername' | 'userByExtension'> & InboundDirectory;
  readonly authenticator: SipAuthenticator;
  readonly router: CallRouter;
  readonly telephony: Pick<TelephonyDirectory, 'numbersOf' | 'site'> & InboundTelephony;
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
      return result.ok ? next({ ...input, tenant: result.tenant, caller: { kind: 'user', user: result.user } }) : { kind: 'reject', rejection: {} };
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

/** The area code of the caller's site (local numbers are dialled without it). */
function areaCodeOf(caller: Caller, telephony: SetupDependencies['telephony']): string | undefined {
  if (caller.kind !== 'user') return undefined;
  const siteId = telephony.numbersOf(caller.user.id)?.siteId;
  return siteId ? telephony.site(siteId)?.areaCode : undefined;
}

/**
 * The dial plan: the Request-URI read as digits (`classifyDialled`, with the caller's area code)
 * or a user name; an extension, 110/112, or an external number in E.164; 404 with the reason
 * for digits that are none of them (the record keeps those digits as dialled).
 */
export function normalizeStep(deps: Pick<SetupDependencies, 'directory' | 'telephony'>): SetupStep<Authenticated, Addressed> {
  return {
    name: 'normalize',
    run: (input) => {
      const { directory } = deps;
      const tenantId = input.tenant.id;
      const read = normalizeDialled(input.request.uri, (name) => directory.userBySipUsername(tenantId, name)?.extension);
      if (!read.ok) return reject(read.status, reasonHeaders(read.status, read.reason));
      if (read.dialled.kind === 'extension') {
        const { extension } = read.dialled;
        return next({ ...input, dialled: extension, target: { kind: 'extension', extension } });
      }
      const { digits } = read.dialled;
      const areaCode = areaCodeOf(input.caller, deps.telephony);
      const number = classifyDialled(digits, { ...(areaCode ? { areaCode } : {}), isExtension: (d) => directory.userByExtension(tenantId, d) !== undefined });
      const addressed = (dialled: string, target: RouteTarget) => next({ ...input, dialled, target });
      switch (number.kind) {
        case 'extension':
          return addressed(number.extension, { kind: 'extension', extension: number.extension });
        case 'emergency':
          return addressed(number.number, { kind: 'emergency', number: number.number });
        case 'external':
          return addressed(number.e164, { kind: 'external', number: number.e164 });
        case 'invalid':
          return { kind: 'reject', rejection: { status: Status.NotFound, headers: reasonHeaders(Status.NotFound, number.reason), dialled: digits } };
      }
    },
  };
}

/** Who calls from the network, as the carrier's INVITE says (in the trunk's number format). */
export function callerStep(trunk: TrunkConfig): SetupStep<TimerChecked, FromTrunk> {
  return {
    name: 'caller',
    run: (input) => {
      const identity = inboundIdentity(input.request, trunk.profile.format);
      const number = identity.anonymous ? null : (identity.caller ?? null);
      return next({ ...input, trunk, identity, caller: { kind: 'external', trunkId: trunk.id, number, name: identity.callerName ?? null } });
    },
  };
}

/** Which tenant and which of its numbers the call is for; 404 for a number this trunk does not serve. */
export function numberStep(deps: Pick<SetupDependencies, 'directory' | 'telephony'>): SetupStep<FromTrunk, ForNumber> {
  return {
    name: 'number',
    run: (input) => {
      const found = inboundTenant(input.identity, input.trunk, deps.telephony, deps.directory);
      if (!found.ok) return reject(Status.NotFound, reasonHeaders(Status.NotFound, found.reason));
      const { address } = found;
      const { trunk } = address;
      const { called, original } = input.identity;
      const inbound: InboundFacts = {
        trunkId: trunk.id,
        called: called ?? null,
        originalCalled: original?.number ?? null,
        diversionReason: original?.reason ?? null,
      };
      return next({ ...input, trunk, caller: { ...input.caller, trunkId: trunk.id }, tenant: address.tenant, address, dialled: called ?? address.number, inbound });
    },
  };
}

/** The employee the number belongs to, or the reception for a DDI without one; 404 (and a warning) when there is neither. */
export function destinationStep(deps: Pick<SetupDependencies, 'directory' | 'telephony'>): SetupStep<ForNumber, ForNumber & Addressed> {
  return {
    name: 'destination',
    run: (input) => {
      const destination = inboundDestination(input.address, deps.telephony, deps.directory);
      if (destination.ok) return next({ ...input, target: { kind: 'extension', extension: destination.extension } });
      const rejection = { status: Status.NotFound, headers: reasonHeaders(Status.NotFound, destination.reason) };
      return { kind: 'reject', rejection: destination.warning === undefined ? rejection : { ...rejection, warning: destination.warning } };
    },
  };
}

export function routeStep(deps: Pick<SetupDependencies, 'router'>): SetupStep<Addressed, Routed> {
  return {
    name: 'route',
    run: (input) => {
      const plan = deps.router.resolve({ tenantId: input.tenant.id, caller: input.caller, target: input.target, diversions: [] });
      return plan.kind === 'ring' ? next({ ...input, plan }) : reject(plan.status, reasonHeaders(plan.status, plan.reason), plan);
    },
  };
}

/** The whole pipeline for one new INVITE: a user's call, or a call from the trunk it came from. */
export function setUpCall(received: Received, deps: SetupDependencies): SetupOutcome {
  const checked = new Pipeline<Received>({ ok: true, value: received }).then(requestStep(deps)).then(sessionTimerStep(deps));
  const trunk = inboundTrunk(received.source.remoteAddress, received.request.uri, deps.telephony);
  const addressed: Pipeline<Addressed> = trunk
    ? checked.then(callerStep(trunk)).then(numberStep(deps)).then(destinationStep(deps))
    : checked.then(authenticateStep(deps)).then(tenantStep(deps)).then(normalizeStep(deps));
  const outcome = addressed.then(routeStep(deps)).result;
  return outcome.ok ? { ok: true, call: outcome.value } : outcome;
}
