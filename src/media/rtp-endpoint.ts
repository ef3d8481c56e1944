/**
 * One end of an audio stream for test calls: a UDP socket on loopback that sends PCMU (payload
 * type 0) in 20 ms frames of 160 samples with proper RTP headers (RFC 3550 §5.1: version 2,
 * random initial sequence number and timestamp, sequence +1 and timestamp +160 per packet, one
 * random SSRC, marker on the first packet) and counts what it receives, checking each packet's
 * header. It sends only to loopback addresses; anything else is refused.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { isLoopbackAddress } from './loopback-address.js';
import type { MediaAddress } from './media-address.js';
import { PayloadType, encodeRtpPacket, parseRtpPacket } from './rtp-packet.js';

/** The timer source the endpoint paces its packets with (a SIP `Clock` fits). */
export interface MediaClock {
  now(): number;
  setTimer(ms: number, fn: () => void): { cancel(): void };
}

export interface RtpEndpointOptions {
  readonly host: '127.0.0.1' | '::1';
  readonly clock: MediaClock;
}

export interface RtpStats {
  readonly sent: number;
  /** Packets that passed the header checks. */
  readonly received: number;
  /** Datagrams that were not RTP version 2 with payload type 0. */
  readonly invalid: number;
  /** Valid packets whose sequence number or timestamp did not follow the previous one of their SSRC. */
  readonly outOfSequence: number;
}

export type SendOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** 20 ms of 8 kHz audio. */
export const SAMPLES_PER_FRAME = 160;
export const FRAME_INTERVAL_MS = 20;
/** µ-law silence (RFC 3551 §4.5.14: 0xFF encodes zero). */
const PCMU_SILENCE = Buffer.alloc(SAMPLES_PER_FRAME, 0xff);

const random32 = (): number => randomBytes(4).readUInt32BE(0);

interface Sending {
  readonly remote: MediaAddress;
  readonly startedAt: number;
  timer: { cancel(): void } | undefined;
}

export class RtpEndpoint {
  private readonly ssrc = random32();
  private sequence = random32() & 0xffff;
  private timestamp = random32();
  private sending: Sending | undefined;
  private closed = false;
  private counts = { sent: 0, received: 0, invalid: 0, outOfSequence: 0 };
  /** Last sequence number and timestamp seen per SSRC. */
  private readonly last = new Map<number, { readonly sequence: number; readonly timestamp: number }>();

  private constructor(
    private readonly socket: Socket,
    readonly local: MediaAddress,
    private readonly clock: MediaClock,
  ) {
    socket.on('message', (data) => this.receive(data));
    // a send to a closed port reports ICMP errors on some systems: the stream just goes on
    socket.on('error', () => undefined);
  }

  /** Binds an ephemeral UDP port on `host`. */
  static async open(options: RtpEndpointOptions): Promise<RtpEndpoint> {
    if (!isLoopbackAddress(options.host)) throw new RangeError(`media binds to loopback only, not ${options.host}`);
    const socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new RtpEndpoint(socket, { host: options.host, port: socket.address().port }, options.clock);
  }

  get stats(): RtpStats {
    return { ...this.counts };
  }

  /** Starts a packet every 20 ms toward `remote` (replacing any previous destination). */
  startSending(remote: MediaAddress): SendOutcome {
    if (this.closed) return { ok: false, reason: 'the endpoint is closed' };
    if (!isLoopbackAddress(remote.host)) return { ok: false, reason: `${remote.host} is not a loopback address` };
    if (isIPv6(remote.host.replace(/^\[|\]$/g, '')) !== isIPv6(this.local.host)) {
      return { ok: false, reason: `${remote.host} is not reachable from ${this.local.host}` };
    }
    if (!Number.isInteger(remote.port) || remote.port <= 0 || remote.port > 65535) return { ok: false, reason: `port ${remote.port}` };
    this.stopSending();
    const sending: Sending = { remote, startedAt: this.clock.now(), timer: undefined };
    this.sending = sending;
    this.sendFrame(sending, 0);
    return { ok: true };
  }

  stopSending(): void {
    this.sending?.timer?.cancel();
    this.sending = undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopSending();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private sendFrame(sending: Sending, frame: number): void {
    if (this.sending !== sending) return;
    const packet = encodeRtpPacket(
      { marker: frame === 0, payloadType: PayloadType.PCMU, sequence: this.sequence, timestamp: this.timestamp, ssrc: this.ssrc },
      PCMU_SILENCE,
    );
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + SAMPLES_PER_FRAME) >>> 0;
    this.counts.sent++;
    this.socket.send(packet, sending.remote.port, sending.remote.host.replace(/^\[|\]$/g, ''));
    // paced from the start, so a late timer does not push every later packet back
    const due = sending.startedAt + (frame + 1) * FRAME_INTERVAL_MS;
    sending.timer = this.clock.setTimer(Math.max(0, due - this.clock.now()), () => this.sendFrame(sending, frame + 1));
  }

  private receive(data: Buffer): void {
    const parsed = parseRtpPacket(data);
    if (!parsed.ok || parsed.header.payloadType !== PayloadType.PCMU) {
      this.counts.invalid++;
      return;
    }
    const { ssrc, sequence, timestamp } = parsed.header;
    const previous = this.last.get(ssrc);
    if (previous) {
      const step = (sequence - previous.sequence) & 0xffff;
      const expected = (previous.timestamp + step * SAMPLES_PER_FRAME) >>> 0;
      if (step !== 1 || timestamp !== expected) this.counts.outOfSequence++;
    }
    this.last.set(ssrc, { sequence, timestamp });
    this.counts.received++;
  }
}
