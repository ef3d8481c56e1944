/**
 * Digest credentials: the value of one `Authorization` or `Proxy-Authorization` header field
 * (RFC 3261 §22.4 / §25.1 `digest-response`, RFC 7616 §3.4).
 */
import { parseAuthHeader, quoteString } from './auth-params.js';
import type { AuthParse } from './auth-params.js';
import { digestHexLength, hashOf, isSessionAlgorithm, parseDigestAlgorithm } from './digest-algorithm.js';
import type { DigestAlgorithm, MessageQop } from './digest-algorithm.js';

export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  /** The digest-uri: the Request-URI the client computed the digest over. */
  readonly uri: string;
  /** The request-digest, lower-case hex of the algorithm's length. */
  readonly response: string;
  /** `MD5` when the credentials name none. */
  readonly algorithm: DigestAlgorithm;
  /** Absent for RFC 2069 credentials (no qop, nc or cnonce). */
  readonly qop?: MessageQop;
  readonly opaque?: string;
}

const REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;
const NC = /^[0-9a-fA-F]{8}$/;
const HEX = /^[0-9a-fA-F]*$/;

/** Parses one credentials header value; unknown params are ignored. */
export function parseDigestCredentials(value: string): AuthParse<DigestCredentials> {
  const parsed = parseAuthHeader(value);
  if (!parsed.ok) return parsed;
  const { scheme, params } = parsed.value;
  if (scheme.toLowerCase() !== 'digest') return { ok: false, reason: `scheme ${scheme} is not Digest` };
  const missing = REQUIRED.find((name) => !params.has(name));
  if (missing) return { ok: false, reason: `missing ${missing}` };
  const required = (name: (typeof REQUIRED)[number]): string => params.get(name) ?? '';
  const response = required('response');

  const algorithmName = params.get('algorithm') ?? 'MD5';
  const algorithm = parseDigestAlgorithm(algorithmName);
  if (!algorithm) return { ok: false, reason: `unsupported algorithm ${algorithmName}` };
  if (response.length !== digestHexLength(hashOf(algorithm)) || !HEX.test(response)) {
    return { ok: false, reason: `response is not a ${algorithm} digest` };
  }

  const qopValue = params.get('qop');
  const nc = params.get('nc');
  const cnonce = params.get('cnonce');
  let qop: MessageQop | undefined;
  if (qopValue !== undefined) {
    if (qopValue !== 'auth' && qopValue !== 'auth-int') return { ok: false, reason: `unsupported qop ${qopValue}` };
    if (nc === undefined || !NC.test(nc) || Number.parseInt(nc, 16) === 0) return { ok: false, reason: 'qop needs nc of 8 hex digits, not zero' };
    if (cnonce === undefined || cnonce === '') return { ok: false, reason: 'qop needs a cnonce' };
    qop = { kind: qopValue, nc, cnonce };
  } else if (nc !== undefined || cnonce !== undefined) {
    return { ok: false, reason: 'nc and cnonce need a qop' };
  } else if (isSessionAlgorithm(algorithm)) {
    return { ok: false, reason: `${algorithm} needs a qop and cnonce` };
  }
  const opaque = params.get('opaque');
  return {
    ok: true,
    value: {
      username: required('username'),
      realm: required('realm'),
      nonce: required('nonce'),
      uri: required('uri'),
      response: response.toLowerCase(),
      algorithm,
      ...(qop && { qop }),
      ...(opaque !== undefined && { opaque }),
    },
  };
}

/** Formats credentials in the usual order, `qop` and `nc` bare tokens as RFC 7616 §3.4 writes them. */
export function formatDigestCredentials(credentials: DigestCredentials): string {
  const parts = [
    `username=${quoteString(credentials.username)}`,
    `realm=${quoteString(credentials.realm)}`,
    `nonce=${quoteString(credentials.nonce)}`,
    `uri=${quoteString(credentials.uri)}`,
    `response=${quoteString(credentials.response)}`,
    `algorithm=${credentials.algorithm}`,
  ];
  if (credentials.qop) {
    parts.push(`cnonce=${quoteString(credentials.qop.cnonce)}`, `qop=${credentials.qop.kind}`, `nc=${credentials.qop.nc}`);
  }
  if (credentials.opaque !== undefined) parts.push(`opaque=${quoteString(credentials.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
