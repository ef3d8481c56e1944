/**
 * A German telephone network on loopback for tests and the lab: number ranges held by providers
 * with a porting table, customer trunks (register-mode with Digest, or ip-mode recognised by
 * source) screened the way German carriers screen CLIP no screening, an old provider that
 * forwards numbers with Diversion and/or History-Info, simulated subscribers and a PSAP that
 * answer with RTP and record what they were shown, and callers elsewhere in the network. It is a
 * SIP peer of its own (one UDP and one TCP listener on the same port), built on the SIP library
 * only: it knows nothing of belay.
 */
import { randomBytes } from 'node:crypto';
import {
  DigestServer, Method, SipStack, Status, SystemClock, TcpTransport, UdpTransport, createResponse, randomIds, tagOf,
} from '../sip/index.js';
import type { Clock, ServerTransaction, SipRequest, StackEvent, StatusCode } from '../sip/index.js';
import type { CalledParty, CallingParty } from './call-party.js';
import type { CarrierContext, DialogHandler } from './carrier-context.js';
import { CarrierDirectory } from './carrier-directory.js';
import { readCarrierNumber, uriNumber } from './carrier-number.js';
import type { CarrierTrunk } from './carrier-trunk.js';
import { IncomingTrunkCall } from './incoming-trunk-call.js';
import { ALLOW, dialogKey } from './lab-dialog.js';
import { NetworkCaller } from './network-caller.js';
import type { NetworkCallOptions, NetworkCallResult } from './network-caller.js';
import { NetworkRouter } from './network-router.js';
import { NO_REDIRECTION, redirectionOf } from './redirection.js';
import type { ForwardingStyle } from './redirection.js';
import { screenTrunkCall } from './screen-trunk-call.js';
import type { ReceivedCall, SubscriberBehaviour } from './simulated-phone.js';
import { TrunkAccess } from './trunk-access.js';
import { TrunkRegistrar } from './trunk-registrar.js';

export interface SimulatedCarrierOptions {
  readonly host?: '127.0.0.1' | '::1';
  /** Real time unless given; RTP is paced by it too. */
  readonly clock?: Clock;
  /** The network's routing decisions and refusals, a line each. */
  readonly log?: (line: string) => void;
  /** The SIP domain the network writes in number URIs and challenges with (the Digest realm); its address unless given. */
  readonly domain?: string;
}

export interface CallOptions extends NetworkCallOptions {
  /** The caller withholds their number (CLIR): the network still knows it. */
  readonly withheld?: boolean;
}

/** Binding UDP and TCP on one port may collide with another process; so many tries. */
const BIND_ATTEMPTS = 5;
/** BYEs sent while stopping get this long to leave. */
const STOP_GRACE_MS = 50;

export class SimulatedCarrier {
  private readonly directory = new CarrierDirectory();
  private readonly registrar: TrunkRegistrar;
  private readonly router: NetworkRouter;
  private readonly access: TrunkAccess;
  /** INVITEs from trunks still waiting for their final response, for CANCEL. */
  private readonly pending = new WeakMap<ServerTransaction, IncomingTrunkCall>();
  private readonly context: CarrierContext;
  private readonly stack: SipStack;

  private constructor(
    private readonly host: '127.0.0.1' | '::1',
    options: SimulatedCarrierOptions,
  ) {
    const clock = options.clock ?? new SystemClock();
    const log = options.log ?? (() => undefined);
    const domain = options.domain ?? (host === '::1' ? '[::1]' : host);
    let udpPort = 0;
    this.stack = new SipStack({
      transports: [
        async (handlers) => {
          const udp = await UdpTransport.listen({ host, port: 0, ...handlers });
          udpPort = udp.local.port;
          return udp;
        },
        (handlers) => TcpTransport.listen({ host, port: udpPort, clock, ...handlers }),
      ],
      clock,
      ids: randomIds,
      delegate: {
        onRequest: (transaction, request) => this.request(transaction, request),
        onCancel: (invite) => this.pending.get(invite)?.cancelled(),
        onAckTimeout: (response) => this.context.dialogs.get(dialogKey(response.callId, tagOf(response.to) ?? ''))?.unacknowledged?.(),
        onStrayResponse: (response) => this.context.dialogs.get(dialogKey(response.callId, tagOf(response.from) ?? ''))?.stray?.(response),
        onEvent: (event) => this.event(event),
      },
    });
    this.context = { stack: this.stack, clock, ids: randomIds, domain, dialogs: new Map(), open: new Set(), log };
    const digest = new DigestServer({ clock, secret: randomBytes(32), algorithms: ['MD5'] });
    this.access = new TrunkAccess({ directory: this.directory, digest, realm: domain, ids: randomIds, log });
    this.registrar = new TrunkRegistrar(this.access, clock, randomIds);
    this.router = new NetworkRouter(this.context, this.directory, this.registrar);
  }

  /** Listens on `host` (127.0.0.1 unless given), UDP and TCP on one ephemeral port. */
  static async start(options: SimulatedCarrierOptions = {}): Promise<SimulatedCarrier> {
    for (let attempt = 1; ; attempt++) {
      const carrier = new SimulatedCarrier(options.host ?? '127.0.0.1', options);
      try {
        await carrier.stack.start();
        return carrier;
      } catch (error) {
        // the UDP port's TCP twin may be taken by another process: another port then
        if (attempt >= BIND_ATTEMPTS || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
    }
  }

  /** Where trunks register and send their calls (UDP and TCP). */
  get address(): { readonly host: string; readonly port: number } {
    const udp = this.stack.listening.find((t) => t.protocol === 'udp');
    if (!udp) throw new Error('the carrier is not listening');
    return { host: udp.host, port: udp.port };
  }

  /** A provider holds these numbers (its ranges, listed). */
  holdNumbers(provider: string, numbers: readonly string[]): void {
    this.directory.holdNumbers(provider, numbers);
  }

  /** The porting table: `number` is routed by `toProvider` from now on. */
  port(number: string, toProvider: string): void {
    this.directory.port(number, toProvider);
  }

  addTrunk(trunk: CarrierTrunk): void {
    this.directory.addTrunk(trunk);
  }

  /** Whether a register-mode trunk has a live registration. */
  isRegistered(trunkId: string): boolean {
    const trunk = this.directory.trunk(trunkId);
    return trunk !== undefined && this.registrar.contactOf(trunk) !== undefined;
  }

  /** The provider holding `from` now forwards it to `to`, adding Diversion, History-Info, both or neither. */
  forward(from: string, to: string, style: ForwardingStyle): void {
    this.directory.forward(from, to, style);
  }

  addSubscriber(number: string, behaviour: SubscriberBehaviour = {}): void {
    this.directory.addSubscriber(number, behaviour);
  }

  received(number: string): readonly ReceivedCall[] {
    const e164 = readCarrierNumber(number);
    return e164 === undefined ? [] : this.router.received(e164);
  }

  emergencyCalls(): readonly ReceivedCall[] {
    return this.router.emergencyCalls();
  }

  /** A caller elsewhere in the network dials `to` presenting `from`. */
  async call(from: string, to: string, options: CallOptions = {}): Promise<NetworkCallResult> {
    const npn = readCarrierNumber(from);
    if (npn === undefined || !npn.startsWith('+')) throw new Error(`${from} is not a number a caller can have`);
    const called = readCarrierNumber(to);
    const caller = { shown: options.withheld ? null : npn, npn, anonymous: options.withheld ?? false };
    return NetworkCaller.place(this.context, this.host, options, (offer: Buffer, party: CallingParty): CalledParty => {
      if (called !== undefined) return this.router.connect({ caller, called, redirection: NO_REDIRECTION, viaTrunk: null, forwardedFrom: [] }, offer, party);
      party.failed(Status.AddressIncomplete);
      return { cancel: () => undefined, hangUp: () => undefined };
    });
  }

  /** Ends every call (BYE, CANCEL), closes the media and the listeners. */
  async stop(): Promise<void> {
    const handlers: DialogHandler[] = [...this.context.dialogs.values()];
    for (const handler of handlers) handler.abort();
    this.router.abort();
    await Promise.all([...this.context.open].map((open) => open.close()));
    if (handlers.length > 0) await new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS));
    await this.stack.stop();
  }

  private request(transaction: ServerTransaction, request: SipRequest): void {
    const toTag = tagOf(request.to);
    if (toTag !== undefined) {
      const dialog = this.context.dialogs.get(dialogKey(request.callId, toTag));
      if (dialog) dialog.receive(transaction, request);
      else this.answer(transaction, Status.CallOrTransactionDoesNotExist);
      return;
    }
    switch (request.method) {
      case Method.REGISTER:
        this.registrar.register(transaction, request, transaction.source);
        return;
      case Method.INVITE:
        this.invite(transaction, request);
        return;
      case Method.OPTIONS:
        transaction.respond(createResponse(request, Status.OK, { toTag: randomIds(), headers: [{ name: 'Allow', value: ALLOW }, { name: 'Accept', value: 'application/sdp' }] }));
        return;
      case Method.BYE:
        this.answer(transaction, Status.CallOrTransactionDoesNotExist);
        return;
      default:
        transaction.respond(createResponse(request, Status.MethodNotAllowed, { toTag: randomIds(), headers: [{ name: 'Allow', value: ALLOW }] }));
    }
  }

  /** An INVITE from a customer trunk: who it is, what it may present, where the number goes. */
  private invite(transaction: ServerTransaction, request: SipRequest): void {
    const trunk = this.access.authenticate(transaction, request, transaction.source, 'proxy');
    if (!trunk) return;
    const { log } = this.context;
    const screening = screenTrunkCall(request, trunk, this.directory.activeNumbers(trunk));
    if (!screening.ok) {
      log(`INVITE from trunk ${trunk.id} refused: ${screening.reason}`);
      this.answer(transaction, Status.Forbidden, screening.reason);
      return;
    }
    if (screening.note !== undefined) log(`trunk ${trunk.id}: ${screening.note}`);
    const called = uriNumber(request.uri) ?? uriNumber(request.to.uri);
    if (called === undefined) {
      this.answer(transaction, Status.AddressIncomplete, 'the called number cannot be read');
      return;
    }
    if (request.body.length === 0) {
      this.answer(transaction, Status.NotAcceptableHere, 'the network needs the offer in the INVITE');
      return;
    }
    const party = new IncomingTrunkCall(this.context, transaction);
    this.pending.set(transaction, party);
    const call = { caller: screening.identity, called, redirection: redirectionOf(request), viaTrunk: trunk.id, forwardedFrom: [] };
    party.connect(this.router.connect(call, request.body, party));
  }

  /** A final answer; `warning` says why (RFC 3261 §20.43, code 399). */
  private answer(transaction: ServerTransaction, status: StatusCode, warning?: string): void {
    const headers = warning === undefined ? [] : [{ name: 'Warning', value: `399 ${this.context.domain} "${warning.replace(/["\\]/g, '')}"` }];
    transaction.respond(createResponse(transaction.request, status, { toTag: randomIds(), headers }));
  }

  private event(event: StackEvent): void {
    if (event.kind === 'transport-fault' || event.kind === 'delegate-failed') this.context.log(`SIP ${event.kind}: ${String('fault' in event ? event.fault.message : event.error)}`);
  }
}
