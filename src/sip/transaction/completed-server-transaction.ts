/**
 * A non-INVITE server transaction in Completed (RFC 3261 §17.2.2), reduced to what that state
 * still does until Timer J: answer retransmissions of the request with the final response, as
 * the bytes first sent, and report a failed send. It keeps its key, those bytes and their
 * destination, and none of the messages: on UDP a registrar holds 64·T1 = 32 s of them. The
 * non-INVITE server table still decides every step.
 */
import type { SipRequest } from '../message.js';
import { Method } from '../methods.js';
import type { TransportError } from '../transport/index.js';
import { CompactTransaction, compactTable } from './compact-context.js';
import type { CompactContext } from './compact-context.js';
import { nonInviteServerTable } from './non-invite-server-table.js';
import type { NonInviteServerInput, NonInviteServerState } from './non-invite-server-table.js';
import { required } from './required.js';
import { sendFailure } from './send-failure.js';
import type { ServerTransactionDelegate } from './server-transaction.js';
import type { TransactionEffect } from './transaction-effects.js';
import type { TransactionPort, WireResponse } from './transaction-port.js';

/** What the completed transactions of a layer share; they wait for Timer J. */
export interface CompletedContext extends CompactContext<NonInviteServerState, NonInviteServerInput, CompletedServerTransaction> {
  readonly port: TransactionPort;
}

/** What the layer's {@link CompletedContext} takes from the table: the steps from completed, which end at Timer J. */
export const completedServerTable = compactTable(nonInviteServerTable, 'completed', 'J', 'a completed non-INVITE transaction');

export class CompletedServerTransaction extends CompactTransaction<
  NonInviteServerState,
  NonInviteServerInput,
  ServerTransactionDelegate,
  CompletedServerTransaction,
  TransportError
> {
  readonly kind = 'non-invite';
  /** The base's context, with the port that resends the bytes (a narrower type, no field of its own). */
  protected declare readonly context: CompletedContext;
  /**
   * The final response's bytes as a one-byte string (latin1 maps every byte to one character
   * and back). The bytes as sent are a slice of a shared allocation pool; kept for 32 s, each
   * would hold on to a pool block of 8 kB that the many short-lived messages share.
   */
  private readonly bytes: string;
  private readonly target: WireResponse['target'];

  /** `requestToTag`: only for RFC 2543 matching, which compares To tags (§17.2.3). */
  constructor(
    key: string,
    readonly requestToTag: string | undefined,
    answer: WireResponse,
    delegate: ServerTransactionDelegate,
    context: CompletedContext,
  ) {
    super(key, delegate, context);
    this.bytes = answer.data.toString('latin1');
    this.target = answer.target;
  }

  /** A retransmission of the request, matched by the layer. */
  receive(request: SipRequest): void {
    if (request.method === Method.ACK) throw new Error('an ACK only ever matches an INVITE server transaction (§17.2.3)');
    this.dispatch('requestRetransmission');
  }

  /** The final response could not be sent (§17.2.4). */
  fail(error: TransportError): void {
    this.dispatch('transportError', error);
  }

  protected perform(effect: TransactionEffect, error: TransportError | undefined): void {
    switch (effect.kind) {
      case 'retransmitResponse':
        this.context.port.sendWire({ data: Buffer.from(this.bytes, 'latin1'), target: this.target }).then(
          (result) => {
            if (!result.ok) this.fail(result.error);
          },
          (cause: unknown) => this.fail(sendFailure(cause)),
        );
        return;
      case 'informTu':
        if (effect.failure === 'timeout') this.delegate.onTimeout?.();
        else this.delegate.onTransportError?.(required(error, 'a transport error input carries its error'));
        return;
      default:
        throw new Error(`a completed non-INVITE transaction cannot ${effect.kind}`);
    }
  }
}
