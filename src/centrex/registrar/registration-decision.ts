/**
 * What a REGISTER does to a user's bindings (RFC 3261 §10.3 steps 6–8, RFC 3327 Path, the
 * RFC 5626 instance and reg-id): a pure function of the request, the bindings already held
 * and the policy. It either refuses the whole request or returns the user's new bindings.
 */
import { Header, Status, detached, formatNameAddr, formatUri, headerResult, parseUri, unquote, uriEquals } from '../../sip/index.js';
import type { NameAddr, SipRequest, SipUri, StatusCode } from '../../sip/index.js';
import type { Binding, BindingSource } from './binding.js';

export interface RegistrationPolicy {
  /** Shortest registration accepted, in seconds; shorter ones get 423 (§10.3 step 7). */
  readonly minExpires: number;
  /** Longest registration granted, in seconds; longer ones are shortened to it. */
  readonly maxExpires: number;
  /** When neither the Contact nor the request says how long. */
  readonly defaultExpires: number;
  /** Contacts one user may hold at once. */
  readonly maxBindingsPerUser: number;
}

/** Who registers, from where, and what they hold already. */
export interface RegistrationContext {
  readonly tenantId: string;
  readonly userId: string;
  readonly aor: string;
  /** The user's unexpired bindings. */
  readonly existing: readonly Binding[];
  readonly source: BindingSource;
  readonly now: number;
  readonly policy: RegistrationPolicy;
  /** Id for a binding that is new. */
  readonly newId: () => string;
}

export type RegistrationDecision =
  | { readonly kind: 'refuse'; readonly status: StatusCode; readonly reason?: string; readonly minExpires?: number }
  /** The user's bindings after the request (unchanged ones are the same objects as before). */
  | { readonly kind: 'accept'; readonly bindings: readonly Binding[] };

type Refusal = Extract<RegistrationDecision, { kind: 'refuse' }>;

const MAX_DELTA_SECONDS = 2 ** 32 - 1;
const DIGITS = /^\d{1,10}$/;
/** RFC 3261 §25.1 `qvalue` */
const QVALUE = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/;
const MAX_REG_ID = 2 ** 31 - 1;

const refuse = (status: StatusCode, reason?: string, minExpires?: number): Refusal => ({
  kind: 'refuse',
  status,
  ...(reason === undefined ? {} : { reason }),
  ...(minExpires === undefined ? {} : { minExpires }),
});

const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'refuse';

const outOfOrder = (): Refusal => refuse(Status.BadRequest, 'Out-of-order CSeq');

/** A requested Contact, its parameters read and checked. */
interface RequestedContact {
  readonly uri: SipUri;
  readonly expires: number;
  readonly q: number;
  readonly instanceId?: string;
  readonly regId?: number;
}

export function decideRegistration(request: SipRequest, context: RegistrationContext): RegistrationDecision {
  const expiresHeader = headerResult(request, Header.Expires);
  if (expiresHeader && !expiresHeader.ok) return refuse(Status.BadRequest, 'Invalid Expires');
  const requested = expiresHeader?.value;

  if (request.contactWildcard) return removeAll(request, context, requested);
  if (request.contacts.length === 0) return { kind: 'accept', bindings: context.existing };

  const path = headerResult(request, Header.Path);
  if (path && !path.ok) return refuse(Status.BadRequest, 'Invalid Path');
  const userAgent = headerResult(request, Header.UserAgent);

  const bindings = new Map(context.existing.map((b) => [b.id, b]));
  for (const value of request.contacts) {
    const contact = readContact(value, requested, context.policy);
    if (isRefusal(contact)) return contact;
    const match = findBinding(bindings.values(), contact);
    if (match && match.callId === request.callId && request.cseq.seq <= match.cseq) return outOfOrder();
    if (contact.expires === 0) {
      if (match) bindings.delete(match.id);
      continue;
    }
    const binding: Binding = {
      id: match?.id ?? context.newId(),
      tenantId: context.tenantId,
      userId: context.userId,
      aor: context.aor,
      contact: formatUri(contact.uri),
      source: context.source,
      path: (path?.value ?? []).map(formatNameAddr),
      q: contact.q,
      expiresAt: context.now + contact.expires * 1000,
      // held for the binding's lifetime, without the REGISTER they came in
      callId: match?.callId === request.callId ? match.callId : detached(request.callId),
      cseq: request.cseq.seq,
      ...(userAgent?.ok ? { userAgent: match?.userAgent === userAgent.value ? match.userAgent : detached(userAgent.value) } : {}),
      ...(contact.instanceId === undefined ? {} : { instanceId: detached(contact.instanceId) }),
      ...(contact.regId === undefined ? {} : { regId: contact.regId }),
      // a phone that keeps answering from the same address stays reachable; anything else is found out again
      reachable: match?.reachable === 'reachable' && sameSource(match.source, context.source) ? 'reachable' : 'unknown',
    };
    bindings.set(binding.id, binding);
  }
  if (bindings.size > context.policy.maxBindingsPerUser && bindings.size > context.existing.length) {
    return refuse(Status.Forbidden, 'Too Many Contacts');
  }
  return { kind: 'accept', bindings: [...bindings.values()] };
}

/** §10.3 step 6: `Contact: *` needs `Expires: 0` and no other Contact; each binding goes unless it is newer. */
function removeAll(request: SipRequest, context: RegistrationContext, requested: number | undefined): RegistrationDecision {
  if (requested !== 0 || request.contacts.length > 0) return refuse(Status.BadRequest, 'Contact: * needs Expires: 0 and no other Contact');
  const newer = context.existing.some((b) => b.callId === request.callId && request.cseq.seq <= b.cseq);
  return newer ? outOfOrder() : { kind: 'accept', bindings: [] };
}

function readContact(value: NameAddr, requested: number | undefined, policy: RegistrationPolicy): RequestedContact | Refusal {
  if (value.uri.kind !== 'sip') return refuse(Status.BadRequest, 'Contact must be a SIP URI');
  const expiresParam = value.params.get('expires');
  if (expiresParam !== undefined && (expiresParam === null || !DIGITS.test(expiresParam))) return refuse(Status.BadRequest, 'Invalid Contact expires');
  const asked = expiresParam === undefined ? (requested ?? policy.defaultExpires) : Math.min(Number(expiresParam), MAX_DELTA_SECONDS);
  if (asked > 0 && asked < policy.minExpires) return refuse(Status.IntervalTooBrief, undefined, policy.minExpires);

  const qParam = value.params.get('q');
  if (qParam !== undefined && (qParam === null || !QVALUE.test(qParam))) return refuse(Status.BadRequest, 'Invalid Contact q');

  const instance = value.params.get('+sip.instance');
  const regIdParam = value.params.get('reg-id');
  const regId = regIdParam === undefined || regIdParam === null || !DIGITS.test(regIdParam) ? undefined : Number(regIdParam);
  if (regIdParam !== undefined && (regId === undefined || regId < 1 || regId > MAX_REG_ID)) return refuse(Status.BadRequest, 'Invalid reg-id');
  return {
    uri: value.uri,
    expires: Math.min(asked, policy.maxExpires),
    q: qParam === undefined ? 1 : Number(qParam),
    ...(instance === undefined || instance === null ? {} : { instanceId: unquote(instance) }),
    ...(regId === undefined ? {} : { regId }),
  };
}

/** The binding a Contact refreshes: the same instance and reg-id (RFC 5626 §6), or else the same URI (§10.3 step 7, §19.1.4). */
function findBinding(bindings: Iterable<Binding>, contact: RequestedContact): Binding | undefined {
  let byUri: Binding | undefined;
  for (const binding of bindings) {
    if (contact.instanceId !== undefined && binding.instanceId === contact.instanceId && binding.regId === contact.regId) return binding;
    if (!byUri && sameUri(binding.contact, contact.uri)) byUri = binding;
  }
  return byUri;
}

function sameUri(stored: string, uri: SipUri): boolean {
  const parsed = parseUri(stored);
  return parsed.ok && uriEquals(parsed.value, uri);
}

function sameSource(a: BindingSource, b: BindingSource): boolean {
  return a.protocol === b.protocol && a.address === b.address && a.port === b.port;
}
