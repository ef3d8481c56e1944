/**
 * The UAS core's part of INVITE reliability (RFC 3261 §13.3.1.4): a 2xx to an INVITE is not
 * retransmitted by its server transaction, so the core resends it, starting after T1 and
 * doubling up to T2, until the ACK arrives, and gives up after 64·T1. The RFC does not exempt
 * reliable transports: the ACK travels end to end and a later hop may be UDP.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { SipRequest, SipResponse } from '../message.js';
import type { TimerConfig } from '../transaction/index.js';
import type { MessageSource } from '../transport/index.js';

interface Pending {
  readonly response: SipResponse;
  readonly source: MessageSource;
  readonly startedAt: number;
  interval: number;
  timer: TimerHandle;
}

export interface Invite2xxRetransmitterOptions {
  readonly clock: Clock;
  readonly timers: TimerConfig;
  /** Sends one copy of the response toward the INVITE's source. */
  readonly send: (response: SipResponse, source: MessageSource) => void;
  /** 64·T1 passed without an ACK: the session should be ended with a BYE (§13.3.1.4). */
  readonly onAckTimeout: (response: SipResponse, source: MessageSource) => void;
}

const tag = (params: ReadonlyMap<string, string | null>): string => params.get('tag') ?? '';

/** A 2xx and its ACK share Call-ID, CSeq number and both tags (§13.2.2.4, §17.1.1.3). */
const keyOf = (message: SipRequest | SipResponse): string =>
  [message.callId, message.cseq.seq, tag(message.from.params), tag(message.to.params)].join('\n');

export class Invite2xxRetransmitter {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: Invite2xxRetransmitterOptions) {}

  /** 2xx responses still waiting for their ACK. */
  get size(): number {
    return this.pending.size;
  }

  /** Starts resending `response` (already sent once); a 2xx already being resent is left as it is. */
  start(response: SipResponse, source: MessageSource): void {
    const key = keyOf(response);
    if (this.pending.has(key)) return;
    const { t1 } = this.options.timers;
    const entry: Pending = { response, source, startedAt: this.options.clock.now(), interval: t1, timer: this.schedule(key, t1) };
    this.pending.set(key, entry);
  }

  /** Stops resending the 2xx this ACK acknowledges; false when none was pending. */
  acknowledge(ack: SipRequest): boolean {
    const key = keyOf(ack);
    const entry = this.pending.get(key);
    if (!entry) return false;
    entry.timer.cancel();
    this.pending.delete(key);
    return true;
  }

  stopAll(): void {
    for (const entry of this.pending.values()) entry.timer.cancel();
    this.pending.clear();
  }

  private schedule(key: string, ms: number): TimerHandle {
    return this.options.clock.setTimer(ms, () => this.fire(key));
  }

  private fire(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    const { clock, timers } = this.options;
    const remaining = entry.startedAt + 64 * timers.t1 - clock.now();
    if (remaining <= 0) {
      this.pending.delete(key);
      this.options.onAckTimeout(entry.response, entry.source);
      return;
    }
    this.options.send(entry.response, entry.source);
    entry.interval = Math.min(2 * entry.interval, timers.t2);
    entry.timer = this.schedule(key, Math.min(entry.interval, remaining));
  }
}
