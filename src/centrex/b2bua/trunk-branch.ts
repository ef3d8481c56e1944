/**
 * How a call leaves belay for a number in the public network, decided as a pure function over
 * the telephony read model: which trunks are tried in which order, and which numbers each INVITE
 * presents (UPN) and carries as network number (NPN).
 *
 * - A call the user placed themselves presents their number as their phase says (`identityFor`);
 *   a presented number the tenant may not show (§ 120 (2) TKG, `checkPresentedNumber`) is
 *   replaced by the network number, and the record says why.
 * - A call belay places on an employee's behalf (forwarding, parallel ringing, a colleague still
 *   on the old system reached for a caller from outside) presents the original caller's number,
 *   which § 120 (2) sentence 2 TKG allows on forwarding, with a Diversion naming the employee's
 *   number; the network number is the employee's.
 * - An emergency call (110/112) goes over the trunk of the caller's site first and carries a
 *   number registered at that site (`emergencyNumberFor`), never the legacy number, and never
 *   withheld; without such a number it still goes out, with the trunk's own number, and the
 *   record says what is missing.
 *
 * A trunk without any number to send for the call is left out (and said so in the notes).
 */
import { checkPresentedNumber } from '../numbering/index.js';
import { emergencyNumberFor, identityFor } from '../identity/index.js';
import type { DivertedFrom, EmployeeNumbers } from '../identity/index.js';
import type { TelephonyDirectory, TrunkConfig } from '../telephony/index.js';
import type { DirectoryUser } from '../directory/index.js';
import type { Caller } from './caller.js';

export type BranchTelephony = Pick<TelephonyDirectory, 'trunksFor' | 'numbersOf' | 'site' | 'siteOfNumber' | 'holds'>;

/** The identity one INVITE to one trunk carries (the trunk's profile says where each number goes). */
export interface TrunkIdentity {
  /** E.164 presented number (equals `npn` when the caller has none of their own). */
  readonly upn: string;
  /** E.164 network number: one of the trunk's numbers. */
  readonly npn: string;
  readonly displayName?: string;
  /** Withhold the presented number (the NPN still travels). */
  readonly clir: boolean;
  readonly divertedFrom?: DivertedFrom;
}

/** One trunk to try, with what to send on it. */
export interface TrunkAttempt {
  readonly trunk: TrunkConfig;
  readonly identity: TrunkIdentity;
  /** Why the identity is not the usual one: logged and kept in the call record. */
  readonly note: string | null;
}

/** An external number rung over the tenant's trunks, one after the other until one takes the call. */
export interface TrunkBranch {
  readonly kind: 'trunk';
  /** E.164 number sent to the trunk (110 and 112 as `+49110`, `+49112`: on the wire they are written as dialled). */
  readonly number: string;
  readonly emergency: boolean;
  readonly attempts: readonly TrunkAttempt[];
  /** Trunks left out, and why. */
  readonly skipped: readonly string[];
}

export type TrunkRequest =
  /** The user called the number. */
  | { readonly kind: 'direct'; readonly tenantId: string; readonly user: DirectoryUser; readonly number: string }
  /** 110 or 112. */
  | { readonly kind: 'emergency'; readonly tenantId: string; readonly user: DirectoryUser; readonly number: '110' | '112' }
  /** belay calls the number for `employee` (forwarded `counter` times so far, for `reason`), presenting `caller`. */
  | {
      readonly kind: 'diverted';
      readonly tenantId: string;
      readonly caller: Caller;
      readonly employee: DirectoryUser;
      readonly number: string;
      readonly reason: string;
      readonly counter: number;
    };

/** The E.164 form of a German short code. */
const shortCodeNumber = (code: '110' | '112'): string => `+49${code}`;

/** What a user presents on a call they place on `trunk`; null when there is no network number to send. */
function ownIdentity(tenantId: string, user: DirectoryUser, trunk: TrunkConfig, telephony: BranchTelephony): { identity: TrunkIdentity; note: string | null } | null {
  const { upn, npn } = identityFor(telephony.numbersOf(user.id), trunk.defaultNumber);
  if (npn === null) return null;
  const wanted = upn ?? npn;
  const verdict = checkPresentedNumber(wanted, (e164) => telephony.holds(tenantId, e164));
  const identity = { npn, displayName: user.displayName, clir: user.clir };
  if (verdict.allowed) return { identity: { ...identity, upn: wanted }, note: null };
  return { identity: { ...identity, upn: npn }, note: `presents ${npn} instead of ${wanted}: ${verdict.reason}` };
}

function direct(request: Extract<TrunkRequest, { kind: 'direct' }>, trunk: TrunkConfig, telephony: BranchTelephony): Omit<TrunkAttempt, 'trunk'> | null {
  return ownIdentity(request.tenantId, request.user, trunk, telephony);
}

function diverted(request: Extract<TrunkRequest, { kind: 'diverted' }>, trunk: TrunkConfig, telephony: BranchTelephony): Omit<TrunkAttempt, 'trunk'> | null {
  const employee = identityFor(telephony.numbersOf(request.employee.id), trunk.defaultNumber);
  if (employee.npn === null) return null;
  const divertedFrom = { number: employee.upn ?? employee.npn, reason: request.reason, counter: request.counter };
  const { caller } = request;
  if (caller.kind === 'user') {
    const own = ownIdentity(request.tenantId, caller.user, trunk, telephony);
    const upn = own?.identity.upn ?? employee.npn;
    return { identity: { upn, npn: employee.npn, displayName: caller.user.displayName, clir: caller.user.clir, divertedFrom }, note: own?.note ?? null };
  }
  const upn = caller.number ?? employee.npn;
  return {
    identity: { upn, npn: employee.npn, ...(caller.name === null ? {} : { displayName: caller.name }), clir: caller.number === null, divertedFrom },
    note: null,
  };
}

/** The NPN an emergency call sends on `trunk`, with a note when the employee's site has no number of the new trunk. */
function emergency(request: Extract<TrunkRequest, { kind: 'emergency' }>, numbers: EmployeeNumbers | undefined, trunk: TrunkConfig, telephony: BranchTelephony): Omit<TrunkAttempt, 'trunk'> | null {
  const site = numbers?.siteId ? telephony.site(numbers.siteId) : undefined;
  const registered = emergencyNumberFor(numbers, site, (e164) => telephony.siteOfNumber(e164));
  const identity = { displayName: request.user.displayName, clir: false };
  if ('npn' in registered) return { identity: { ...identity, upn: registered.npn, npn: registered.npn }, note: null };
  const best = trunk.defaultNumber ?? identityFor(numbers, null).npn;
  if (best === null) return null;
  return { identity: { ...identity, upn: best, npn: best }, note: `emergency call without a number registered at the caller's site (${registered.problem}): sent with ${best}` };
}

/** The trunks in the order tried: for an emergency call, those of the caller's site first. */
function trunkOrder(request: TrunkRequest, numbers: EmployeeNumbers | undefined, telephony: BranchTelephony): readonly TrunkConfig[] {
  const trunks = telephony.trunksFor(request.tenantId);
  const siteId = numbers?.siteId;
  if (request.kind !== 'emergency' || !siteId) return trunks;
  return [...trunks.filter((t) => t.siteId === siteId), ...trunks.filter((t) => t.siteId !== siteId)];
}

export function trunkBranch(request: TrunkRequest, telephony: BranchTelephony): TrunkBranch {
  const numbers = request.kind === 'diverted' ? undefined : telephony.numbersOf(request.user.id);
  const attempts: TrunkAttempt[] = [];
  const skipped: string[] = [];
  for (const trunk of trunkOrder(request, numbers, telephony)) {
    const attempt =
      request.kind === 'direct' ? direct(request, trunk, telephony) : request.kind === 'diverted' ? diverted(request, trunk, telephony) : emergency(request, numbers, trunk, telephony);
    if (attempt) attempts.push({ trunk, ...attempt });
    else skipped.push(`trunk ${trunk.name} has no number to send for this call (no default number, and the employee none of their own)`);
  }
  const number = request.kind === 'emergency' ? shortCodeNumber(request.number) : request.number;
  return { kind: 'trunk', number, emergency: request.kind === 'emergency', attempts, skipped };
}
