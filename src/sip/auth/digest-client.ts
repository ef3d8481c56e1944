/**
 * The answering side of Digest (RFC 3261 §22.2–22.3, RFC 7616 §3.4, RFC 8760 §2.4): turns the
 * challenges of a 401 or 407 into credentials for the retried request, e.g. a trunk REGISTER
 * or an outbound INVITE.
 *
 * One client holds one account (username and password) and the nonce it last answered, so it
 * can also authorize the following requests up front with increasing nonce-counts. Use one
 * client per account and per header kind: `Authorization` answers 401, `Proxy-Authorization`
 * answers 407.
 *
 * A retry is pointless when the server rejects the very credentials that answered its
 * challenge without saying `stale=true`: then the password is wrong, and {@link answer} says
 * `wrong_credentials` so the caller stops instead of looping.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { DIGEST_ALGORITHMS, algorithmRank, digestResponse, ha1 } from './digest-algorithm.js';
import type { DigestAlgorithm, DigestQop } from './digest-algorithm.js';
import { parseDigestChallenge } from './digest-challenge.js';
import type { DigestChallenge } from './digest-challenge.js';
import { formatDigestCredentials, parseDigestCredentials } from './digest-credentials.js';
import type { DigestRequest } from './digest-request.js';

export interface DigestClientOptions {
  readonly username: string;
  readonly password: string;
  /** Answer only challenges of this realm; by default any. */
  readonly realm?: string;
  /** Algorithms this client may answer with; by default all. The strongest one offered is used. */
  readonly algorithms?: readonly DigestAlgorithm[];
  readonly randomBytes?: (size: number) => Uint8Array;
}

export type DigestAnswer =
  /** Put `value` in `Authorization` (after a 401) or `Proxy-Authorization` (after a 407) and resend. */
  | { readonly kind: 'credentials'; readonly value: string; readonly realm: string; readonly algorithm: DigestAlgorithm }
  /** The server refused credentials that answered its own challenge: stop retrying. */
  | { readonly kind: 'wrong_credentials'; readonly realm: string }
  /** No challenge this client can answer (other scheme or realm, unsupported algorithm, malformed). */
  | { readonly kind: 'unanswerable'; readonly reason: string };

interface Session {
  readonly challenge: DigestChallenge;
  readonly qop: DigestQop | undefined;
  readonly ha1: string;
  readonly cnonce: string;
  nc: number;
}

export class DigestClient {
  private readonly algorithms: readonly DigestAlgorithm[];
  private readonly randomBytes: (size: number) => Uint8Array;
  private session: Session | undefined;

  constructor(private readonly options: DigestClientOptions) {
    this.algorithms = options.algorithms ?? DIGEST_ALGORITHMS;
    this.randomBytes = options.randomBytes ?? cryptoRandomBytes;
  }

  /**
   * Answers the challenge header values of a 401/407 to `request`. `sent` is the credentials
   * value the rejected request carried, if any: it tells a wrong password from a stale nonce.
   */
  answer(challengeValues: readonly string[], request: DigestRequest, sent?: string): DigestAnswer {
    const challenge = this.choose(challengeValues);
    if (typeof challenge === 'string') return { kind: 'unanswerable', reason: challenge };
    if (sent !== undefined && this.refused(sent, challenge)) {
      this.session = undefined;
      return { kind: 'wrong_credentials', realm: challenge.realm };
    }
    const qop: DigestQop | undefined = challenge.qop.includes('auth') ? 'auth' : challenge.qop[0];
    this.session = {
      challenge,
      qop,
      ha1: ha1(this.options.username, challenge.realm, this.options.password, challenge.algorithm),
      cnonce: Buffer.from(this.randomBytes(16)).toString('hex'),
      nc: 0,
    };
    return { kind: 'credentials', value: this.credentials(this.session, request), realm: challenge.realm, algorithm: challenge.algorithm };
  }

  /**
   * Credentials for `request` from the last answered challenge with the next nonce-count, so a
   * refresh or a new request needs no extra round trip; undefined if there is none to reuse
   * (none answered yet, or it had no qop, whose nonces a server accepts only once).
   */
  authorize(request: DigestRequest): string | undefined {
    return this.session?.qop ? this.credentials(this.session, request) : undefined;
  }

  /** Forgets the answered nonce (e.g. after the account's password changed). */
  reset(): void {
    this.session = undefined;
  }

  /** The strongest answerable challenge, first offered among equals; or why there is none. */
  private choose(values: readonly string[]): DigestChallenge | string {
    let best: DigestChallenge | undefined;
    let why = 'no Digest challenge';
    for (const value of values) {
      const parsed = parseDigestChallenge(value);
      if (!parsed.ok) {
        why = parsed.reason;
        continue;
      }
      const c = parsed.value;
      if (this.options.realm !== undefined && c.realm !== this.options.realm) why = `realm ${c.realm} is not ${this.options.realm}`;
      else if (!this.algorithms.includes(c.algorithm)) why = `algorithm ${c.algorithm} is not enabled`;
      // RFC 7616 requires a qop for all but plain MD5 (a -sess HA1 needs the cnonce that comes with one)
      else if (c.qop.length === 0 && c.algorithm !== 'MD5') why = `${c.algorithm} challenge without qop`;
      else if (!best || algorithmRank(c.algorithm) < algorithmRank(best.algorithm)) best = c;
    }
    return best ?? why;
  }

  /** Whether `sent` answered `challenge`'s realm afresh (or used its very nonce) and was refused anyway. */
  private refused(sent: string, challenge: DigestChallenge): boolean {
    const previous = parseDigestCredentials(sent);
    if (!previous.ok || previous.value.realm !== challenge.realm || challenge.stale) return false;
    const { qop, nonce } = previous.value;
    return nonce === challenge.nonce || !qop || Number.parseInt(qop.nc, 16) === 1;
  }

  private credentials(session: Session, request: DigestRequest): string {
    session.nc++;
    const { challenge } = session;
    const qop = session.qop && { kind: session.qop, nc: session.nc.toString(16).padStart(8, '0'), cnonce: session.cnonce };
    const response = digestResponse({
      ha1: session.ha1,
      algorithm: challenge.algorithm,
      nonce: challenge.nonce,
      method: request.method,
      uri: request.requestUri,
      ...(qop && { qop }),
      ...(request.body !== undefined && { body: request.body }),
    });
    return formatDigestCredentials({
      username: this.options.username,
      realm: challenge.realm,
      nonce: challenge.nonce,
      uri: request.requestUri,
      response,
      algorithm: challenge.algorithm,
      ...(qop && { qop }),
      ...(challenge.opaque !== undefined && { opaque: challenge.opaque }),
    });
  }
}
