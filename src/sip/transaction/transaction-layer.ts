/**
 * The transaction layer (RFC 3261 §17): creates client transactions for the TU's requests,
 * matches inbound responses to them (§17.1.3) and inbound requests to server transactions
 * (§17.2.3, with the RFC 2543 fallback), creates a server transaction for each new request, and
 * forgets every transaction the moment it terminates. It holds at most `maxTransactions`.
 */
import type { Clock } from '../clock.js';
import { BRANCH_MAGIC_COOKIE } from '../header-values.js';
import { prependVia, removeTopVia } from '../message-edit.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import type { SipMethod } from '../methods.js';
import { tagOf } from '../name-addr.js';
import type { MessageSource, OutboundTarget } from '../transport/index.js';
import { AcceptedClientTransaction, acceptedTable } from './accepted-client-transaction.js';
import type { AcceptedContext } from './accepted-client-transaction.js';
import { AcceptedServerTransaction, acceptedServerTable } from './accepted-server-transaction.js';
import type { AcceptedServerContext } from './accepted-server-transaction.js';
import { ClientTransaction } from './client-transaction.js';
import { CompletedClientTransaction, completedClientTable } from './completed-client-transaction.js';
import type { CompletedClientContext } from './completed-client-transaction.js';
import { CompletedServerTransaction, completedServerTable } from './completed-server-transaction.js';
import type { CompletedContext } from './completed-server-transaction.js';
import { compactContext } from './compact-context.js';
import type { ClientTransactionContext, ClientTransactionDelegate } from './client-transaction.js';
import { ServerTransaction } from './server-transaction.js';
import type { ServerTransactionContext } from './server-transaction.js';
import { checkTimerConfig, defaultTimerConfig } from './timer-config.js';
import { TimerQueues } from './timer-queues.js';
import type { TimerConfig } from './timer-config.js';
import { clientKey, isLegacyServerKey, responseKey, serverKey } from './transaction-key.js';
import { isReliableProtocol } from './transaction-port.js';
import type { TransactionPort } from './transaction-port.js';

export interface TransactionLayerDelegate {
  /** A new request created `transaction`; the TU answers through `transaction.respond`. */
  readonly onRequest: (transaction: ServerTransaction, request: SipRequest) => void;
  /** A response no client transaction matches; only a stateless proxy forwards it (RFC 6026 §8.9, §18.1.2). */
  readonly onStrayResponse?: (response: SipResponse, source: MessageSource) => void;
  /**
   * An ACK no server transaction absorbs: the ACK for a 2xx, which belongs to the dialog
   * (§13.3.1.4), including one matched while Accepted (RFC 6026 §8.7).
   */
  readonly onStrayAck?: (ack: SipRequest, source: MessageSource) => void;
}

export interface TransactionLayerOptions {
  readonly clock: Clock;
  readonly port: TransactionPort;
  /** Id source for branches: a fresh token on every call; the layer prefixes the magic cookie. */
  readonly branchId: () => string;
  readonly delegate: TransactionLayerDelegate;
  readonly timers?: TimerConfig;
  /** Client and server transactions held at once; default {@link DEFAULT_MAX_TRANSACTIONS}. */
  readonly maxTransactions?: number;
}

export const DEFAULT_MAX_TRANSACTIONS = 10_000;

export type ReceiveOutcome =
  /** The request created this server transaction and went to `onRequest`. */
  | { readonly kind: 'created'; readonly transaction: ServerTransaction }
  /** A response, a retransmitted request or an ACK went to an existing transaction. */
  | { readonly kind: 'matched'; readonly transaction: ClientTransaction | ServerTransaction }
  /**
   * A retransmitted request was answered again by a completed non-INVITE transaction (§17.2.2),
   * a response went to an accepted INVITE one (RFC 6026 §8.4), or a retransmitted INVITE or an
   * ACK to an accepted INVITE server one (RFC 6026 §8.7), the compact forms of those states.
   */
  | { readonly kind: 'absorbed' }
  | { readonly kind: 'stray-response' }
  | { readonly kind: 'stray-ack' }
  /** The layer is full: the stack answers the request 503 statelessly. */
  | { readonly kind: 'overloaded' }
  /** The `admit` check of {@link TransactionLayer.receive} turned the new request away; nothing was created. */
  | { readonly kind: 'refused' }
  /** A request without a Via: nothing can match it nor route a response to it. */
  | { readonly kind: 'unmatchable' };

export type RequestOutcome =
  | { readonly ok: true; readonly transaction: ClientTransaction }
  /** The layer is full; the TU fails the request as if a 503 had come back. */
  | { readonly ok: false; readonly reason: 'overloaded' };

export class TransactionLayer {
  /** Client transactions by key; an accepted INVITE one and a completed non-INVITE one in their compact forms. */
  private readonly clients = new Map<string, ClientTransaction | AcceptedClientTransaction | CompletedClientTransaction>();
  /** Server transactions by key; a completed non-INVITE one and an accepted INVITE one in their compact forms. */
  private readonly servers = new Map<string, ServerTransaction | CompletedServerTransaction | AcceptedServerTransaction>();
  private readonly maxTransactions: number;
  private readonly clientContext: ClientTransactionContext;
  private readonly serverContext: ServerTransactionContext;

  constructor(private readonly options: TransactionLayerOptions) {
    const timers = checkTimerConfig(options.timers ?? defaultTimerConfig);
    this.maxTransactions = options.maxTransactions ?? DEFAULT_MAX_TRANSACTIONS;
    if (!Number.isInteger(this.maxTransactions) || this.maxTransactions < 1) {
      throw new RangeError(`maxTransactions must be a positive integer, got ${this.maxTransactions}`);
    }
    const { port, delegate } = options;
    // transactions start their timers in expiry queues, one clock timer per duration
    const clock = new TimerQueues(options.clock);
    // the durations over UDP: on a reliable transport J and K are 0 and no compact form is made for them; L and M are the same on both
    const unreliable = { timers, reliable: false };
    const completed: CompletedContext = {
      port,
      ...compactContext(completedServerTable(unreliable), options.clock, (tx: CompletedServerTransaction) => forget(this.servers, tx)),
    };
    const acceptedServers: AcceptedServerContext = {
      port,
      passAck: (ack, source) => delegate.onStrayAck?.(ack, source),
      ...compactContext(acceptedServerTable(unreliable), options.clock, (tx: AcceptedServerTransaction) => forget(this.servers, tx)),
    };
    const accepted: AcceptedContext = compactContext(acceptedTable(unreliable), options.clock, (tx: AcceptedClientTransaction) => forget(this.clients, tx));
    const completedClients: CompletedClientContext = compactContext(
      completedClientTable(unreliable),
      options.clock,
      (tx: CompletedClientTransaction) => forget(this.clients, tx),
    );
    this.clientContext = {
      clock,
      port,
      timers,
      startCancel: (cancel, target, cancelDelegate) => this.start(cancel, target, cancelDelegate),
      onTerminated: (tx) => forget(this.clients, tx),
      accept: (tx, txDelegate) => handOver(this.clients, tx, () => new AcceptedClientTransaction(tx.key, txDelegate, accepted)),
      // on a reliable transport Timer K is 0: nothing is left to absorb (§17.1.2.2)
      complete: (tx, onTerminated) =>
        isReliableProtocol(tx.target.protocol) ? undefined : handOver(this.clients, tx, () => new CompletedClientTransaction(tx.key, onTerminated, completedClients)),
    };
    this.serverContext = {
      clock,
      port,
      timers,
      passUp: (tx, request) => (request.method === Method.ACK ? delegate.onStrayAck?.(request, tx.source) : delegate.onRequest(tx, request)),
      onTerminated: (tx) => forget(this.servers, tx),
      // on a reliable transport Timer J is 0: nothing is left to absorb (§17.2.2)
      complete: (tx, answer) =>
        isReliableProtocol(tx.source.protocol)
          ? undefined
          : handOver(this.servers, tx, () => new CompletedServerTransaction(tx.key, legacyToTag(tx), answer, tx.delegate, completed)),
      accept: (tx, toTag) => handOver(this.servers, tx, () => new AcceptedServerTransaction(tx.key, tx.source, legacyToTag(tx), toTag, tx.delegate, acceptedServers)),
    };
  }

  /** Transactions currently held. */
  get counts(): { readonly client: number; readonly server: number } {
    return { client: this.clients.size, server: this.servers.size };
  }

  /**
   * Sends `request` in a new client transaction. Its top Via (sent-by written by the caller,
   * §8.1.1.7) gets a fresh branch; the transaction's `request` is the message as sent.
   */
  request(request: SipRequest, target: OutboundTarget, delegate: ClientTransactionDelegate = {}): RequestOutcome {
    if (request.method === Method.ACK) throw new Error('the ACK for a 2xx is sent by the TU through the port, not in a transaction (§13.2.2.4)');
    if (this.full) return { ok: false, reason: 'overloaded' };
    return { ok: true, transaction: this.start(request, target, delegate) };
  }

  /**
   * Hands an inbound message to its transaction, or creates one for a new request. `admit` is
   * asked only about a request that would create a transaction: admission control sheds new
   * work, never a retransmission of a request already being handled.
   */
  receive(message: SipMessage, source: MessageSource, admit?: (request: SipRequest) => boolean): ReceiveOutcome {
    if (message.kind === 'response') return this.receiveResponse(message, source);
    if (!message.via[0]) return { kind: 'unmatchable' };
    const existing = this.matchServer(message);
    if (message.method === Method.ACK) {
      if (existing?.kind !== 'invite') {
        this.options.delegate.onStrayAck?.(message, source);
        return { kind: 'stray-ack' };
      }
      existing.receive(message);
      return existing instanceof ServerTransaction ? { kind: 'matched', transaction: existing } : { kind: 'absorbed' };
    }
    if (existing) {
      existing.receive(message);
      return existing instanceof ServerTransaction ? { kind: 'matched', transaction: existing } : { kind: 'absorbed' };
    }
    if (admit && !admit(message)) return { kind: 'refused' };
    if (this.full) return { kind: 'overloaded' };
    const key = serverKey(message);
    if (!key) return { kind: 'unmatchable' };
    const transaction = new ServerTransaction(key.key, message, source, this.serverContext);
    this.servers.set(key.key, transaction);
    transaction.start();
    return { kind: 'created', transaction };
  }

  /**
   * Whether `request` belongs to a server transaction that already exists (a retransmission,
   * or the ACK of a non-2xx). Admission control asks this before shedding load: refusing a
   * retransmission of a request already being handled would break a call that is in progress.
   */
  hasServerTransaction(request: SipRequest): boolean {
    return request.via[0] !== undefined && this.matchServer(request) !== undefined;
  }

  /**
   * §9.2: the INVITE server transaction a CANCEL names (same branch and sent-by, or the RFC 2543
   * fields); an accepted one in its compact form, which the CANCEL no longer affects.
   */
  inviteCancelledBy(cancel: SipRequest): ServerTransaction | AcceptedServerTransaction | undefined {
    if (cancel.method !== Method.CANCEL) throw new Error(`${cancel.method} is not a CANCEL`);
    const invite = this.matchServer(cancel, Method.INVITE);
    return invite?.kind === 'invite' ? invite : undefined;
  }

  private get full(): boolean {
    return this.clients.size + this.servers.size >= this.maxTransactions;
  }

  private start(request: SipRequest, target: OutboundTarget, delegate: ClientTransactionDelegate): ClientTransaction {
    // a CANCEL keeps the branch of the INVITE it cancels (§9.1); every other request gets a new one
    const sent = request.method === Method.CANCEL ? request : withBranch(request, `${BRANCH_MAGIC_COOKIE}${this.options.branchId()}`);
    const branch = sent.via[0]?.branch ?? '';
    const key = clientKey(branch, sent.method);
    if (this.clients.has(key)) throw new Error(`branch ${branch} is already in use for ${sent.method}: the id source repeated itself`);
    const transaction = new ClientTransaction(key, sent, target, delegate, this.clientContext);
    this.clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  private receiveResponse(response: SipResponse, source: MessageSource): ReceiveOutcome {
    const key = responseKey(response);
    const transaction = key === undefined ? undefined : this.clients.get(key);
    if (!transaction) {
      this.options.delegate.onStrayResponse?.(response, source);
      return { kind: 'stray-response' };
    }
    transaction.receive(response);
    return transaction instanceof ClientTransaction ? { kind: 'matched', transaction } : { kind: 'absorbed' };
  }

  /** §17.2.3; the RFC 2543 rules also compare To tags, with an ACK carrying the tag of the response it acknowledges. */
  private matchServer(request: SipRequest, method?: SipMethod): ServerTransaction | CompletedServerTransaction | AcceptedServerTransaction | undefined {
    const key = serverKey(request, method);
    const transaction = key && this.servers.get(key.key);
    if (!transaction || !key.legacy) return transaction;
    if (request.method !== Method.ACK) return tagOf(request.to) === transaction.requestToTag ? transaction : undefined;
    if (transaction.kind !== 'invite') return undefined;
    const answered = transaction.toTag;
    return answered !== undefined && (tagOf(request.to) ?? '') === answered ? transaction : undefined;
  }
}

function withBranch(request: SipRequest, branch: string): SipRequest {
  const top = request.via[0];
  if (!top) throw new Error('a request needs its top Via (with sent-by) before a transaction sends it (§8.1.1.7, §18.1.1)');
  return prependVia(removeTopVia(request), { ...top, branch });
}

function forget<T extends { readonly key: string }>(map: Map<string, T>, transaction: T): void {
  if (map.get(transaction.key) === transaction) map.delete(transaction.key);
}

/** Puts the compact form `make` builds in `transaction`'s place, if the layer still holds the transaction. */
function handOver<T extends { readonly key: string }, C extends T>(map: Map<string, T>, transaction: T, make: () => C): C | undefined {
  if (map.get(transaction.key) !== transaction) return undefined;
  const compact = make();
  map.set(transaction.key, compact);
  return compact;
}

/** The To tag of the creating request, which only RFC 2543 matching compares (§17.2.3). */
const legacyToTag = (transaction: ServerTransaction): string | undefined => (isLegacyServerKey(transaction.key) ? transaction.requestToTag : undefined);
