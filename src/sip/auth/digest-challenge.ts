/**
 * A Digest challenge: the value of one `WWW-Authenticate` (401) or `Proxy-Authenticate` (407)
 * header field (RFC 3261 §22.4 / §25.1 `digest-cln`, RFC 7616 §3.3).
 */
import { parseAuthHeader, quoteString } from './auth-params.js';
import type { AuthParse } from './auth-params.js';
import { DIGEST_QOPS, parseDigestAlgorithm } from './digest-algorithm.js';
import type { DigestAlgorithm, DigestQop } from './digest-algorithm.js';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  /** `MD5` when the challenge names none (RFC 7616 §3.3). */
  readonly algorithm: DigestAlgorithm;
  /** The qop options offered that are understood; empty for an RFC 2069 challenge without qop. */
  readonly qop: readonly DigestQop[];
  readonly opaque?: string;
  /** The previous request's nonce had expired while its digest was right: retry, don't ask for a password. */
  readonly stale: boolean;
}

const isQop = (v: string): v is DigestQop => (DIGEST_QOPS as readonly string[]).includes(v);

/** Parses one challenge header value; unknown params are ignored. */
export function parseDigestChallenge(value: string): AuthParse<DigestChallenge> {
  const parsed = parseAuthHeader(value);
  if (!parsed.ok) return parsed;
  const { scheme, params } = parsed.value;
  if (scheme.toLowerCase() !== 'digest') return { ok: false, reason: `scheme ${scheme} is not Digest` };
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined) return { ok: false, reason: 'missing realm' };
  if (nonce === undefined) return { ok: false, reason: 'missing nonce' };
  const algorithmName = params.get('algorithm') ?? 'MD5';
  const algorithm = parseDigestAlgorithm(algorithmName);
  if (!algorithm) return { ok: false, reason: `unsupported algorithm ${algorithmName}` };
  const qopParam = params.get('qop');
  const qop = qopParam === undefined ? [] : [...new Set(qopParam.split(',').map((q) => q.trim()).filter(isQop))];
  if (qopParam !== undefined && qop.length === 0) return { ok: false, reason: `no supported qop in "${qopParam}"` };
  const opaque = params.get('opaque');
  const stale = params.get('stale')?.toLowerCase() === 'true';
  return { ok: true, value: { realm, nonce, algorithm, qop, stale, ...(opaque !== undefined && { opaque }) } };
}

/**
 * Formats a challenge the way SIPp and common phones parse it: realm, nonce and opaque quoted,
 * `algorithm` a bare token, `qop` a quoted list (`qop="auth"`), `stale=true` only when set.
 */
export function formatDigestChallenge(challenge: DigestChallenge): string {
  const parts = [`realm=${quoteString(challenge.realm)}`, `nonce=${quoteString(challenge.nonce)}`];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoteString(challenge.opaque)}`);
  if (challenge.stale) parts.push('stale=true');
  parts.push(`algorithm=${challenge.algorithm}`);
  if (challenge.qop.length > 0) parts.push(`qop="${challenge.qop.join(',')}"`);
  return `Digest ${parts.join(', ')}`;
}
