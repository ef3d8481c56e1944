/**
 * Where fresh identifiers come from (Via branches here; tags and Call-IDs elsewhere). Injected
 * so that tests can predict every branch a request carries.
 */
import { randomBytes } from 'node:crypto';

/** Returns a new unique token (RFC 3261 §25.1 `token` characters only) on every call. */
export type IdSource = () => string;

/** Production source: `bytes` random bytes, base64url-encoded (token characters only). */
export function randomIdSource(bytes = 12): IdSource {
  return () => randomBytes(bytes).toString('base64url');
}
