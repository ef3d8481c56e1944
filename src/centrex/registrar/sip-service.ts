/**
 * belay's SIP side assembled: the location service (bindings loaded from the database and
 * written behind to it), the abuse guard in front of every transport, Digest authentication,
 * the registrar, qualify, and the stack with the SIP application as its delegate. Calls go
 * to the handler `calls` builds once the stack exists.
 */
import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import { DigestServer, SipStack, defaultAdmissionLimits, defaultRequestPolicy, randomIds } from '../../sip/index.js';
import type {
  AdmissionLimits, AdvertisedAddress, Clock, DigestAlgorithm, IdSource, StackEvent, TimerConfig, TransportOpener,
} from '../../sip/index.js';
import type { Database } from '../../store/index.js';
import type { Directory } from '../directory/index.js';
import { SipApplication } from '../sip-application.js';
import type { CallHandler } from '../sip-application.js';
import { AbuseGuard } from './abuse-guard.js';
import { BindingJournal, loadBindings } from './binding-journal.js';
import { BindingTable } from './binding-table.js';
import { Qualifier } from './qualifier.js';
import { Registrar } from './registrar.js';
import { RegistrarMetrics } from './registrar-metrics.js';
import type { RegistrationPolicy } from './registration-decision.js';
import { DigestAuthenticator } from './sip-authenticator.js';
import type { SipAuthenticator } from './sip-authenticator.js';

/** Where the SIP side logs (a pino logger fits). */
export interface SipLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface SipServiceOptions {
  readonly clock: Clock;
  /** Tags, Call-IDs, branches, Digest nonce salt; random by default. */
  readonly ids?: IdSource;
  readonly directory: Directory;
  /** Bindings are loaded from it at start and written behind to it; without it they live in memory only. */
  readonly database?: Database;
  /** Each opened behind the abuse guard. */
  readonly transports: readonly TransportOpener[];
  readonly advertise?: AdvertisedAddress;
  /** `maxBindingsPerUser` defaults to {@link DEFAULT_MAX_BINDINGS_PER_USER}. */
  readonly registration: Omit<RegistrationPolicy, 'maxBindingsPerUser'> & Partial<Pick<RegistrationPolicy, 'maxBindingsPerUser'>>;
  /** `intervalMs` 0 turns qualify off; a binding unreachable for `giveUpMs` is no longer rung. */
  readonly qualify: { readonly intervalMs: number; readonly giveUpMs: number };
  /** `secret`: nodes sharing it accept each other's nonces; random (per process) by default. */
  readonly digest: { readonly algorithms: readonly DigestAlgorithm[]; readonly secret?: string };
  readonly abuse: { readonly windowMs: number; readonly threshold: number; readonly blockMs: number; readonly allow: readonly string[] };
  readonly admission?: AdmissionLimits;
  readonly timers?: TimerConfig;
  /** Option tags beyond `path` that the stack accepts in Require and lists in Supported (e.g. `timer`). */
  readonly extensions?: readonly string[];
  readonly calls?: (parts: SipServiceParts) => CallHandler;
  readonly log: SipLog;
  /** Where the registrar's metrics go. */
  readonly metrics?: Registry;
}

/** What a call handler is built from. */
export interface SipServiceParts {
  readonly stack: SipStack;
  readonly location: BindingTable;
  readonly authenticator: SipAuthenticator;
  readonly directory: Directory;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export interface SipService extends SipServiceParts {
  readonly guard: AbuseGuard;
  readonly qualifier: Qualifier | undefined;
  /** Stops taking new requests, writes the bindings, closes the transports. */
  stop(): Promise<void>;
}

/** Contacts one user may register at once, unless the options say otherwise. */
export const DEFAULT_MAX_BINDINGS_PER_USER = 10;

/** In-dialog requests are shed only when the message rate is this many times the limit (a REGISTER flood must not end calls). */
export const IN_DIALOG_HEADROOM = 20;

export async function startSipService(options: SipServiceOptions): Promise<SipService> {
  const { clock, directory, database, log } = options;
  const ids = options.ids ?? randomIds;
  const journal = database ? new BindingJournal({ database, clock, onError: (err) => log.error({ err }, 'could not write registrations') }) : undefined;
  const location = new BindingTable({
    clock,
    giveUpMs: options.qualify.giveUpMs,
    owned: (binding) => directory.userById(binding.userId) !== undefined,
    ...(journal ? { onChange: (change) => journal.record(change) } : {}),
  });
  if (database) location.restore(await loadBindings(database, clock.now()));

  const guard = new AbuseGuard({
    clock,
    ...options.abuse,
    onBlock: (block) => {
      metrics?.blocked();
      log.warn({ address: block.address, failures: block.failures, until: new Date(block.until).toISOString() }, 'blocked a SIP source after repeated authentication failures');
    },
  });
  // the guard reports blocks to the metrics, which read the guard: the closure above runs only later
  const metrics = options.metrics ? new RegistrarMetrics(options.metrics, { location, guard }) : undefined;
  const digest = new DigestServer({ clock, secret: options.digest.secret ?? randomBytes(32), algorithms: options.digest.algorithms });
  const authenticator = new DigestAuthenticator({
    directory,
    digest,
    guard,
    toTag: ids,
    onFailure: (reason, source) => {
      metrics?.authFailure(reason);
      log.debug({ reason, address: source.remoteAddress, port: source.remotePort }, 'SIP authentication failed');
    },
  });
  const policy = { maxBindingsPerUser: DEFAULT_MAX_BINDINGS_PER_USER, ...options.registration };
  const registrar = new Registrar({ clock, directory, location, authenticator, policy, toTag: ids });
  const supported = ['path', ...(options.extensions ?? [])];
  const application = new SipApplication({
    registrar,
    supported,
    toTag: ids,
    onRegister: (status) => metrics?.registerResponse(status),
    onEvent: (event) => logEvent(log, event),
  });
  const stack = new SipStack({
    transports: options.transports.map((open) => guard.guard(open)),
    clock,
    ids,
    delegate: application,
    policy: { ...defaultRequestPolicy, supportedExtensions: supported },
    admission: { ...defaultAdmissionLimits, ...options.admission, inDialogHeadroom: IN_DIALOG_HEADROOM },
    ...(options.advertise ? { advertise: options.advertise } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const parts: SipServiceParts = { stack, location, authenticator, directory, clock, ids };
  if (options.calls) application.handleCallsWith(options.calls(parts));

  await stack.start();
  location.start();
  const qualifier = options.qualify.intervalMs > 0 ? new Qualifier({ clock, location, stack, ids, intervalMs: options.qualify.intervalMs }) : undefined;
  qualifier?.start();

  return {
    ...parts,
    guard,
    qualifier,
    async stop() {
      application.drain();
      qualifier?.stop();
      location.stop();
      journal?.stop();
      try {
        await journal?.flush();
      } finally {
        await stack.stop();
      }
    },
  };
}

function logEvent(log: SipLog, event: StackEvent): void {
  switch (event.kind) {
    case 'rejected':
      log.debug({ cause: event.cause, status: event.status, address: event.source.remoteAddress }, 'SIP request refused');
      return;
    case 'dropped':
      log.debug({ cause: event.cause, reason: event.reason, address: event.source.remoteAddress }, 'SIP message dropped');
      return;
    case 'send-failed':
      log.debug({ code: event.error.code, reason: event.error.message }, 'SIP send failed');
      return;
    case 'transport-fault':
      log.warn({ fault: event.fault }, 'SIP transport fault');
      return;
    case 'delegate-failed':
      log.error({ err: event.error }, 'SIP request handling failed');
  }
}
