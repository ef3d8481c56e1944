/**
 * What belay does with SIP: the stack's delegate. REGISTER goes to the registrar, an OPTIONS
 * outside a dialog is answered here (200 with Allow, Accept, Supported), INVITE and everything
 * inside a dialog goes to the {@link CallHandler}; other methods get 405. While draining for
 * shutdown, new requests outside a dialog get 503 and calls in progress go on.
 */
import { Method, Status, createResponse } from '../sip/index.js';
import type {
  IdSource, MessageSource, ServerTransaction, SipMethod, SipRequest, SipResponse, StackDelegate, StackEvent, StatusCode,
} from '../sip/index.js';

/** Calls: INVITE, and every request, ACK and CANCEL of their dialogs. */
export interface CallHandler {
  onRequest(transaction: ServerTransaction, request: SipRequest, source: MessageSource): void;
  /** The ACK for a 2xx (§13.3.1.4). */
  onAck(ack: SipRequest, source: MessageSource): void;
  /** The stack has answered the CANCEL 200 and the INVITE 487 (unless it had a final response). */
  onCancel(invite: ServerTransaction, cancel: SipRequest): void;
  onStrayResponse?(response: SipResponse, source: MessageSource): void;
  onAckTimeout?(response: SipResponse, source: MessageSource): void;
}

/** A registrar-only server: calls are answered 480 (nobody can be reached through it), stray in-dialog requests 481. */
export function unavailableCalls(toTag: IdSource): CallHandler {
  return {
    onRequest: (transaction, request) => {
      const status = request.method === Method.INVITE && !request.to.params.has('tag') ? Status.TemporarilyUnavailable : Status.CallOrTransactionDoesNotExist;
      transaction.respond(createResponse(request, status, { toTag: toTag() }));
    },
    onAck: () => undefined,
    onCancel: () => undefined,
  };
}

/** Methods belay answers (the Allow header). */
export const ALLOWED_METHODS: readonly SipMethod[] = [
  Method.INVITE, Method.ACK, Method.CANCEL, Method.BYE, Method.OPTIONS, Method.REGISTER, Method.UPDATE, Method.INFO, Method.PRACK,
];

/** Requests outside a dialog that belong to calls. */
const CALL_METHODS: ReadonlySet<SipMethod> = new Set([Method.INVITE, Method.BYE, Method.UPDATE, Method.INFO, Method.PRACK]);

/** Seconds a client should wait before retrying a request refused while shutting down. */
const DRAIN_RETRY_AFTER_SECONDS = 10;

export interface SipApplicationOptions {
  /** Answers a REGISTER and says with which status. */
  readonly registrar: { handle(transaction: ServerTransaction): StatusCode };
  /** Until {@link SipApplication.handleCallsWith} names another: {@link unavailableCalls}. */
  readonly calls?: CallHandler;
  /** Option tags the stack accepts (its request policy) and OPTIONS lists as Supported. */
  readonly supported: readonly string[];
  readonly toTag: IdSource;
  /** The status the registrar answered a REGISTER with (for metrics). */
  readonly onRegister?: (status: StatusCode) => void;
  readonly onEvent?: (event: StackEvent) => void;
}

const inDialog = (request: SipRequest): boolean => request.to.params.has('tag');

export class SipApplication implements StackDelegate {
  private draining = false;
  private calls: CallHandler;

  constructor(private readonly options: SipApplicationOptions) {
    this.calls = options.calls ?? unavailableCalls(options.toTag);
  }

  /** Hands calls to `calls` from now on: a B2BUA is built after the stack it sends through, which needs this delegate first. */
  handleCallsWith(calls: CallHandler): void {
    this.calls = calls;
  }

  /** From now on, new requests outside a dialog get 503 with Retry-After. */
  drain(): void {
    this.draining = true;
  }

  onRequest(transaction: ServerTransaction, request: SipRequest): void {
    if (this.draining && !inDialog(request)) {
      this.answer(transaction, Status.ServiceUnavailable, [{ name: 'Retry-After', value: String(DRAIN_RETRY_AFTER_SECONDS) }]);
      return;
    }
    if (request.method === Method.REGISTER) {
      const status = this.options.registrar.handle(transaction);
      this.options.onRegister?.(status);
    } else if (request.method === Method.OPTIONS && !inDialog(request)) {
      this.answer(transaction, Status.OK, [
        { name: 'Allow', value: ALLOWED_METHODS.join(', ') },
        { name: 'Accept', value: 'application/sdp' },
        { name: 'Supported', value: this.options.supported.join(', ') },
      ]);
    } else if (CALL_METHODS.has(request.method) || inDialog(request)) {
      this.calls.onRequest(transaction, request, transaction.source);
    } else {
      this.answer(transaction, Status.MethodNotAllowed, [{ name: 'Allow', value: ALLOWED_METHODS.join(', ') }]);
    }
  }

  onAck(ack: SipRequest, source: MessageSource): void {
    this.calls.onAck(ack, source);
  }

  onCancel(invite: ServerTransaction, cancel: SipRequest): void {
    this.calls.onCancel(invite, cancel);
  }

  onStrayResponse(response: SipResponse, source: MessageSource): void {
    this.calls.onStrayResponse?.(response, source);
  }

  onAckTimeout(response: SipResponse, source: MessageSource): void {
    this.calls.onAckTimeout?.(response, source);
  }

  onEvent(event: StackEvent): void {
    this.options.onEvent?.(event);
  }

  private answer(transaction: ServerTransaction, status: StatusCode, headers: readonly { name: string; value: string }[]): void {
    transaction.respond(createResponse(transaction.request, status, { toTag: this.options.toTag(), headers }));
  }
}
