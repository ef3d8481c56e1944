/**
 * The answer the caller gets when no device took the call (after RFC 3261 §16.7 step 6, from a
 * PBX user's point of view): a device that declined speaks for the user; else one busy device
 * means the user is busy; a media or session timer refusal goes back so the caller can retry
 * differently; every other failure (unreachable, timed out, errors, redirects) means the user is
 * not available now. A call to an external number gets the network's own answer instead.
 */
import { Header, Status, headerValues } from '../../sip/index.js';
import type { ExtraHeader, SipResponse, StatusCode } from '../../sip/index.js';
import type { RingFailure } from './decide-route.js';

/** How one branch ended without an answer; no response when it timed out or could not be sent. */
export interface BranchOutcome {
  readonly status: StatusCode;
  readonly response?: SipResponse;
}

/** Which forwarding a failure may lead to; `refused` and `declined` lead to none. */
export type ForkFailureKind = RingFailure | 'declined' | 'refused';

export interface ForkFailure {
  readonly kind: ForkFailureKind;
  readonly status: StatusCode;
  readonly headers: readonly ExtraHeader[];
}

const isGlobal = (status: StatusCode): boolean => status >= 600;

/** The caller's final response for branches that all failed; at least one outcome is required. */
export function chooseFinalResponse(outcomes: readonly BranchOutcome[]): ForkFailure {
  if (outcomes.length === 0) throw new Error('a fork with no branch has no final response');
  const has = (status: StatusCode) => outcomes.find((o) => o.status === status);
  const global = outcomes.find((o) => isGlobal(o.status));
  if (global) return global.status === Status.BusyEverywhere ? busy(Status.BusyEverywhere) : { kind: 'declined', status: global.status, headers: [] };
  if (has(Status.BusyHere)) return busy(Status.BusyHere);
  if (has(Status.NotAcceptableHere)) return { kind: 'refused', status: Status.NotAcceptableHere, headers: [] };
  const tooSmall = has(Status.SessionIntervalTooSmall);
  if (tooSmall) {
    const minSE = tooSmall.response ? headerValues(tooSmall.response, Header.MinSE.name) : [];
    return { kind: 'refused', status: Status.SessionIntervalTooSmall, headers: minSE.map((value) => ({ name: Header.MinSE.name, value })) };
  }
  return { kind: 'unavailable', status: Status.TemporarilyUnavailable, headers: [] };
}

const busy = (status: StatusCode): ForkFailure => ({ kind: 'busy', status, headers: [] });

/** Statuses of the network's answer the caller would misread: a challenge meant for belay, a redirect belay does not follow. */
const NOT_RELAYED: ReadonlyMap<number, StatusCode> = new Map<number, StatusCode>([
  [Status.Unauthorized, Status.ServiceUnavailable],
  [Status.ProxyAuthenticationRequired, Status.ServiceUnavailable],
]);

/**
 * The caller's final response for a call to an external number that failed: the network's own
 * answer (the number does not exist, is incomplete, busy, refused the call), which says more
 * than "unavailable". A challenge the trunk could not answer is belay's trouble (503), a redirect
 * is not followed (480). Needs the outcome of the number's one branch.
 */
export function networkFinalResponse(outcomes: readonly BranchOutcome[]): ForkFailure {
  const last = outcomes.at(-1);
  if (!last) throw new Error('a fork with no branch has no final response');
  const status = NOT_RELAYED.get(last.status) ?? (last.status < Status.BadRequest ? Status.TemporarilyUnavailable : last.status);
  const reason = last.response ? headerValues(last.response, 'Reason').map((value) => ({ name: 'Reason', value })) : [];
  if (status === Status.BusyHere || status === Status.BusyEverywhere) return { ...busy(status), headers: reason };
  return { kind: isGlobal(status) ? 'declined' : 'unavailable', status, headers: reason };
}
