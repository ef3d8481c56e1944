export { AUTH_HEADER_MAX_LENGTH, AUTH_MAX_PARAMS, authScheme, parseAuthHeader, quoteString } from './auth-params.js';
export type { AuthHeader, AuthParse } from './auth-params.js';
export {
  DIGEST_ALGORITHMS, DIGEST_QOPS, algorithmRank, digestHexLength, digestResponse, ha1, hashOf, isSessionAlgorithm, parseDigestAlgorithm,
} from './digest-algorithm.js';
export type { DigestAlgorithm, DigestHash, DigestQop, DigestResponseInput, MessageQop } from './digest-algorithm.js';
export { formatDigestChallenge, parseDigestChallenge } from './digest-challenge.js';
export type { DigestChallenge } from './digest-challenge.js';
export { formatDigestCredentials, parseDigestCredentials } from './digest-credentials.js';
export type { DigestCredentials } from './digest-credentials.js';
export type { DigestRequest } from './digest-request.js';
export { NonceSigner, NONCE_SECRET_MIN_BYTES } from './nonce-signer.js';
export { NonceCountTracker } from './nonce-count-tracker.js';
export type { NonceUse } from './nonce-count-tracker.js';
export { DigestServer } from './digest-server.js';
export type { DigestCandidate, DigestInspection, DigestServerOptions, DigestVerdict, StaleCause } from './digest-server.js';
export { DigestClient } from './digest-client.js';
export type { DigestAnswer, DigestClientOptions } from './digest-client.js';
