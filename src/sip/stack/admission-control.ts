/**
 * Overload protection for a server (the spirit of RFC 3261 §21.5.4 and RFC 7339's "reject
 * with 503 rather than collapse"): bounds on concurrent server transactions and on inbound
 * messages per second. Beyond them a new request is answered 503 with Retry-After, statelessly.
 * Work that finishes what was already admitted goes first: ACK, CANCEL and responses are never
 * shed, and requests inside a dialog only past a higher bound.
 */
import type { Clock } from '../clock.js';
import type { SipMessage } from '../message.js';
import { Method } from '../methods.js';
import { MessageRate } from './message-rate.js';

export interface AdmissionLimits {
  /** Server transactions alive at once. */
  readonly maxServerTransactions: number;
  /** Inbound messages of every kind (garbage included) per second. */
  readonly maxMessagesPerSecond: number;
  /** Requests inside a dialog are shed only beyond the limits times this factor. Default 2. */
  readonly inDialogHeadroom?: number;
  /** The Retry-After of a 503, in seconds. Default 5. */
  readonly retryAfterSeconds?: number;
}

/**
 * A completed non-INVITE server transaction lives 64·T1 (32 s) on UDP (Timer J), so the
 * transaction bound also bounds the sustained rate of new UDP requests: 50,000 / 32 s ≈ 1,500/s
 * at these defaults. Each held transaction costs a few kilobytes of heap.
 */
export const defaultAdmissionLimits: AdmissionLimits = {
  maxServerTransactions: 50_000,
  maxMessagesPerSecond: 20_000,
};

/** How a message is weighed: by how much of it finishes work already under way. */
export type TrafficClass = 'response' | 'ack' | 'cancel' | 'in-dialog' | 'new';

export type Admission =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly cause: 'transactions' | 'rate'; readonly retryAfterSeconds: number };

export function trafficClass(message: SipMessage): TrafficClass {
  if (message.kind === 'response') return 'response';
  if (message.method === Method.ACK) return 'ack';
  if (message.method === Method.CANCEL) return 'cancel';
  return message.to.params.has('tag') ? 'in-dialog' : 'new';
}

const ADMITTED: Admission = { admitted: true };

export class AdmissionControl {
  private readonly rate: MessageRate;
  private readonly headroom: number;
  readonly retryAfterSeconds: number;

  constructor(
    clock: Clock,
    private readonly limits: AdmissionLimits = defaultAdmissionLimits,
  ) {
    for (const [name, value] of Object.entries(limits)) {
      if (!(typeof value === 'number' && value > 0)) throw new RangeError(`admission limit ${name} must be a positive number, got ${value}`);
    }
    this.rate = new MessageRate(clock);
    this.headroom = limits.inDialogHeadroom ?? 2;
    this.retryAfterSeconds = Math.ceil(limits.retryAfterSeconds ?? 5);
  }

  /** Counts one inbound message; call it for everything that arrives, parsable or not. */
  countMessage(): void {
    this.rate.add();
  }

  /** Inbound messages per second, as measured now. */
  get messagesPerSecond(): number {
    return this.rate.perSecond();
  }

  /** Whether a message of `traffic` may proceed while `serverTransactions` are alive. */
  admit(traffic: TrafficClass, serverTransactions: number): Admission {
    if (traffic !== 'new' && traffic !== 'in-dialog') return ADMITTED;
    const factor = traffic === 'in-dialog' ? this.headroom : 1;
    if (serverTransactions >= this.limits.maxServerTransactions * factor) return this.refuse('transactions');
    if (this.rate.perSecond() > this.limits.maxMessagesPerSecond * factor) return this.refuse('rate');
    return ADMITTED;
  }

  private refuse(cause: 'transactions' | 'rate'): Admission {
    return { admitted: false, cause, retryAfterSeconds: this.retryAfterSeconds };
  }
}
