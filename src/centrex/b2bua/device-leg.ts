/**
 * One branch toward one of the callee's devices: a single INVITE to the device's registered
 * Contact, through its Path, sent to the address its REGISTER came from.
 */
import { Status, noParams } from '../../sip/index.js';
import type { NameAddr, SipResponse } from '../../sip/index.js';
import type { CalleeLeg, CalleeLegEvents } from './callee-leg.js';
import type { DialogChannel, RelayedContent } from './dialog-channel.js';
import { InviteAttempt } from './invite-attempt.js';
import type { AttemptEnvironment } from './invite-attempt.js';
import { deviceAddress } from './outbound-invite.js';
import type { OutboundCall } from './outbound-invite.js';
import { bindingTarget } from '../registrar/index.js';
import type { Binding } from '../registrar/index.js';

/** A leg that answered or failed reports nothing more. */
const SETTLED: CalleeLegEvents = { onProgress: () => undefined, onAnswer: () => undefined, onFailure: () => undefined };

export class DeviceLeg implements CalleeLeg {
  readonly callId: string;
  readonly localTag: string;
  private attempt: InviteAttempt | undefined;
  /** What the INVITE is made of, until it is sent. */
  private call: OutboundCall | undefined;
  /** Who hears of the leg, until it has answered or failed: from then on the leg no longer holds the fork. */
  private events: CalleeLegEvents;

  constructor(
    readonly binding: Binding,
    call: OutboundCall,
    private readonly env: AttemptEnvironment,
    events: CalleeLegEvents,
  ) {
    this.callId = env.ids();
    this.localTag = env.ids();
    this.call = call;
    this.events = events;
  }

  get channel(): DialogChannel | undefined {
    return this.attempt?.channel;
  }

  start(): void {
    const { call } = this;
    if (!call) return;
    this.call = undefined;
    const address = deviceAddress(this.binding);
    if (!address) {
      this.settle().onFailure(this, { status: Status.TemporarilyUnavailable });
      return;
    }
    const target = bindingTarget(this.binding);
    const contact: NameAddr = { uri: this.env.stack.contactUri(target.protocol), params: noParams };
    this.attempt = new InviteAttempt(
      {
        uri: address.uri,
        route: address.route,
        from: { ...call.from, params: new Map([['tag', this.localTag]]) },
        to: call.to,
        callId: this.callId,
        cseq: 1,
        maxForwards: call.maxForwards,
        contacts: [contact],
        headers: call.headers,
        body: call.body,
        ...(call.contentType ? { contentType: call.contentType } : {}),
      },
      target,
      this.env,
      {
        onProgress: (response) => this.events.onProgress(this, response),
        onAnswer: (response) => this.settle().onAnswer(this, response),
        onFailure: (failure) => this.settle().onFailure(this, failure),
      },
    );
    this.attempt.start();
  }

  abandon(reason?: string): void {
    this.attempt?.abandon(reason);
  }

  acknowledge(content: RelayedContent): void {
    this.attempt?.acknowledge(content);
  }

  receiveStray(response: SipResponse): void {
    this.attempt?.receiveStray(response);
  }

  hangUp(reason?: string): void {
    this.attempt?.hangUp(reason);
  }

  end(): void {
    this.call = undefined;
    this.attempt?.release();
  }

  private settle(): CalleeLegEvents {
    const { events } = this;
    this.events = SETTLED;
    return events;
  }
}
