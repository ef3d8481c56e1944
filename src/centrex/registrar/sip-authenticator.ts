/**
 * Digest authentication of phones (RFC 3261 §22, RFC 8760) against the directory, for the
 * registrar (401 with WWW-Authenticate) and for calls (407 with Proxy-Authenticate).
 *
 * - The realm is the tenant's SIP domain; the tenant is found by the To domain of a REGISTER
 *   (the From domain of anything else), falling back to the Request-URI host.
 * - An unknown user is answered exactly like a wrong password: the digest is checked against
 *   a dummy HA1 on the same path, and the answer is the same fresh challenge.
 * - A client that keeps answering wrongly on one Call-ID gets a fresh challenge only
 *   `wrongAnswersPerCallId - 1` times; from then on its wrong answers get 403.
 * - Every failure counts against the source address in the {@link AbuseGuard}.
 * - Every challenge is answered statelessly, an INVITE's 407 too.
 */
import { Method, Status, createResponse, formatUri, headerValues } from '../../sip/index.js';
import type { DigestHash, DigestServer, IdSource, MessageSource, ServerTransaction, SipRequest, StatusCode, Uri } from '../../sip/index.js';
import type { Directory, DirectoryTenant, DirectoryUser } from '../directory/index.js';
import type { AbuseGuard } from './abuse-guard.js';

/** `www`: a registrar or UAS challenging with 401; `proxy`: a proxy or B2BUA challenging with 407. */
export type AuthenticationKind = 'www' | 'proxy';

export type Authentication =
  | { readonly ok: true; readonly tenant: DirectoryTenant; readonly user: DirectoryUser }
  /** The request has been answered with `status` (401/407 challenge, 403, 400). */
  | { readonly ok: false; readonly status: StatusCode };

/** Shared by REGISTER (401/WWW-Authenticate) and calls (407/Proxy-Authenticate). */
export interface SipAuthenticator {
  authenticate(transaction: ServerTransaction, request: SipRequest, source: MessageSource, kind: AuthenticationKind): Authentication;
}

/** Why a request failed to authenticate: what the metrics count. */
export type AuthenticationFailure = 'unknown_domain' | 'malformed' | 'wrong_credentials';

export interface DigestAuthenticatorOptions {
  readonly directory: Directory;
  readonly digest: DigestServer;
  readonly guard: AbuseGuard;
  /** To tags for the answers. */
  readonly toTag: IdSource;
  /** Wrong answers on one Call-ID before 403 instead of a fresh challenge. Default 3. */
  readonly wrongAnswersPerCallId?: number;
  /** Call-IDs whose wrong answers are counted at once; the oldest is forgotten beyond it. Default 10,000. */
  readonly maxTrackedCallIds?: number;
  readonly onFailure?: (failure: AuthenticationFailure, source: MessageSource) => void;
}

const HEADERS = {
  www: { status: Status.Unauthorized, challenge: 'WWW-Authenticate', credentials: 'Authorization' },
  proxy: { status: Status.ProxyAuthenticationRequired, challenge: 'Proxy-Authenticate', credentials: 'Proxy-Authorization' },
} as const;

const DEFAULT_WRONG_ANSWERS = 3;
const DEFAULT_MAX_TRACKED = 10_000;

const hostOf = (uri: Uri): string | undefined => (uri.kind === 'sip' ? uri.host : undefined);

/** The HA1 stored for `hash`, if the user has credentials of this realm. */
function storedHa1(user: DirectoryUser | undefined, realm: string, hash: DigestHash): string | undefined {
  const credentials = user?.credentials;
  if (!credentials || credentials.realm !== realm || (hash !== 'MD5' && hash !== 'SHA-256')) return undefined;
  return credentials.ha1[hash];
}

export class DigestAuthenticator implements SipAuthenticator {
  /** Call-ID → wrong answers so far; insertion order is the order of the latest wrong answer. */
  private readonly wrongAnswers = new Map<string, number>();

  constructor(private readonly options: DigestAuthenticatorOptions) {}

  authenticate(transaction: ServerTransaction, request: SipRequest, source: MessageSource, kind: AuthenticationKind): Authentication {
    const tenant = this.tenantOf(request);
    if (!tenant) {
      this.fail('unknown_domain', source);
      return this.answer(transaction, Status.Forbidden, 'Domain Not Served');
    }
    const { digest, directory } = this.options;
    const realm = tenant.sipDomain;
    const names = HEADERS[kind];
    const inspection = digest.inspect(
      headerValues(request, names.credentials),
      { method: request.method, requestUri: formatUri(request.uri), body: request.body },
      realm,
    );
    switch (inspection.kind) {
      case 'missing':
        return this.challenge(transaction, kind, realm, false);
      case 'malformed':
        this.fail('malformed', source);
        return this.answer(transaction, Status.BadRequest, `Bad Credentials (${inspection.reason})`);
      case 'candidate':
        break;
    }
    const user = directory.userBySipUsername(tenant.id, inspection.username);
    const ha1 = storedHa1(user, realm, inspection.hash);
    const verdict = digest.verify(inspection, ha1);
    if (verdict.kind === 'ok' && user) {
      this.wrongAnswers.delete(request.callId);
      return { ok: true, tenant, user };
    }
    if (verdict.kind === 'stale') return this.challenge(transaction, kind, realm, true);
    this.fail('wrong_credentials', source);
    return this.countWrongAnswer(request.callId) ? this.answer(transaction, Status.Forbidden) : this.challenge(transaction, kind, realm, false);
  }

  private tenantOf(request: SipRequest): DirectoryTenant | undefined {
    const { directory } = this.options;
    const named = hostOf(request.method === Method.REGISTER ? request.to.uri : request.from.uri);
    const byName = named === undefined ? undefined : directory.tenantByDomain(named);
    if (byName) return byName;
    const target = hostOf(request.uri);
    return target === undefined ? undefined : directory.tenantByDomain(target);
  }

  /** Counts a wrong answer on `callId`; true once the client has had its last chance (and from then on). */
  private countWrongAnswer(callId: string): boolean {
    const count = (this.wrongAnswers.get(callId) ?? 0) + 1;
    this.wrongAnswers.delete(callId);
    this.wrongAnswers.set(callId, count);
    const max = this.options.maxTrackedCallIds ?? DEFAULT_MAX_TRACKED;
    for (const oldest of this.wrongAnswers.keys()) {
      if (this.wrongAnswers.size <= max) break;
      this.wrongAnswers.delete(oldest);
    }
    return count >= (this.options.wrongAnswersPerCallId ?? DEFAULT_WRONG_ANSWERS);
  }

  private fail(failure: AuthenticationFailure, source: MessageSource): void {
    this.options.guard.recordFailure(source.remoteAddress);
    this.options.onFailure?.(failure, source);
  }

  /**
   * Challenges are sent statelessly (RFC 3261 §8.2.7, §26.3.2.4): a single 401 or 407, no
   * retransmission, no transaction left behind, so a flood of requests without credentials holds
   * nothing. A lost challenge is answered anew when the request comes again; the ACK of an
   * INVITE's 407 finds no transaction and is dropped.
   */
  private challenge(transaction: ServerTransaction, kind: AuthenticationKind, realm: string, stale: boolean): Authentication {
    const names = HEADERS[kind];
    const headers = this.options.digest.challenge(realm, { stale }).map((value) => ({ name: names.challenge, value }));
    const response = createResponse(transaction.request, names.status, { toTag: this.options.toTag(), headers });
    transaction.respondStatelessly(response);
    return { ok: false, status: names.status };
  }

  private answer(transaction: ServerTransaction, status: StatusCode, reason?: string): Authentication {
    transaction.respond(createResponse(transaction.request, status, { toTag: this.options.toTag(), ...(reason === undefined ? {} : { reason }) }));
    return { ok: false, status };
  }
}
