/**
 * The Digest computation (RFC 7616 §3.4, RFC 2617 §3.2.2, RFC 8760 for SIP): HA1, HA2 and the
 * request-digest, for MD5, SHA-256 and SHA-512/256 and their `-sess` variants, with `qop=auth`,
 * `qop=auth-int`, and the RFC 2069 form without qop that older phones still send.
 */
import { hash as oneShotHash } from 'node:crypto';

/** Every algorithm understood, strongest first (the order a client prefers them in). */
export const DIGEST_ALGORITHMS = ['SHA-512-256', 'SHA-512-256-sess', 'SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** The hash under an algorithm: what a stored HA1 is computed with. */
export type DigestHash = 'MD5' | 'SHA-256' | 'SHA-512-256';

export const DIGEST_QOPS = ['auth', 'auth-int'] as const;
export type DigestQop = (typeof DIGEST_QOPS)[number];

/** The `message-qop` part of credentials: present exactly when the client used a qop. */
export interface MessageQop {
  readonly kind: DigestQop;
  /** `nc` as sent: 8 hex digits. */
  readonly nc: string;
  readonly cnonce: string;
}

const nodeHash: Readonly<Record<DigestHash, string>> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };
const hexLength: Readonly<Record<DigestHash, number>> = { MD5: 32, 'SHA-256': 64, 'SHA-512-256': 64 };

const byLowerName: ReadonlyMap<string, DigestAlgorithm> = new Map(DIGEST_ALGORITHMS.map((a) => [a.toLowerCase(), a]));

/** The algorithm a token names (case-insensitive, RFC 7616 §3.3), or undefined. */
export function parseDigestAlgorithm(name: string): DigestAlgorithm | undefined {
  return byLowerName.get(name.toLowerCase());
}

export function hashOf(algorithm: DigestAlgorithm | DigestHash): DigestHash {
  return algorithm.endsWith('-sess') ? (algorithm.slice(0, -'-sess'.length) as DigestHash) : (algorithm as DigestHash);
}

export function isSessionAlgorithm(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith('-sess');
}

/** Length of a digest of `hash` in lower-case hex (an HA1, a response). */
export function digestHexLength(hash: DigestHash): number {
  return hexLength[hash];
}

/** 0 for the strongest algorithm, growing as they weaken. */
export function algorithmRank(algorithm: DigestAlgorithm): number {
  return DIGEST_ALGORITHMS.indexOf(algorithm);
}

/** One-shot (`crypto.hash`): no Hash object per digest; Digest takes several per request. */
function h(hash: DigestHash, data: string | Uint8Array): string {
  return oneShotHash(nodeHash[hash], data, 'hex');
}

/**
 * `H(username ":" realm ":" password)`: what a password is stored as, one per hash. A `-sess`
 * algorithm uses the HA1 of its base hash, so store by {@link hashOf}.
 */
export function ha1(username: string, realm: string, password: string, algorithm: DigestAlgorithm | DigestHash): string {
  return h(hashOf(algorithm), `${username}:${realm}:${password}`);
}

export interface DigestResponseInput {
  /** The stored HA1 of the algorithm's base hash, lower-case hex. */
  readonly ha1: string;
  readonly algorithm: DigestAlgorithm;
  readonly nonce: string;
  readonly method: string;
  /** The `uri` param (digest-uri). */
  readonly uri: string;
  /** Absent: the RFC 2069 form without qop. */
  readonly qop?: MessageQop;
  /** The message body, for `qop=auth-int`. */
  readonly body?: string | Uint8Array;
}

/** The request-digest a client sends as `response` and a server expects (lower-case hex). */
export function digestResponse(input: DigestResponseInput): string {
  const hash = hashOf(input.algorithm);
  const { nonce, qop } = input;
  // RFC 7616 §3.4.2: a -sess HA1 also covers the nonce and cnonce (which requires a qop)
  const a1 = isSessionAlgorithm(input.algorithm) ? h(hash, `${input.ha1}:${nonce}:${qop?.cnonce ?? ''}`) : input.ha1;
  // §3.4.3: auth-int adds the hash of the body to A2
  const a2 = qop?.kind === 'auth-int' ? `${input.method}:${input.uri}:${h(hash, input.body ?? '')}` : `${input.method}:${input.uri}`;
  const ha2 = h(hash, a2);
  return qop ? h(hash, `${a1}:${nonce}:${qop.nc}:${qop.cnonce}:${qop.kind}:${ha2}`) : h(hash, `${a1}:${nonce}:${ha2}`);
}
