/**
 * A carrier's registrar for trunk registration tests, on the SIP library's stack and its Digest
 * server: it challenges (401, or 407 as a proxy would), checks the answer against the account's
 * password, grants what was asked up to `maxExpires`, refuses less than `minExpires` with 423,
 * and keeps the contacts it holds. A test can take over any request with `intercept`.
 */
import {
  DigestServer, Header, Method, SipStack, Status, createResponse, formatUri, ha1, header, headerValues, noParams, sequentialIds,
} from '../../../src/sip/index.js';
import type {
  Clock, ExtraHeader, NameAddr, ServerTransaction, SipRequest, StatusCode, TransportOpener, Uri,
} from '../../../src/sip/index.js';

export interface CarrierRegistrarOptions {
  readonly transport: TransportOpener;
  readonly clock: Clock;
  readonly realm: string;
  /** Digest username → password. */
  readonly accounts: Readonly<Record<string, string>>;
  readonly challenge?: 'www' | 'proxy';
  readonly minExpires?: number;
  readonly maxExpires?: number;
  /** How the 200 states the expiry: a parameter on each contact (as most registrars do) or only the Expires header. */
  readonly grant?: 'contact-param' | 'expires-header';
  readonly nonceLifetimeMs?: number;
}

/** What a test does with a request instead of the registrar: answer it, or let it go unanswered. */
export type Intercept = (request: SipRequest) => { readonly status: StatusCode; readonly headers?: readonly ExtraHeader[] } | 'silence' | undefined;

interface Received {
  readonly request: SipRequest;
  readonly at: number;
  /** The status it was answered with; undefined when left unanswered. */
  readonly status: StatusCode | undefined;
}

const KINDS = {
  www: { status: Status.Unauthorized, challenge: 'WWW-Authenticate', credentials: 'Authorization' },
  proxy: { status: Status.ProxyAuthenticationRequired, challenge: 'Proxy-Authenticate', credentials: 'Proxy-Authorization' },
} as const;

export class CarrierRegistrar {
  /** Every REGISTER received, in order, with its answer. */
  readonly received: Received[] = [];
  /** The contacts held (by their written URI) and when each runs out (ms). */
  private readonly bindings = new Map<string, { readonly uri: Uri; readonly until: number }>();
  intercept: Intercept | undefined;
  readonly stack: SipStack;
  private readonly digest: DigestServer;
  private readonly toTag = sequentialIds('carrier');

  private constructor(private readonly options: CarrierRegistrarOptions) {
    this.stack = new SipStack({
      transports: [options.transport],
      clock: options.clock,
      ids: sequentialIds('carrier-branch'),
      delegate: { onRequest: (transaction, request) => this.onRequest(transaction, request) },
    });
    this.digest = new DigestServer({
      clock: options.clock,
      secret: 'carrier-registrar-test-secret',
      algorithms: ['MD5'],
      ...(options.nonceLifetimeMs === undefined ? {} : { nonceLifetimeMs: options.nonceLifetimeMs }),
    });
  }

  static async start(options: CarrierRegistrarOptions): Promise<CarrierRegistrar> {
    const registrar = new CarrierRegistrar(options);
    await registrar.stack.start();
    return registrar;
  }

  /** The REGISTERs received, with the Expires each asked for. */
  get requested(): readonly (number | undefined)[] {
    return this.received.map((r) => header(r.request, Header.Expires));
  }

  /** Statuses answered, in order (undefined for a request left unanswered). */
  get answers(): readonly (StatusCode | undefined)[] {
    return this.received.map((r) => r.status);
  }

  /** The contacts held now, as written. */
  holding(): readonly string[] {
    const now = this.options.clock.now();
    return [...this.bindings].filter(([, binding]) => binding.until > now).map(([key]) => key);
  }

  stop(): Promise<void> {
    return this.stack.stop();
  }

  private onRequest(transaction: ServerTransaction, request: SipRequest): void {
    const at = this.options.clock.now();
    const answer = (status: StatusCode, headers: readonly ExtraHeader[] = [], contacts: readonly NameAddr[] = []): void => {
      this.received.push({ request, at, status });
      transaction.respond(createResponse(request, status, { toTag: this.toTag(), headers, contacts }));
    };
    if (request.method !== Method.REGISTER) return answer(Status.MethodNotAllowed);
    const taken = this.intercept?.(request);
    if (taken === 'silence') {
      this.received.push({ request, at, status: undefined });
      return;
    }
    if (taken) return answer(taken.status, taken.headers);
    const kind = KINDS[this.options.challenge ?? 'www'];
    const { realm } = this.options;
    const inspection = this.digest.inspect(headerValues(request, kind.credentials), { method: request.method, requestUri: formatUri(request.uri) }, realm);
    if (inspection.kind !== 'candidate') return answer(kind.status, this.challenge(kind.challenge, false));
    const password = this.options.accounts[inspection.username];
    const verdict = this.digest.verify(inspection, password === undefined ? undefined : ha1(inspection.username, realm, password, inspection.hash));
    if (verdict.kind !== 'ok') return answer(kind.status, this.challenge(kind.challenge, verdict.kind === 'stale'));
    const asked = header(request, Header.Expires) ?? 3600;
    const { minExpires, maxExpires } = this.options;
    if (asked > 0 && minExpires !== undefined && asked < minExpires) return answer(Status.IntervalTooBrief, [{ name: 'Min-Expires', value: String(minExpires) }]);
    const granted = Math.min(asked, maxExpires ?? asked);
    for (const { uri } of request.contacts) {
      if (granted === 0) this.bindings.delete(formatUri(uri));
      else this.bindings.set(formatUri(uri), { uri, until: at + granted * 1000 });
    }
    const held = [...this.bindings.values()].filter((binding) => binding.until > at);
    if (this.options.grant === 'expires-header') {
      return answer(Status.OK, [{ name: 'Expires', value: String(granted) }], held.map(({ uri }) => ({ uri, params: noParams })));
    }
    const seconds = (until: number): string => String(Math.round((until - at) / 1000));
    return answer(Status.OK, [], held.map(({ uri, until }) => ({ uri, params: new Map([['expires', seconds(until)]]) })));
  }

  private challenge(name: string, stale: boolean): ExtraHeader[] {
    return this.digest.challenge(this.options.realm, { stale }).map((value) => ({ name, value }));
  }
}
