import { randomBytes } from 'node:crypto';

/**
 * Where identifiers come from (branch tokens, tags): a fresh token on every call, unguessable in
 * production (RFC 3261 §8.1.1.7 and §19.3 want branches and tags unique and random).
 */
export type IdSource = () => string;

/** 96 random bits, base64url: 16 characters that are valid in a token, a tag and a branch. */
export const randomIds: IdSource = () => randomBytes(12).toString('base64url');

/** `prefix1`, `prefix2` … for tests that want to read identifiers. */
export function sequentialIds(prefix = 'id'): IdSource {
  let next = 0;
  return () => `${prefix}${++next}`;
}
