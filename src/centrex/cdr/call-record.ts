/**
 * Call detail records: one per call, written when the call ends, and the view of a call still in
 * progress. Times are ISO-8601 UTC with milliseconds.
 */
import { Status } from '../../sip/index.js';
import type { StatusCode } from '../../sip/index.js';

/** How a call ended, as a person would say it. */
export const CALL_DISPOSITIONS = ['answered', 'busy', 'no_answer', 'unavailable', 'cancelled', 'rejected', 'failed'] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

/** Why a call was forwarded (the reasons of RFC 5806 §3 that call features give). */
export const FORWARDING_REASONS = ['unconditional', 'user-busy', 'no-answer', 'unavailable', 'do-not-disturb'] as const;
export type ForwardingReason = (typeof FORWARDING_REASONS)[number];

/** Where a call came from and went: between belay's users, out over a trunk, in from a trunk. */
export const CALL_DIRECTIONS = ['internal', 'outbound', 'inbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** The caller: the authenticated user (or the external number of a call from a trunk), the URI the callee was shown, and the name. */
export interface CallParty {
  readonly userId: string | null;
  readonly extension: string | null;
  readonly uri: string;
  readonly name: string | null;
}

/** The device that answered: its registered Contact and what it says it is. */
export interface AnsweringDevice {
  readonly userId: string;
  readonly extension: string;
  readonly contact: string;
  readonly userAgent: string | null;
}

/** One forwarding hop: from an extension to an extension (or external number), and why. */
export interface ForwardingHop {
  readonly from: string;
  readonly to: string;
  readonly reason: ForwardingReason;
}

export interface CallRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly endedAt: string;
  readonly caller: CallParty;
  /** What the caller dialled, as an extension (or the E.164 number, for an external one or a call from a trunk). */
  readonly dialled: string;
  /** The device that answered; null when nobody did, or an external number answered (see `trunkId`). */
  readonly answeredBy: AnsweringDevice | null;
  readonly forwarding: readonly ForwardingHop[];
  readonly disposition: CallDisposition;
  /** The final status of the call setup toward the caller (200 for an answered call). */
  readonly sipStatus: number;
  /** From answer to end; 0 for a call never answered. */
  readonly durationMs: number;
  readonly direction: CallDirection;
  /** The trunk the call went out on (the one that answered, else the last one tried) or came in on. */
  readonly trunkId: string | null;
  /** E.164: the number presented to an external callee (UPN), or the external caller's number on an inbound call. */
  readonly presentedNumber: string | null;
  /** E.164: the network number (NPN) sent to the trunk. */
  readonly networkNumber: string | null;
  /** Why the identity is not the usual one (a presented number replaced, an emergency call without a site number). */
  readonly identityNote: string | null;
  /** E.164: the number originally dialled when the network forwarded the call to belay (Diversion, History-Info). */
  readonly originalCalled: string | null;
  /** The reason the network gave for that forwarding. */
  readonly diversionReason: string | null;
  /** A call to 110 or 112. */
  readonly emergency: boolean;
  /** Why the caller's class of service refused the call. */
  readonly blockReason: string | null;
}

/** What a call record says about trunks and numbers (the fields a call between extensions leaves at their defaults). */
export type TrunkCallFacts = Pick<
  CallRecord,
  'direction' | 'trunkId' | 'presentedNumber' | 'networkNumber' | 'identityNote' | 'originalCalled' | 'diversionReason' | 'emergency' | 'blockReason'
>;

/** The facts of a call between belay's users: no trunk, no numbers. */
export const INTERNAL_CALL_FACTS: TrunkCallFacts = {
  direction: 'internal',
  trunkId: null,
  presentedNumber: null,
  networkNumber: null,
  identityNote: null,
  originalCalled: null,
  diversionReason: null,
  emergency: false,
  blockReason: null,
};

/** A call in progress. */
export interface ActiveCall {
  readonly id: string;
  readonly tenantId: string;
  readonly state: 'ringing' | 'answered';
  readonly startedAt: string;
  readonly answeredAt: string | null;
  readonly caller: CallParty;
  readonly dialled: string;
  /** The extension whose devices ring, or that answered; or the external number rung over a trunk. */
  readonly ringing: string | null;
  readonly answeredBy: AnsweringDevice | null;
  readonly forwarding: readonly ForwardingHop[];
  readonly direction: CallDirection;
  readonly trunkId: string | null;
  readonly emergency: boolean;
}

/** Where finished calls go. */
export interface CallRecordSink {
  record(record: CallRecord): void;
}

/** Where calls in progress are seen. */
export interface ActiveCallSource {
  activeCalls(tenantId: string): readonly ActiveCall[];
}

const BY_STATUS: ReadonlyMap<number, CallDisposition> = new Map<number, CallDisposition>([
  [Status.BusyHere, 'busy'],
  [Status.BusyEverywhere, 'busy'],
  [Status.RequestTimeout, 'no_answer'],
  [Status.TemporarilyUnavailable, 'unavailable'],
  [Status.RequestTerminated, 'cancelled'],
  [Status.LoopDetected, 'failed'],
  [Status.TooManyHops, 'failed'],
  [Status.NotAcceptableHere, 'failed'],
  [Status.SessionIntervalTooSmall, 'failed'],
]);

/** The disposition of a call whose setup ended with `status` toward the caller. */
export function dispositionOf(status: StatusCode): CallDisposition {
  if (status >= 200 && status < 300) return 'answered';
  const known = BY_STATUS.get(status);
  if (known) return known;
  return status >= 500 && status < 600 ? 'failed' : 'rejected';
}
