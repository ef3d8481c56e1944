/**
 * Whether an outbound call that failed on one trunk should be tried on the next one: only when
 * the trunk (or the way to it) is the problem — 503 Service Unavailable, 408 Request Timeout,
 * no answer at all, or a transport failure. An answer from the far end (486 Busy Here,
 * 487 Request Terminated, 603 Decline, 404, 403 …) is the callee's or the network's verdict on
 * the call and would be the same on any other trunk.
 */
import { Status } from '../../sip/index.js';

export type TrunkAttemptOutcome =
  /** A final response came back. */
  | { readonly status: number }
  /** The INVITE transaction timed out before any final response (RFC 3261 §17.1.1.2). */
  | { readonly timeout: true }
  /** The request could not be sent (connection refused, no route, the stack is overloaded). */
  | { readonly transportError: true };

const FAILOVER_STATUSES: ReadonlySet<number> = new Set([Status.ServiceUnavailable, Status.RequestTimeout]);

export function shouldFailOver(outcome: TrunkAttemptOutcome): boolean {
  return 'status' in outcome ? FAILOVER_STATUSES.has(outcome.status) : true;
}
