/**
 * Self-verifying nonces: a server keeps no state per challenge. A nonce is
 * `base64url(issued-at ‖ random ‖ HMAC-SHA-256(secret, issued-at ‖ random ‖ realm))`, so it
 * proves it was issued by a holder of the secret, for that realm, at that time (RFC 7616 §3.3
 * suggests exactly this shape). Nodes sharing the secret accept each other's nonces.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { pooledRandomBytes } from '../id-source.js';

const TIME_BYTES = 6; // milliseconds since the epoch fit in 48 bits until the year 10889
const RANDOM_BYTES = 9; // keeps two challenges issued in the same millisecond apart
const MAC_BYTES = 18;
const NONCE_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;
const NONCE_LENGTH = (NONCE_BYTES / 3) * 4; // base64url without padding
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Shortest secret accepted, in bytes. */
export const NONCE_SECRET_MIN_BYTES = 16;

export class NonceSigner {
  /** The secret as a key object: imported once, not on every MAC. */
  private readonly key: KeyObject;

  constructor(
    secret: string | Uint8Array,
    private readonly randomBytes: (size: number) => Uint8Array = pooledRandomBytes,
  ) {
    const bytes = Buffer.from(secret);
    if (bytes.length < NONCE_SECRET_MIN_BYTES) throw new Error(`nonce secret must have at least ${NONCE_SECRET_MIN_BYTES} bytes`);
    this.key = createSecretKey(bytes);
  }

  /** A fresh nonce for `realm`, stamped with `issuedAt` (ms since the epoch). */
  issue(realm: string, issuedAt: number): string {
    const body = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
    body.writeUIntBE(Math.max(0, Math.floor(issuedAt)), 0, TIME_BYTES);
    body.set(this.randomBytes(RANDOM_BYTES).subarray(0, RANDOM_BYTES), TIME_BYTES);
    return Buffer.concat([body, this.mac(body, realm)]).toString('base64url');
  }

  /** When `nonce` was issued for `realm`, or undefined if this signer did not issue it for that realm. */
  open(nonce: string, realm: string): number | undefined {
    if (nonce.length !== NONCE_LENGTH || !BASE64URL.test(nonce)) return undefined;
    const bytes = Buffer.from(nonce, 'base64url');
    const body = bytes.subarray(0, TIME_BYTES + RANDOM_BYTES);
    if (!timingSafeEqual(bytes.subarray(TIME_BYTES + RANDOM_BYTES), this.mac(body, realm))) return undefined;
    return body.readUIntBE(0, TIME_BYTES);
  }

  private mac(body: Uint8Array, realm: string): Buffer {
    return createHmac('sha256', this.key).update(body).update(realm, 'utf8').digest().subarray(0, MAC_BYTES);
  }
}
