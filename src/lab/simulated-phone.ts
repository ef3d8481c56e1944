/**
 * A phone in the simulated network (a subscriber, or the PSAP behind 110/112): it is shown the
 * call as the network presents it, rings, then answers with PCMU and exchanges RTP with the
 * caller, or is busy (486) or unavailable (480), or rings until the caller gives up. What it
 * was shown is kept as a {@link ReceivedCall}.
 */
import { isIPv6 } from 'node:net';
import { RtpEndpoint, mediaAddress, sdpAnswer } from '../media/index.js';
import { Status, noParams, serializeMessage } from '../sip/index.js';
import type { StatusCode, TimerHandle } from '../sip/index.js';
import type { CalledParty, CallingParty } from './call-party.js';
import type { CarrierContext } from './carrier-context.js';
import { networkInvite } from './network-call.js';
import type { NetworkCall } from './network-call.js';

export interface SubscriberBehaviour {
  readonly answer?: 'answer' | 'busy' | 'no-answer' | 'unavailable';
  /** How long it rings before answering; 50 ms unless given. */
  readonly ringMs?: number;
}

/** A call that reached a simulated phone, as the phone saw it. */
export interface ReceivedCall {
  /** The From header it was shown. */
  readonly from: string;
  /** The caller's number on its display; null when withheld. */
  readonly shownNumber: string | null;
  /** The network number (P-Asserted-Identity). */
  readonly npn: string | null;
  readonly anonymous: boolean;
  /** Diversion header values, top first. */
  readonly diversion: readonly string[];
  /** History-Info header values in index order. */
  readonly historyInfo: readonly string[];
  /** The trunk the call entered the network on; null for a call from elsewhere in the network. */
  readonly viaTrunk: string | null;
  readonly answered: boolean;
  /** RTP packets the phone received from the caller (so far, while the call lasts). */
  readonly rtpReceived: number;
  /** The INVITE as the network presented it to the phone. */
  readonly invite: string;
}

const DEFAULT_RING_MS = 50;

type PhoneState = 'ringing' | 'answering' | 'answered' | 'over';

export class SimulatedPhone implements CalledParty {
  private state: PhoneState = 'ringing';
  private readonly invite: string;
  private readonly from: string;
  private endpoint: RtpEndpoint | undefined;
  private wasAnswered = false;
  private ringTimer: TimerHandle | undefined;

  constructor(
    private readonly context: CarrierContext,
    private readonly call: NetworkCall,
    private readonly offer: Buffer,
    private readonly caller: CallingParty,
    behaviour: SubscriberBehaviour,
  ) {
    const { ids, domain, stack } = context;
    const request = networkInvite({
      call,
      uri: { kind: 'sip', scheme: 'sip', user: call.called, host: domain, params: new Map([['user', 'phone']]), headers: [] },
      domain,
      callId: ids(),
      fromTag: ids(),
      contact: { uri: stack.contactUri('udp'), params: noParams },
      sdp: offer,
      trusted: true,
    });
    this.invite = serializeMessage(request).toString('utf8');
    this.from = request.headers.find((h) => h.name === 'From')?.value ?? '';
    switch (behaviour.answer ?? 'answer') {
      case 'busy':
        this.finish(Status.BusyHere);
        return;
      case 'unavailable':
        this.finish(Status.TemporarilyUnavailable);
        return;
      case 'no-answer':
        caller.ringing();
        return;
      case 'answer':
        caller.ringing();
        this.ringTimer = context.clock.setTimer(behaviour.ringMs ?? DEFAULT_RING_MS, () => {
          this.answer().catch((error: unknown) => {
            context.log(`phone ${call.called} cannot answer: ${String(error)}`);
            if (this.state === 'answering') this.finish(Status.ServerInternalError);
          });
        });
    }
  }

  get received(): ReceivedCall {
    const { caller, redirection, viaTrunk } = this.call;
    return {
      from: this.from,
      shownNumber: caller.shown,
      npn: caller.npn,
      anonymous: caller.anonymous,
      diversion: redirection.diversion,
      historyInfo: redirection.historyInfo,
      viaTrunk,
      answered: this.wasAnswered,
      rtpReceived: this.endpoint?.stats.received ?? 0,
      invite: this.invite,
    };
  }

  cancel(): void {
    if (this.state !== 'ringing' && this.state !== 'answering') return;
    this.ringTimer?.cancel();
    this.finish(Status.RequestTerminated);
  }

  hangUp(): void {
    if (this.state !== 'answered') return;
    this.state = 'over';
    void this.close();
  }

  /** The carrier stops. */
  abort(): void {
    this.ringTimer?.cancel();
    this.state = 'over';
    void this.close();
  }

  private async answer(): Promise<void> {
    this.state = 'answering';
    const remote = mediaAddress(this.offer.toString('utf8'));
    const endpoint = await RtpEndpoint.open({ host: remote && isIPv6(remote.host) ? '::1' : '127.0.0.1', clock: this.context.clock });
    this.endpoint = endpoint;
    this.context.open.add(endpoint);
    // the caller may have given up while the port was being opened
    if (this.state !== 'answering') {
      await this.close();
      return;
    }
    const answer = sdpAnswer(this.offer.toString('utf8'), endpoint.local);
    if (!answer.ok) {
      this.context.log(`phone ${this.call.called}: ${answer.reason}`);
      await this.close();
      this.finish(Status.NotAcceptableHere);
      return;
    }
    this.state = 'answered';
    this.wasAnswered = true;
    const sending = endpoint.startSending(answer.remote);
    if (!sending.ok) this.context.log(`phone ${this.call.called} sends no audio: ${sending.reason}`);
    this.caller.answered(Buffer.from(answer.sdp));
  }

  private finish(status: StatusCode): void {
    this.state = 'over';
    this.caller.failed(status);
  }

  private async close(): Promise<void> {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    this.context.open.delete(endpoint);
    await endpoint.close();
  }
}
