/**
 * The back-to-back user agent: the call handler of the SIP application, for calls between
 * extensions, out over the trunks and in from them. A new INVITE goes through call setup and
 * becomes a `Call`; requests and ACKs in a dialog, CANCELs, stray 2xx and ACK timeouts are handed
 * to the call they belong to.
 */
import { Method, Status, TIMER_OPTION, createResponse, formatUri, tagOf } from '../../sip/index.js';
import type {
  Clock, IdSource, MessageSource, ServerTransaction, SessionTimerPolicy, SipRequest, SipResponse, SipStack,
} from '../../sip/index.js';
import type { ActiveCall, ActiveCallSource, CallRecordSink } from '../cdr/index.js';
import { Call } from './call.js';
import type { CallEnvironment } from './call.js';
import { CallLog, callId } from './call-log.js';
import { CallRegistry } from './call-registry.js';
import { setUpCall } from './call-setup.js';
import type { Addressed, SetupDependencies, SetupOutcome } from './call-setup.js';
import { callRouter, defaultRoutePolicy } from './decide-route.js';
import type { RoutePolicy } from './decide-route.js';
import { reasonValue } from './reason-header.js';
import type { Directory } from '../directory/index.js';
import type { LocationService, SipAuthenticator, SipLog } from '../registrar/index.js';
import type { CallHandler } from '../sip-application.js';
import { InMemoryTelephony } from '../telephony/index.js';
import type { TelephonyDirectory } from '../telephony/index.js';
import { TrunkGate } from '../trunk/index.js';

export interface CallPolicy {
  readonly route: RoutePolicy;
  /** Our Min-SE and the longest session interval we let the endpoints agree on (RFC 4028). */
  readonly sessionTimer: SessionTimerPolicy;
  /**
   * How long a trunk may leave an INVITE without any response, not even 100 (Trying), before it
   * is given up and the next trunk tried (a carrier PBX's "fr_timer"); `DEFAULT_TRUNK_NO_RESPONSE_MS` when absent.
   */
  readonly trunkNoResponseMs?: number;
}

/** A few seconds, as carriers' PBXs wait for a first response before failing over: far below Timer B's 32 s. */
export const DEFAULT_TRUNK_NO_RESPONSE_MS = 4000;

export const defaultCallPolicy: CallPolicy = {
  route: defaultRoutePolicy,
  sessionTimer: { minSE: 90, interval: 1800, refresher: 'uac', imposeWhenAbsent: false },
  trunkNoResponseMs: DEFAULT_TRUNK_NO_RESPONSE_MS,
};

/** Option tags the B2BUA implements: the stack's request policy must list them, so that `Require: timer` passes. */
export const B2BUA_EXTENSIONS: readonly string[] = [TIMER_OPTION];

/** The methods a call's dialogs carry. */
const ALLOW = [Method.INVITE, Method.ACK, Method.CANCEL, Method.BYE, Method.UPDATE, Method.INFO, Method.OPTIONS].join(', ');

/** Requests that only make sense inside a dialog: outside one there is nothing for them (§12.2.2). */
const DIALOG_ONLY: ReadonlySet<string> = new Set([Method.BYE, Method.UPDATE, Method.INFO, Method.PRACK]);

export interface B2buaOptions {
  readonly stack: Pick<SipStack, 'sendRequest' | 'sendStateless' | 'contactUri'>;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly directory: Directory;
  readonly location: LocationService;
  readonly authenticator: SipAuthenticator;
  readonly records: CallRecordSink;
  readonly policy?: CallPolicy;
  /** Trunks, numbers, sites; without it no call leaves belay or comes in from outside. */
  readonly telephony?: TelephonyDirectory;
  /** The trunks' call limits, shared with what reports their status; one of its own by default. */
  readonly gate?: TrunkGate;
  /** Told the number of every call that comes in over a trunk (the port automation watches for ported numbers). */
  readonly onInboundNumber?: (tenantId: string, e164: string, atMs: number) => void;
  /** Trunk choices, replaced presented numbers, refused inbound calls; silent by default. */
  readonly log?: Pick<SipLog, 'info' | 'warn'>;
}

const SILENT: Pick<SipLog, 'info' | 'warn'> = { info: () => undefined, warn: () => undefined };

export class B2bua implements CallHandler, ActiveCallSource {
  private readonly registry = new CallRegistry();
  private readonly env: CallEnvironment;
  private readonly setup: SetupDependencies;
  private readonly log: Pick<SipLog, 'info' | 'warn'>;

  constructor(private readonly options: B2buaOptions) {
    const policy = options.policy ?? defaultCallPolicy;
    const telephony = options.telephony ?? new InMemoryTelephony();
    const router = callRouter({ directory: options.directory, bindings: options.location, telephony }, policy.route);
    this.log = options.log ?? SILENT;
    this.env = {
      stack: options.stack,
      ids: options.ids,
      clock: options.clock,
      router,
      registry: this.registry,
      records: options.records,
      branches: this.registry.branches,
      gate: options.gate ?? new TrunkGate(options.clock),
      trunkNoResponseMs: policy.trunkNoResponseMs ?? DEFAULT_TRUNK_NO_RESPONSE_MS,
      log: this.log,
    };
    this.setup = {
      directory: options.directory,
      authenticator: options.authenticator,
      router,
      telephony,
      sessionTimer: policy.sessionTimer,
      branches: this.registry.branches,
    };
  }

  /** Calls ringing or answered right now. */
  get callCount(): number {
    return this.registry.size;
  }

  activeCalls(tenantId: string): readonly ActiveCall[] {
    return this.registry.activeCalls(tenantId);
  }

  onRequest(tx: ServerTransaction, request: SipRequest, source: MessageSource): void {
    const localTag = tagOf(request.to);
    if (localTag !== undefined) {
      const filed = this.registry.dialog(request.callId, localTag);
      if (filed) filed.call.request(filed.side, tx, request);
      else tx.respond(createResponse(request, Status.CallOrTransactionDoesNotExist));
      return;
    }
    if (request.method === Method.INVITE) {
      this.invite(tx, request, source);
      return;
    }
    const status = DIALOG_ONLY.has(request.method) ? Status.CallOrTransactionDoesNotExist : Status.MethodNotAllowed;
    tx.respond(createResponse(request, status, { toTag: this.options.ids(), headers: [{ name: 'Allow', value: ALLOW }] }));
  }

  onAck(ack: SipRequest): void {
    const filed = this.registry.dialog(ack.callId, tagOf(ack.to));
    filed?.call.ack(filed.side, ack);
  }

  onCancel(invite: ServerTransaction, cancel: SipRequest): void {
    this.registry.byInvite(invite)?.cancelled(cancel);
  }

  onStrayResponse(response: SipResponse): void {
    const filed = this.registry.dialog(response.callId, tagOf(response.from));
    filed?.call.strayResponse(filed.side, response);
  }

  /** A 2xx we sent (to the caller's INVITE, or a relayed re-INVITE) was never acknowledged. */
  onAckTimeout(response: SipResponse): void {
    this.registry.dialog(response.callId, tagOf(response.to))?.call.ackTimedOut();
  }

  /** Ends every call (BYE to both sides of answered calls, 503 to ringing ones), e.g. before shutting down. */
  hangUpAll(): void {
    for (const call of this.registry.all()) call.hangUp(reasonValue(Status.ServiceUnavailable, 'The service is shutting down'));
  }

  private invite(tx: ServerTransaction, request: SipRequest, source: MessageSource): void {
    const outcome = setUpCall({ tx, request, source }, this.setup);
    this.inboundNumber(outcome.ok ? outcome.call : outcome.reached);
    if (!outcome.ok) {
      this.refuse(outcome);
      return;
    }
    const { call } = outcome;
    const setup = {
      tenant: call.tenant,
      caller: call.caller,
      dialled: call.dialled,
      plan: call.plan,
      ...(call.sessionOffer ? { sessionOffer: call.sessionOffer } : {}),
      ...(call.inbound ? { inbound: call.inbound } : {}),
    };
    const filed = new Call(tx, setup, this.env);
    // a CANCEL finds the call by its INVITE until the answer (then the stack answers it alone)
    this.registry.add(filed, tx);
    filed.start();
  }

  /** A call for a tenant's number came in over a trunk. */
  private inboundNumber(reached: Partial<Addressed>): void {
    const called = reached.inbound?.called;
    if (reached.tenant && called) this.options.onInboundNumber?.(reached.tenant.id, called, this.options.clock.now());
  }

  /** Answers a rejected setup; once the caller and tenant are known, the attempt is a call and gets its record. */
  private refuse(outcome: Extract<SetupOutcome, { ok: false }>): void {
    const { rejection, reached, step } = outcome;
    const { status } = rejection;
    if (status === undefined) return;
    const { tx, request } = reached;
    tx.respond(createResponse(request, status, { toTag: this.options.ids(), headers: rejection.headers ?? [] }));
    if (rejection.warning !== undefined) this.log.warn({ step, status, address: reached.source.remoteAddress }, rejection.warning);
    if (!reached.tenant || !reached.caller) return;
    const { clock } = this.options;
    const dialled = rejection.dialled ?? reached.dialled ?? formatUri(request.uri);
    const at = clock.now();
    const log = CallLog.start({ id: callId(at, this.options.ids), at, tenant: reached.tenant, caller: reached.caller, dialled, ...(reached.inbound ? { inbound: reached.inbound } : {}) });
    if (rejection.route) log.route(rejection.route);
    this.options.records.record(log.finish(clock.now(), status));
  }
}
