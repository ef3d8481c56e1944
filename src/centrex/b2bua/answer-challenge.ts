/**
 * Answering a carrier's Digest challenge (RFC 3261 §22.2–22.3) with a trunk's account: a 401
 * names its challenge in WWW-Authenticate and is answered in Authorization, a 407 in
 * Proxy-Authenticate and Proxy-Authorization. The retried request is a new one (same Call-ID,
 * the next CSeq); the credentials the challenged request carried tell a stale nonce, answered
 * again, from refused credentials, which end the rounds.
 */
import { Status, formatUri, headerValues } from '../../sip/index.js';
import type { DigestClient, ExtraHeader, SipRequest, SipResponse } from '../../sip/index.js';

/** The credentials line that answers `challenge` to `sent`, or undefined when it cannot or should not be answered. */
export type ChallengeAnswer = (challenge: SipResponse, sent: SipRequest) => ExtraHeader | undefined;

/** Challenges answered per request at most: a carrier that keeps challenging is refusing. */
export const MAX_AUTH_ROUNDS = 2;

/** The challenge header of a 401/407, and the header its answer goes in. */
const AUTH_HEADERS: ReadonlyMap<number, { readonly challenge: string; readonly answer: string }> = new Map([
  [Status.Unauthorized, { challenge: 'WWW-Authenticate', answer: 'Authorization' }],
  [Status.ProxyAuthenticationRequired, { challenge: 'Proxy-Authenticate', answer: 'Proxy-Authorization' }],
]);

/** Answers a 401/407 to `sent` with `digest`'s account; undefined for any other response, and for credentials refused. */
export function answerChallenge(digest: DigestClient, challenge: SipResponse, sent: SipRequest): ExtraHeader | undefined {
  const headers = AUTH_HEADERS.get(challenge.status);
  if (!headers) return undefined;
  const answered = headerValues(sent, headers.answer)[0];
  const answer = digest.answer(headerValues(challenge, headers.challenge), { method: sent.method, requestUri: formatUri(sent.uri) }, answered);
  return answer.kind === 'credentials' ? { name: headers.answer, value: answer.value } : undefined;
}

/** {@link answerChallenge} with one account, for a trunk leg's dialog. */
export const answeringWith = (digest: DigestClient): ChallengeAnswer => (challenge, sent) => answerChallenge(digest, challenge, sent);
