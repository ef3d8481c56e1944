/**
 * A caller elsewhere in the network (`SimulatedCarrier.call`): it offers PCMU from an RTP
 * endpoint of its own, sends audio once answered, hangs up after `holdMs`, and gives up (CANCEL)
 * after `ringTimeoutMs` of ringing.
 */
import { RtpEndpoint, mediaAddress, sdpOffer } from '../media/index.js';
import { Status } from '../sip/index.js';
import type { StatusCode, TimerHandle } from '../sip/index.js';
import type { CalledParty, CallingParty } from './call-party.js';
import type { CarrierContext } from './carrier-context.js';

export interface NetworkCallResult {
  /** The final status the caller got: 200 when answered. */
  readonly status: number;
  readonly answered: boolean;
  readonly rtpSent: number;
  readonly rtpReceived: number;
}

export interface NetworkCallOptions {
  /** How long the answered call lasts; 300 ms unless given. */
  readonly holdMs?: number;
  /** How long the caller lets it ring before giving up (CANCEL); 10 s unless given. */
  readonly ringTimeoutMs?: number;
}

export const DEFAULT_HOLD_MS = 300;
export const DEFAULT_RING_TIMEOUT_MS = 10_000;
/** Packets still in flight when the call ends are counted for this long. */
const DRAIN_MS = 40;

export class NetworkCaller implements CallingParty {
  private called: CalledParty | undefined;
  private timer: TimerHandle | undefined;
  private status: StatusCode | undefined;
  private done = false;
  private readonly result: Promise<NetworkCallResult>;
  private resolve: (result: NetworkCallResult) => void = () => undefined;

  private constructor(
    private readonly context: CarrierContext,
    private readonly endpoint: RtpEndpoint,
    private readonly options: NetworkCallOptions,
  ) {
    this.result = new Promise((resolve) => (this.resolve = resolve));
  }

  /** Places the call: `connect` routes the offer to the called side. */
  static async place(
    context: CarrierContext,
    host: '127.0.0.1' | '::1',
    options: NetworkCallOptions,
    connect: (offer: Buffer, caller: CallingParty) => CalledParty,
  ): Promise<NetworkCallResult> {
    const endpoint = await RtpEndpoint.open({ host, clock: context.clock });
    const caller = new NetworkCaller(context, endpoint, options);
    context.open.add(caller);
    caller.timer = context.clock.setTimer(options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS, () => caller.called?.cancel());
    const called = connect(Buffer.from(sdpOffer(endpoint.local)), caller);
    if (!caller.done) caller.called = called;
    return caller.result;
  }

  ringing(): void {}

  answered(sdp: Buffer): void {
    if (this.done) return;
    this.timer?.cancel();
    this.status = Status.OK;
    const remote = mediaAddress(sdp.toString('utf8'));
    const sending = remote ? this.endpoint.startSending(remote) : { ok: false as const, reason: 'the answer has no audio address' };
    if (!sending.ok) this.context.log(`network caller sends no audio: ${sending.reason}`);
    this.timer = this.context.clock.setTimer(this.options.holdMs ?? DEFAULT_HOLD_MS, () => {
      this.called?.hangUp();
      void this.finish(DRAIN_MS);
    });
  }

  failed(status: StatusCode): void {
    if (this.done || this.status !== undefined) return;
    this.status = status;
    void this.finish(0);
  }

  ended(): void {
    void this.finish(DRAIN_MS);
  }

  /** The carrier stops: the call ends where it is. */
  close(): Promise<void> {
    return this.finish(0);
  }

  private async finish(drainMs: number): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.timer?.cancel();
    this.endpoint.stopSending();
    if (drainMs > 0) await new Promise<void>((resolve) => this.context.clock.setTimer(drainMs, resolve));
    const stats = this.endpoint.stats;
    this.context.open.delete(this);
    await this.endpoint.close();
    const status = this.status ?? Status.RequestTerminated;
    this.resolve({ status, answered: status === Status.OK, rtpSent: stats.sent, rtpReceived: stats.received });
  }
}
