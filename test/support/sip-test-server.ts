/**
 * A SIP peer for interop and robustness tests, built on the library only: a `SipStack` on UDP
 * and TCP (loopback, ephemeral ports) answering OPTIONS (200 with Allow/Accept/Supported),
 * REGISTER (Digest challenge, then 200 listing the bindings), INVITE (100/180/200 with SDP, or
 * ringing until CANCEL for the users in `neverAnswer`), ACK and BYE. CANCEL is answered by the
 * stack (200 and 487). It counts what it handled, so a test can tell a retransmission that was
 * absorbed from a request that reached the application twice.
 */
import {
  Method, SipStack, Status, SystemClock, TcpTransport, UdpTransport, createResponse, randomIds, tagOf,
} from '../../src/sip/index.js';
import type {
  AdmissionLimits, Clock, ServerTransaction, SipRequest, StackEvent, TimerConfig, TimerHandle, TransportAddress,
} from '../../src/sip/index.js';
import { TestRegistrar } from './sip-test-registrar.js';
import { sdpFor } from './sip-test-sdp.js';

export interface SipTestServerOptions {
  readonly host?: string;
  readonly clock?: Clock;
  /** username → password for REGISTER. */
  readonly users?: Readonly<Record<string, string>>;
  readonly realm?: string;
  /** ms from the INVITE to 180 Ringing, and from 180 to 200 OK. */
  readonly ringAfterMs?: number;
  readonly answerAfterMs?: number;
  /** Request-URI users whose INVITE rings until it is cancelled. */
  readonly neverAnswer?: readonly string[];
  readonly admission?: AdmissionLimits;
  readonly timers?: TimerConfig;
  readonly recvBufferSize?: number;
  readonly onEvent?: (event: StackEvent) => void;
}

/** What reached the application (retransmissions absorbed below it are not counted). */
export interface TestServerCounts {
  options: number;
  register: number;
  invite: number;
  ack: number;
  bye: number;
  cancel: number;
  ackTimeouts: number;
}

export const ALLOW = [Method.INVITE, Method.ACK, Method.CANCEL, Method.BYE, Method.OPTIONS, Method.REGISTER].join(', ');

export class SipTestServer {
  readonly counts: TestServerCounts = { options: 0, register: 0, invite: 0, ack: 0, bye: 0, cancel: 0, ackTimeouts: 0 };
  private readonly ids = randomIds;
  private readonly registrar: TestRegistrar;
  /** Calls answered and not yet ended: Call-ID → our To tag. */
  private readonly calls = new Map<string, string>();
  private readonly ringing = new Map<ServerTransaction, TimerHandle[]>();
  private sessions = 0;

  readonly stack: SipStack;

  private constructor(
    private readonly clock: Clock,
    private readonly options: SipTestServerOptions,
  ) {
    const host = options.host ?? '127.0.0.1';
    this.registrar = new TestRegistrar({
      clock,
      realm: options.realm ?? 'belay.test',
      users: new Map(Object.entries(options.users ?? {})),
      toTag: this.ids,
    });
    this.stack = new SipStack({
      transports: [
        (handlers) => UdpTransport.listen({ host, port: 0, ...handlers, ...(options.recvBufferSize ? { recvBufferSize: options.recvBufferSize } : {}) }),
        (handlers) => TcpTransport.listen({ host, port: 0, clock, ...handlers }),
      ],
      clock,
      ids: randomIds,
      ...(options.admission ? { admission: options.admission } : {}),
      ...(options.timers ? { timers: options.timers } : {}),
      delegate: {
        onRequest: (transaction, request) => this.handle(transaction, request),
        onAck: () => this.counts.ack++,
        onCancel: (invite) => this.cancelled(invite),
        onAckTimeout: () => this.counts.ackTimeouts++,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      },
    });
  }

  static async start(options: SipTestServerOptions = {}): Promise<SipTestServer> {
    const server = new SipTestServer(options.clock ?? new SystemClock(), options);
    await server.stack.start();
    return server;
  }

  /** Where SIPp or a flood client should send, per transport. */
  address(protocol: 'udp' | 'tcp'): TransportAddress {
    const transport = this.stack.listening.find((t) => t.protocol === protocol);
    if (!transport) throw new Error(`the test server has no ${protocol} transport`);
    return { host: transport.host, port: transport.port };
  }

  contactsOf(aor: string) {
    return this.registrar.contactsOf(aor);
  }

  async stop(): Promise<void> {
    for (const timers of this.ringing.values()) for (const timer of timers) timer.cancel();
    this.ringing.clear();
    await this.stack.stop();
  }

  private handle(transaction: ServerTransaction, request: SipRequest): void {
    switch (request.method) {
      case Method.OPTIONS:
        this.counts.options++;
        transaction.respond(
          createResponse(request, Status.OK, {
            toTag: this.ids(),
            headers: [
              { name: 'Allow', value: ALLOW },
              { name: 'Accept', value: 'application/sdp' },
              { name: 'Supported', value: '' },
            ],
          }),
        );
        return;
      case Method.REGISTER:
        this.counts.register++;
        transaction.respond(this.registrar.register(request));
        return;
      case Method.INVITE:
        this.counts.invite++;
        this.invite(transaction, request);
        return;
      case Method.BYE: {
        this.counts.bye++;
        const known = this.calls.get(request.callId) === tagOf(request.to);
        if (known) this.calls.delete(request.callId);
        transaction.respond(createResponse(request, known ? Status.OK : Status.CallOrTransactionDoesNotExist, { toTag: this.ids() }));
        return;
      }
      default:
        transaction.respond(createResponse(request, Status.MethodNotAllowed, { toTag: this.ids(), headers: [{ name: 'Allow', value: ALLOW }] }));
    }
  }

  /** 180 after `ringAfterMs`, then 200 with SDP after `answerAfterMs` more, unless the callee never answers. */
  private invite(transaction: ServerTransaction, request: SipRequest): void {
    const toTag = this.ids();
    const user = request.uri.kind === 'sip' ? request.uri.user : undefined;
    const answers = user === undefined || !(this.options.neverAnswer ?? []).includes(user);
    const timers: TimerHandle[] = [];
    this.ringing.set(transaction, timers);
    const ring = (): void => {
      transaction.respond(createResponse(request, Status.Ringing, { toTag }));
      if (answers) timers.push(this.clock.setTimer(this.options.answerAfterMs ?? 0, answer));
    };
    const answer = (): void => {
      this.ringing.delete(transaction);
      const local = this.stack.sentBy(transaction.source.protocol);
      const sdp = sdpFor(request.body, local.host, 40_000, ++this.sessions);
      if (!sdp) {
        transaction.respond(createResponse(request, Status.NotAcceptableHere, { toTag }));
        return;
      }
      this.calls.set(request.callId, toTag);
      const contact = { uri: this.stack.contactUri(transaction.source.protocol, user), params: new Map() };
      const contentType = { type: 'application', subtype: 'sdp', params: new Map() };
      transaction.respond(createResponse(request, Status.OK, { toTag, contacts: [contact], body: sdp, contentType }));
    };
    timers.push(this.clock.setTimer(this.options.ringAfterMs ?? 0, ring));
  }

  private cancelled(invite: ServerTransaction): void {
    this.counts.cancel++;
    for (const timer of this.ringing.get(invite) ?? []) timer.cancel();
    this.ringing.delete(invite);
  }
}
