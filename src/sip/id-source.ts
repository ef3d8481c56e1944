import { randomFillSync } from 'node:crypto';

/**
 * Where identifiers come from (branch tokens, tags): a fresh token on every call, unguessable in
 * production (RFC 3261 §8.1.1.7 and §19.3 want branches and tags unique and random).
 */
export type IdSource = () => string;

const ID_BYTES = 12;
/** Random bytes are drawn from the CSPRNG in blocks: one system call per 512 ids, not one per id. */
const POOL = Buffer.alloc(ID_BYTES * 512);
let offset = POOL.length;

/** 96 random bits, base64url: 16 characters that are valid in a token, a tag and a branch. */
export const randomIds: IdSource = () => {
  if (offset + ID_BYTES > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const id = POOL.toString('base64url', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
};

/** `prefix1`, `prefix2` … for tests that want to read identifiers. */
export function sequentialIds(prefix = 'id'): IdSource {
  let next = 0;
  return () => `${prefix}${++next}`;
}
