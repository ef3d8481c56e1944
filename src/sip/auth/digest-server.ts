/**
 * The challenging side of Digest (RFC 3261 §22.2–22.4, RFC 7616, RFC 8760): issues challenges
 * and checks credentials for a registrar, a proxy or a B2BUA.
 *
 * Checking is two steps so the password store may be asynchronous:
 * 1. {@link DigestServer.inspect} picks the request's credentials for the expected realm and
 *    checks what needs no password: `missing` → send a challenge (401/407), `malformed` → 400,
 *    otherwise a `candidate` naming the user and the HA1 hash it needs.
 * 2. {@link DigestServer.verify} compares against the stored HA1. Pass `undefined` for an
 *    unknown user: the check then runs against a dummy HA1 at the same cost and answers
 *    `wrong_credentials`, exactly as for a wrong password.
 *
 * Nonces are stateless and signed ({@link NonceSigner}); replays are refused by tracking the
 * highest nonce-count per nonce ({@link NonceCountTracker}). Credentials without qop (RFC 2069,
 * MD5 only) are accepted once per nonce: a phone that reuses such a nonce gets a `stale`
 * challenge and answers it with a fresh nonce.
 *
 * The header name is the caller's: `WWW-Authenticate`/`Authorization` for a registrar or UAS
 * (401), `Proxy-Authenticate`/`Proxy-Authorization` for a proxy (407).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { pooledRandomBytes } from '../id-source.js';
import { authScheme } from './auth-params.js';
import { formatDigestChallenge } from './digest-challenge.js';
import { algorithmRank, digestHexLength, digestResponse, hashOf } from './digest-algorithm.js';
import type { DigestAlgorithm, DigestHash, DigestQop } from './digest-algorithm.js';
import { parseDigestCredentials } from './digest-credentials.js';
import type { DigestCredentials } from './digest-credentials.js';
import type { DigestRequest } from './digest-request.js';
import { NonceCountTracker } from './nonce-count-tracker.js';
import { NonceSigner } from './nonce-signer.js';

export interface DigestServerOptions {
  readonly clock: Clock;
  /** HMAC key for nonces, at least 16 bytes; nodes that share it accept each other's nonces. */
  readonly secret: string | Uint8Array;
  /** Algorithms offered, one challenge each, strongest first (RFC 8760 §2.4). Default SHA-256 and MD5. */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** How long a nonce is accepted, in ms; later its (right) credentials are `stale`. Default 5 minutes. */
  readonly nonceLifetimeMs?: number;
  /** Most nonces whose nonce-count is tracked at once. Default 100,000. */
  readonly maxTrackedNonces?: number;
  /** Offer `qop="auth,auth-int"` instead of `qop="auth"`. Default false. */
  readonly offerAuthInt?: boolean;
  /** Accept MD5 credentials without qop (RFC 2069), once per nonce. Default true. */
  readonly acceptNoQop?: boolean;
  readonly randomBytes?: (size: number) => Uint8Array;
}

/** Credentials that passed every check that needs no password. */
export interface DigestCandidate {
  readonly kind: 'candidate';
  readonly username: string;
  readonly realm: string;
  readonly algorithm: DigestAlgorithm;
  /** Which stored HA1 {@link DigestServer.verify} needs. */
  readonly hash: DigestHash;
  readonly credentials: DigestCredentials;
  readonly request: DigestRequest;
}

export type DigestInspection =
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed'; readonly reason: string }
  | DigestCandidate;

/** Why credentials with a right digest were still refused; answer with `stale=true`. */
export type StaleCause = 'expired' | 'replayed' | 'evicted' | 'unknown_nonce';

export type DigestVerdict =
  | { readonly kind: 'ok'; readonly username: string; readonly realm: string; readonly algorithm: DigestAlgorithm }
  | { readonly kind: 'stale'; readonly cause: StaleCause }
  | { readonly kind: 'wrong_credentials' };

const HEX = /^[0-9a-fA-F]+$/;

export class DigestServer {
  private readonly clock: Clock;
  private readonly signer: NonceSigner;
  private readonly tracker: NonceCountTracker;
  private readonly algorithms: readonly DigestAlgorithm[];
  private readonly qops: readonly DigestQop[];
  private readonly lifetimeMs: number;
  private readonly acceptNoQop: boolean;
  private readonly dummyHa1: Readonly<Record<DigestHash, string>>;

  constructor(options: DigestServerOptions) {
    const randomBytes = options.randomBytes ?? pooledRandomBytes;
    this.clock = options.clock;
    this.signer = new NonceSigner(options.secret, randomBytes);
    this.tracker = new NonceCountTracker(options.maxTrackedNonces ?? 100_000);
    this.algorithms = [...new Set<DigestAlgorithm>(options.algorithms ?? ['SHA-256', 'MD5'])].sort((a, b) => algorithmRank(a) - algorithmRank(b));
    if (this.algorithms.length === 0) throw new Error('a Digest server must offer at least one algorithm');
    this.qops = options.offerAuthInt ? ['auth', 'auth-int'] : ['auth'];
    this.lifetimeMs = options.nonceLifetimeMs ?? 300_000;
    this.acceptNoQop = options.acceptNoQop ?? true;
    const dummy = (hash: DigestHash): string => Buffer.from(randomBytes(digestHexLength(hash) / 2)).toString('hex');
    this.dummyHa1 = { MD5: dummy('MD5'), 'SHA-256': dummy('SHA-256'), 'SHA-512-256': dummy('SHA-512-256') };
  }

  /** Nonces whose nonce-count is tracked now (for metrics). */
  get trackedNonces(): number {
    return this.tracker.size;
  }

  /**
   * Challenge header values for `realm`, one per offered algorithm, strongest first, sharing one
   * nonce. `algorithms` narrows the offer for one response: some user agents (SIPp 3.6, baresip
   * 1.0) read only the first challenge and fail on SHA-256, so a registrar may offer them MD5 alone.
   */
  challenge(realm: string, options: { readonly stale?: boolean; readonly algorithms?: readonly DigestAlgorithm[] } = {}): readonly string[] {
    const offer = options.algorithms ? this.algorithms.filter((a) => options.algorithms?.includes(a)) : this.algorithms;
    if (offer.length === 0) throw new Error(`none of ${options.algorithms?.join(', ')} is among the algorithms this server accepts`);
    const nonce = this.signer.issue(realm, this.clock.now());
    return offer.map((algorithm) => formatDigestChallenge({ realm, nonce, algorithm, qop: this.qops, stale: options.stale ?? false }));
  }

  /**
   * Finds the Digest credentials for `realm` among a request's `Authorization` (or
   * `Proxy-Authorization`) values and checks everything but the password.
   */
  inspect(credentialValues: readonly string[], request: DigestRequest, realm: string): DigestInspection {
    let malformed: string | undefined;
    for (const value of credentialValues) {
      if (authScheme(value) !== 'digest') continue;
      const parsed = parseDigestCredentials(value);
      if (!parsed.ok) {
        malformed ??= parsed.reason;
        continue;
      }
      if (parsed.value.realm !== realm) continue;
      return this.check(parsed.value, request);
    }
    return malformed === undefined ? { kind: 'missing' } : { kind: 'malformed', reason: malformed };
  }

  /**
   * The verdict on a candidate given the stored HA1 of `candidate.hash` for its user, or
   * `undefined` if the user is unknown. Throws if a stored HA1 is not a hex digest of that hash.
   */
  verify(candidate: DigestCandidate, storedHa1: string | undefined): DigestVerdict {
    const { credentials, request } = candidate;
    if (storedHa1 !== undefined && (storedHa1.length !== digestHexLength(candidate.hash) || !HEX.test(storedHa1))) {
      throw new Error(`stored HA1 for ${candidate.username} is not a ${candidate.hash} hex digest`);
    }
    const expected = digestResponse({
      ha1: (storedHa1 ?? this.dummyHa1[candidate.hash]).toLowerCase(),
      algorithm: credentials.algorithm,
      nonce: credentials.nonce,
      method: request.method,
      uri: credentials.uri,
      ...(credentials.qop && { qop: credentials.qop }),
      ...(request.body !== undefined && { body: request.body }),
    });
    // both are lower-case hex of the algorithm's length (checked when parsed), so equal-length buffers
    const match = timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(credentials.response, 'latin1'));
    if (!match || storedHa1 === undefined) return { kind: 'wrong_credentials' };

    const now = this.clock.now();
    const issuedAt = this.signer.open(credentials.nonce, credentials.realm);
    if (issuedAt === undefined) return { kind: 'stale', cause: 'unknown_nonce' };
    const cutoff = now - this.lifetimeMs;
    if (issuedAt < cutoff) return { kind: 'stale', cause: 'expired' };
    this.tracker.forgetIssuedBefore(cutoff);
    const nc = credentials.qop ? Number.parseInt(credentials.qop.nc, 16) : undefined;
    const use = this.tracker.record(credentials.nonce, issuedAt, nc);
    if (use !== 'fresh') return { kind: 'stale', cause: use };
    return { kind: 'ok', username: credentials.username, realm: credentials.realm, algorithm: credentials.algorithm };
  }

  private check(credentials: DigestCredentials, request: DigestRequest): DigestInspection {
    const { algorithm, qop } = credentials;
    if (!this.algorithms.includes(algorithm)) return { kind: 'malformed', reason: `algorithm ${algorithm} was not offered` };
    if (qop && !this.qops.includes(qop.kind)) return { kind: 'malformed', reason: `qop ${qop.kind} was not offered` };
    if (!qop && !(this.acceptNoQop && algorithm === 'MD5')) return { kind: 'malformed', reason: `${algorithm} credentials need a qop` };
    // RFC 3261 §22.4 / RFC 7616 §3.4.6: the digest must be for this request's Request-URI
    if (credentials.uri !== request.requestUri) return { kind: 'malformed', reason: 'uri does not match the Request-URI' };
    return {
      kind: 'candidate',
      username: credentials.username,
      realm: credentials.realm,
      algorithm,
      hash: hashOf(algorithm),
      credentials,
      request,
    };
  }
}
