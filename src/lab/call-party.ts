/**
 * A call through the simulated network joins a calling side (a trunk's INVITE, or a caller the
 * network simulates) and a called side (a simulated phone, the PSAP, or an INVITE to a trunk).
 * Each side drives the other only through these two small interfaces.
 */
import type { StatusCode } from '../sip/index.js';

/** What the called side reports to the calling side. */
export interface CallingParty {
  /** The called side rings (180). */
  ringing(): void;
  /** The called side answered with this session description. */
  answered(sdp: Buffer): void;
  /** The call failed with this final status (486, 480, 487 after a cancel, 404 …). */
  failed(status: StatusCode): void;
  /** The called side hung up an answered call. */
  ended(): void;
}

/** What the calling side asks of the called side. */
export interface CalledParty {
  /** Give up before the answer (CANCEL); the called side reports `failed(487)`. */
  cancel(): void;
  /** Hang up an answered call (BYE). */
  hangUp(): void;
}
