/**
 * Session timer negotiation (RFC 4028 §7, §9, §10): what a UAC offers, how a UAS answers (422
 * below its minimum, otherwise the interval and refresher for the 2xx), what the UAC learns from
 * the 2xx or 422, and when the refresh or the BYE is due. Scheduling is the caller's: these are
 * values only.
 */
import type { SipRequest, SipResponse } from '../message.js';
import type { ExtraHeader } from '../request.js';
import { fail, ok } from '../scan.js';
import type { Parsed } from '../scan.js';
import { Status } from '../status.js';
import { MIN_SESSION_INTERVAL, TIMER_OPTION, formatSessionExpires, readMinSE, readSessionExpires, supportsTimer } from './session-timer.js';
import type { Refresher, SessionTimer } from './session-timer.js';

/** What a UAC asks for in an INVITE or UPDATE (§7.1). */
export interface SessionTimerOffer {
  /** Session-Expires in seconds. */
  readonly interval: number;
  /** Min-SE to send: after a 422, the largest Min-SE received (§7.3). */
  readonly minSE?: number;
  readonly refresher?: Refresher;
}

/** `Supported: timer`, Session-Expires and (when set) Min-SE for a request offering `offer`. */
export function sessionTimerRequestHeaders(offer: SessionTimerOffer): ExtraHeader[] {
  const headers: ExtraHeader[] = [
    { name: 'Supported', value: TIMER_OPTION },
    { name: 'Session-Expires', value: formatSessionExpires(offer) },
  ];
  if (offer.minSE !== undefined) headers.push({ name: 'Min-SE', value: String(offer.minSE) });
  return headers;
}

/** How this element answers session timer requests as a UAS. */
export interface SessionTimerPolicy {
  /** The shortest interval accepted (our Min-SE), at least 90 seconds. */
  readonly minSE: number;
  /** The interval wanted: a longer requested one is reduced to it, and it is the one imposed. */
  readonly interval: number;
  /** Who refreshes when the UAC supports timers and left the choice to us. */
  readonly refresher: Refresher;
  /** Run a session timer even when the request asks for none (§9 allows the UAS to). */
  readonly imposeWhenAbsent: boolean;
}

export type SessionTimerAnswer =
  /** Put `headers` into the 2xx; `timer` is the session timer now running, if any. */
  | { readonly kind: 'accept'; readonly timer?: SessionTimer; readonly headers: readonly ExtraHeader[] }
  /** Answer 422 with `headers` (our Min-SE, §6). */
  | { readonly kind: 'reject'; readonly status: typeof Status.SessionIntervalTooSmall; readonly headers: readonly ExtraHeader[] }
  /** A malformed Session-Expires or Min-SE: answer 400. */
  | { readonly kind: 'malformed'; readonly status: typeof Status.BadRequest; readonly reason: string };

function checkPolicy(policy: SessionTimerPolicy): void {
  if (!Number.isInteger(policy.minSE) || policy.minSE < MIN_SESSION_INTERVAL) throw new RangeError(`Min-SE must be an integer of at least ${MIN_SESSION_INTERVAL} s, got ${policy.minSE}`);
  if (!Number.isInteger(policy.interval) || policy.interval < policy.minSE) throw new RangeError(`the session interval must be an integer of at least Min-SE (${policy.minSE} s), got ${policy.interval}`);
}

/**
 * The UAS side of §9 for an INVITE or UPDATE:
 * - Session-Expires below our Min-SE from a UAC that supports timers: 422 with our Min-SE. A UAC
 *   that does not list `timer` could not act on a 422 (§8.1 gives proxies the same rule), so its
 *   interval is raised to our Min-SE instead.
 * - Otherwise the requested interval, reduced to ours but never below the request's Min-SE.
 * - No Session-Expires: no timer, unless the policy imposes one (not below the request's Min-SE).
 * The refresher is the request's choice, else ours; always `uas` when the UAC does not support
 * timers (§9). `Require: timer` goes with it when the UAC supports timers.
 */
export function answerSessionTimer(request: SipRequest, policy: SessionTimerPolicy): SessionTimerAnswer {
  checkPolicy(policy);
  const expires = readSessionExpires(request);
  const minSE = readMinSE(request);
  if (expires?.ok === false) return { kind: 'malformed', status: Status.BadRequest, reason: `Malformed Session-Expires: ${expires.reason}` };
  if (minSE?.ok === false) return { kind: 'malformed', status: Status.BadRequest, reason: `Malformed Min-SE: ${minSE.reason}` };
  const supported = supportsTimer(request);
  const floor = Math.max(minSE?.value ?? MIN_SESSION_INTERVAL, policy.minSE);
  let interval: number;
  if (expires === undefined) {
    if (!policy.imposeWhenAbsent) return { kind: 'accept', headers: [] };
    interval = Math.max(policy.interval, floor);
  } else if (expires.value.interval < policy.minSE) {
    if (supported) return { kind: 'reject', status: Status.SessionIntervalTooSmall, headers: [{ name: 'Min-SE', value: String(policy.minSE) }] };
    interval = policy.minSE;
  } else {
    // never above what was asked for; never below a floor the request itself allowed
    interval = Math.min(expires.value.interval, Math.max(policy.interval, floor));
  }
  const refresher: Refresher = supported ? (expires?.value.refresher ?? policy.refresher) : 'uas';
  const timer: SessionTimer = { interval, refresher };
  const headers: ExtraHeader[] = [{ name: 'Session-Expires', value: formatSessionExpires(timer) }];
  if (supported) headers.push({ name: 'Require', value: TIMER_OPTION });
  return { kind: 'accept', timer, headers };
}

/**
 * The UAC side of §7.2: the session timer a 2xx sets up, `undefined` when it has no
 * Session-Expires (no session expiration). A 2xx without a refresher (which §9 requires) leaves
 * the refreshes to the UAC, the side that knows it supports them.
 */
export function sessionTimerOfAnswer(response: SipResponse): Parsed<SessionTimer | undefined> {
  const expires = readSessionExpires(response);
  if (expires === undefined) return ok(undefined);
  if (!expires.ok) return fail(expires.reason);
  return ok({ interval: expires.value.interval, refresher: expires.value.refresher ?? 'uac' });
}

/**
 * The offer to retry with after a 422 (§7.3): Min-SE the largest value seen so far, the
 * interval raised to at least that. `undefined` when the 422 carries no valid Min-SE.
 */
export function retryOfferAfter422(response: SipResponse, previous: SessionTimerOffer): SessionTimerOffer | undefined {
  const minSE = readMinSE(response);
  if (minSE === undefined || !minSE.ok) return undefined;
  const largest = Math.max(minSE.value, previous.minSE ?? 0);
  return { ...previous, minSE: largest, interval: Math.max(previous.interval, largest) };
}

export type SessionTimerAction = { readonly action: 'refresh' | 'bye'; readonly afterMs: number };

/**
 * What this side does and when (§10), `side` being our role in the transaction that negotiated
 * the timer (a refreshing re-INVITE may reverse the roles of the dialog). The refresher sends a
 * refresh at half the interval; the other side sends a BYE if no refresh came by the interval
 * minus the lesser of 32 seconds and a third of it.
 */
export function sessionTimerAction(timer: SessionTimer, side: Refresher): SessionTimerAction {
  if (timer.refresher === side) return { action: 'refresh', afterMs: (timer.interval * 1000) / 2 };
  return { action: 'bye', afterMs: (timer.interval - Math.min(32, timer.interval / 3)) * 1000 };
}
