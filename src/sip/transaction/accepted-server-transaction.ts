/**
 * An INVITE server transaction in Accepted (RFC 6026 §8.7), reduced to what that state still
 * does until Timer L: absorb retransmitted INVITEs, send the 2xx the TU retransmits itself, pass
 * a matching ACK up, report a failed send, and end. It keeps its key, where the INVITE came from,
 * the To tags (RFC 2543 matching, the 200 to a CANCEL) and the TU's delegate, not the INVITE, its
 * 2xx nor the machine: a B2BUA holds 64·T1 = 32 s of them, one per answered call. The INVITE
 * server table still decides every step.
 */
import type { SipRequest, SipResponse } from '../message.js';
import { Method } from '../methods.js';
import type { MessageSource, TransportError } from '../transport/index.js';
import { CompactTransaction, compactTable } from './compact-context.js';
import type { CompactContext } from './compact-context.js';
import { inviteServerTable } from './invite-server-table.js';
import type { InviteServerInput, InviteServerState } from './invite-server-table.js';
import { required } from './required.js';
import { sendFailure } from './send-failure.js';
import type { ServerTransactionDelegate } from './server-transaction.js';
import type { TransactionEffect } from './transaction-effects.js';
import { tuResponseInput } from './transaction-inputs.js';
import type { TransactionPort } from './transaction-port.js';

/** What the accepted server transactions of a layer share; they wait for Timer L. */
export interface AcceptedServerContext extends CompactContext<InviteServerState, InviteServerInput, AcceptedServerTransaction> {
  readonly port: TransactionPort;
  /** An ACK the transaction matched goes up as the ACK of a 2xx, which belongs to the dialog. */
  readonly passAck: (ack: SipRequest, source: MessageSource) => void;
}

/** What the layer's {@link AcceptedServerContext} takes from the table: the steps from accepted, which end at Timer L. */
export const acceptedServerTable = compactTable(inviteServerTable, 'accepted', 'L', 'an accepted INVITE server transaction');

/** What comes with an input: the ACK, the TU's 2xx, or the error of a failed send. */
type Detail = SipRequest | SipResponse | TransportError;

export class AcceptedServerTransaction extends CompactTransaction<
  InviteServerState,
  InviteServerInput,
  ServerTransactionDelegate,
  AcceptedServerTransaction,
  Detail
> {
  readonly kind = 'invite';
  /** The AcceptedServerContext this base holds (a narrower type, no field of its own). */
  protected declare readonly context: AcceptedServerContext;

  /**
   * `requestToTag`: only for RFC 2543 matching, which compares To tags (§17.2.3). `toTag`: the
   * 2xx's ('' when it had none).
   */
  constructor(
    key: string,
    readonly source: MessageSource,
    readonly requestToTag: string | undefined,
    readonly toTag: string,
    delegate: ServerTransactionDelegate,
    context: AcceptedServerContext,
  ) {
    super(key, delegate, context);
  }

  /** A retransmitted INVITE or the ACK, matched by the layer. */
  receive(request: SipRequest): void {
    this.dispatch(request.method === Method.ACK ? 'ack' : 'requestRetransmission', request);
  }

  /** A response from the TU: only its 2xx retransmissions are sent (RFC 6026 §8.7). */
  respond(response: SipResponse): void {
    this.dispatch(tuResponseInput(response.status), response);
  }

  protected perform(effect: TransactionEffect, detail: Detail | undefined): void {
    switch (effect.kind) {
      case 'passRequestToTu':
        this.context.passAck(required(detail && 'method' in detail ? detail : undefined, 'an ACK input carries its request'), this.source);
        return;
      case 'sendResponse':
        this.context.port.sendResponse(required(detail && 'status' in detail ? detail : undefined, 'a TU input carries its response'), this.source).then(
          (result) => {
            if (!result.ok) this.fail(result.error);
          },
          (cause: unknown) => this.fail(sendFailure(cause)),
        );
        return;
      case 'informTu':
        if (effect.failure !== 'transportError') throw new Error(`an accepted INVITE server transaction has no ${effect.failure} to report`);
        this.delegate.onTransportError?.(required(detail && 'code' in detail ? detail : undefined, 'a transport error input carries its error'));
        return;
      default:
        throw new Error(`an accepted INVITE server transaction cannot ${effect.kind}`);
    }
  }

  /** A response could not be sent (§17.2.4). */
  fail(error: TransportError): void {
    this.dispatch('transportError', error);
  }
}
