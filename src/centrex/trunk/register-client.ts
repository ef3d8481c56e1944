/**
 * The UAC side of registering at a carrier (RFC 3261 §10.2): one account, one Call-ID and a
 * rising CSeq for every REGISTER it sends. {@link exchange} runs one registration request to
 * its end: it answers 401 and 407 with Digest (RFC 3261 §22.2), retries a 423 once with the
 * Min-Expires the carrier asked for (§10.2.8) and keeps that longer expiry, and reports what
 * the carrier granted or why it failed.
 *
 * It never loops on challenges: credentials the carrier refuses with a fresh challenge that is
 * not `stale` are wrong (the Digest client tells), and a carrier that keeps challenging anyway
 * is given up on after a few rounds.
 */
import {
  DigestClient, Header, Method, Status, createRequest, formatUri, header, headerValues, isProvisional, isSuccess, noParams, uriEquals,
} from '../../sip/index.js';
import type { ExtraHeader, IdSource, OutboundTarget, SipRequest, SipResponse, SipStack, SipUri, StatusCode } from '../../sip/index.js';

/** The part of a stack registration sends through. */
export type RegistrationStack = Pick<SipStack, 'sendRequest' | 'contactUri'>;

export interface RegisterAccount {
  /** `sip:<domain>` */
  readonly registrar: SipUri;
  /** `sip:<username>@<domain>`: To and From. */
  readonly aor: SipUri;
  /** Where the carrier sends our calls. */
  readonly contact: SipUri;
  readonly target: OutboundTarget;
  /** Digest credentials; null when the trunk has none (a challenge then fails the registration). */
  readonly credentials: { readonly username: string; readonly password: string } | null;
  /** Seconds asked for. */
  readonly expires: number;
}

export type ExchangeOutcome =
  /** 2xx: the seconds granted for our contact (0 after an unregistration). */
  | { readonly ok: true; readonly grantedSeconds: number }
  | { readonly ok: false; readonly reason: string };

/** Challenges answered within one exchange before giving up: a 407 and a 401 in a row, and one stale nonce. */
const MAX_CHALLENGES = 3;
const DELTA_SECONDS = /^\d{1,10}$/;

const CHALLENGES = {
  [Status.Unauthorized]: { challenge: 'WWW-Authenticate', credentials: 'Authorization' },
  [Status.ProxyAuthenticationRequired]: { challenge: 'Proxy-Authenticate', credentials: 'Proxy-Authorization' },
} as const;
type ChallengeStatus = keyof typeof CHALLENGES;
type CredentialHeader = (typeof CHALLENGES)[ChallengeStatus]['credentials'];
type Credentials = Partial<Record<CredentialHeader, string>>;

const isChallenge = (status: StatusCode): status is ChallengeStatus => status === Status.Unauthorized || status === Status.ProxyAuthenticationRequired;

/** Seconds the 2xx grants our contact: its `expires` parameter, else the Expires header, else what was asked (§10.2.4). */
function grantedSeconds(response: SipResponse, contact: SipUri, requested: number): number {
  const ours = response.contacts.find((c) => uriEquals(c.uri, contact));
  const param = ours?.params.get('expires');
  if (param != null && DELTA_SECONDS.test(param)) return Number(param);
  return header(response, Header.Expires) ?? requested;
}

export class RegisterClient {
  private readonly callId: string;
  private readonly fromTag: string;
  private readonly digest: Readonly<Record<CredentialHeader, DigestClient>> | undefined;
  private cseq = 0;
  private generation = 0;
  /** Seconds asked for: the configured expiry, or the carrier's Min-Expires once a 423 asked for more. */
  private expires: number;

  constructor(
    private readonly stack: RegistrationStack,
    ids: IdSource,
    private readonly account: RegisterAccount,
  ) {
    this.callId = ids();
    this.fromTag = ids();
    this.expires = account.expires;
    const { credentials } = account;
    this.digest = credentials ? { Authorization: new DigestClient(credentials), 'Proxy-Authorization': new DigestClient(credentials) } : undefined;
  }

  /**
   * Registers (or, with `unregister`, removes our contact: Expires 0); `done` is called once.
   * A newer exchange supersedes one still under way: that one sends nothing more and reports nothing.
   */
  exchange(kind: 'register' | 'unregister', done: (outcome: ExchangeOutcome) => void): void {
    const generation = ++this.generation;
    let settled = false;
    const finish = (outcome: ExchangeOutcome): void => {
      if (settled || generation !== this.generation) return;
      settled = true;
      done(outcome);
    };
    let challenges = 0;
    let raised = false;
    const attempt = (credentials: Credentials): void => {
      const expires = kind === 'register' ? this.expires : 0;
      const { target } = this.account;
      const sent = this.stack.sendRequest(this.request(expires, credentials), target, {
        onResponse: (response) => {
          if (isProvisional(response.status) || settled || generation !== this.generation) return;
          if (isSuccess(response.status)) return finish({ ok: true, grantedSeconds: expires === 0 ? 0 : grantedSeconds(response, this.account.contact, expires) });
          if (isChallenge(response.status)) {
            const next = this.answer(response, response.status, credentials, ++challenges);
            return typeof next === 'string' ? finish({ ok: false, reason: next }) : attempt(next);
          }
          const minExpires = header(response, Header.MinExpires);
          if (response.status === Status.IntervalTooBrief && kind === 'register' && !raised && minExpires !== undefined && minExpires > expires) {
            raised = true;
            this.expires = minExpires;
            return attempt(this.authorized());
          }
          finish({ ok: false, reason: `${response.status} ${response.reason}` });
        },
        onTimeout: () => finish({ ok: false, reason: `no answer from ${target.host}:${target.port} over ${target.protocol}` }),
        onTransportError: (error) => finish({ ok: false, reason: `transport failure: ${error.message}` }),
      });
      if (!sent.ok) finish({ ok: false, reason: 'the SIP stack is overloaded' });
    };
    attempt(this.authorized());
  }

  /** Credentials for the challenge in `response`, or why there are none. */
  private answer(response: SipResponse, status: ChallengeStatus, sent: Credentials, round: number): Credentials | string {
    const names = CHALLENGES[status];
    if (!this.digest) return `${status} ${response.reason}: the trunk has no credentials`;
    if (round > MAX_CHALLENGES) return `${status} ${response.reason}: the carrier keeps challenging`;
    const answer = this.digest[names.credentials].answer(
      headerValues(response, names.challenge),
      { method: Method.REGISTER, requestUri: formatUri(this.account.registrar) },
      sent[names.credentials],
    );
    switch (answer.kind) {
      case 'credentials':
        return { ...sent, [names.credentials]: answer.value };
      case 'wrong_credentials':
        return `credentials rejected (realm ${answer.realm})`;
      case 'unanswerable':
        return `${status} ${response.reason}: cannot answer the challenge (${answer.reason})`;
    }
  }

  /** Credentials from nonces answered before, so that a refresh needs no new challenge. */
  private authorized(): Credentials {
    const request = { method: Method.REGISTER, requestUri: formatUri(this.account.registrar) };
    const credentials: Credentials = {};
    for (const name of ['Authorization', 'Proxy-Authorization'] as const) {
      const value = this.digest?.[name].authorize(request);
      if (value !== undefined) credentials[name] = value;
    }
    return credentials;
  }

  private request(expires: number, credentials: Credentials): SipRequest {
    const { registrar, aor, contact } = this.account;
    const headers: ExtraHeader[] = [{ name: 'Expires', value: String(expires) }];
    for (const [name, value] of Object.entries(credentials)) headers.push({ name, value });
    return createRequest({
      method: Method.REGISTER,
      uri: registrar,
      via: [],
      from: { uri: aor, params: new Map([['tag', this.fromTag]]) },
      to: { uri: aor, params: noParams },
      callId: this.callId,
      cseq: ++this.cseq,
      contacts: [{ uri: contact, params: noParams }],
      headers,
    });
  }
}
