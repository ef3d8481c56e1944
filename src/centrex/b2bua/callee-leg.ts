/**
 * A branch of a ringing attempt as the fork and the call see it, whatever it rings: a device of
 * the callee (`DeviceLeg`) or an external number over the tenant's trunks (`TrunkLeg`).
 */
import type { SipResponse } from '../../sip/index.js';
import type { DialogChannel, RelayedContent } from './dialog-channel.js';
import type { BranchOutcome } from './final-response.js';

export interface CalleeLegEvents {
  readonly onProgress: (leg: CalleeLeg, response: SipResponse) => void;
  readonly onAnswer: (leg: CalleeLeg, response: SipResponse) => void;
  readonly onFailure: (leg: CalleeLeg, outcome: BranchOutcome) => void;
}

export interface CalleeLeg {
  /** Call-ID and our tag of the INVITE that answered (or is being tried). */
  readonly callId: string;
  readonly localTag: string;
  /** The callee's dialog once the leg answered. */
  readonly channel: DialogChannel | undefined;
  start(): void;
  /** Gives the leg up: CANCEL while it rings, ACK and BYE should it answer anyway. */
  abandon(reason?: string): void;
  /** The end-to-end ACK for the 2xx that answered, with the caller's ACK content. */
  acknowledge(content: RelayedContent): void;
  /** A 2xx for this leg that no transaction took any more. */
  receiveStray(response: SipResponse): void;
  /** Sends BYE in the answered dialog. */
  hangUp(reason?: string): void;
  /** The call is over: lets go of what the leg holds (a trunk's call slot). */
  end(): void;
}

/** Builds a leg once the fork knows where its events go. */
export type LegFactory = (events: CalleeLegEvents) => CalleeLeg;
