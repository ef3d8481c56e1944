import { randomFillSync } from 'node:crypto';

/**
 * Where identifiers come from (branch tokens, tags): a fresh token on every call, unguessable in
 * production (RFC 3261 §8.1.1.7 and §19.3 want branches and tags unique and random).
 */
export type IdSource = () => string;

const ID_BYTES = 12;
/** Random bytes are drawn from the CSPRNG in blocks: one call per 512 ids, not one per id. */
const POOL = Buffer.alloc(ID_BYTES * 512);
let offset = POOL.length;

/** Where the next `size` unused random bytes of the pool start (refilled when too few are left). */
function take(size: number): number {
  if (!Number.isInteger(size) || size < 0 || size > POOL.length) throw new RangeError(`cannot draw ${size} random bytes from a pool of ${POOL.length}`);
  if (offset + size > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const start = offset;
  offset += size;
  return start;
}

/** 96 random bits, base64url: 16 characters that are valid in a token, a tag and a branch. */
export const randomIds: IdSource = () => {
  const start = take(ID_BYTES);
  return POOL.toString('base64url', start, start + ID_BYTES);
};

/** `size` (at most 6,144) fresh random bytes from the same pool, in a buffer of their own: `randomBytes` without a call per draw. */
export const pooledRandomBytes = (size: number): Uint8Array => {
  const start = take(size);
  return Buffer.from(POOL.subarray(start, start + size));
};

/** `prefix1`, `prefix2` … for tests that want to read identifiers. */
export function sequentialIds(prefix = 'id'): IdSource {
  let next = 0;
  return () => `${prefix}${++next}`;
}
