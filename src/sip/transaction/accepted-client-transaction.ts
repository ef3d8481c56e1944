/**
 * An INVITE client transaction in Accepted (RFC 6026 §8.4), reduced to what that state still
 * does until Timer M: pass every further 2xx to the TU (a retransmission whose ACK was lost,
 * the answer of another fork), pass nothing else, and end. It keeps its key and the TU's
 * delegate, not the INVITE, the machine or the target: a B2BUA holds 64·T1 = 32 s of them,
 * one per answered call. The INVITE client table still decides every step.
 */
import type { SipResponse } from '../message.js';
import type { ClientTransactionDelegate } from './client-transaction.js';
import { CompactTransaction, compactTable } from './compact-context.js';
import type { CompactContext } from './compact-context.js';
import { inviteClientTable } from './invite-client-table.js';
import type { InviteClientInput, InviteClientState } from './invite-client-table.js';
import type { TransactionEffect } from './transaction-effects.js';
import { receivedResponseInput } from './transaction-inputs.js';

/** What the accepted transactions of a layer share; they wait for Timer M. */
export type AcceptedContext = CompactContext<InviteClientState, InviteClientInput, AcceptedClientTransaction>;

/** What the layer's {@link AcceptedContext} takes from the table: the steps from accepted, which end at Timer M. */
export const acceptedTable = compactTable(inviteClientTable, 'accepted', 'M', 'an accepted INVITE transaction');

export class AcceptedClientTransaction extends CompactTransaction<
  InviteClientState,
  InviteClientInput,
  ClientTransactionDelegate,
  AcceptedClientTransaction,
  SipResponse
> {
  readonly kind = 'invite';

  constructor(key: string, delegate: ClientTransactionDelegate, context: AcceptedContext) {
    super(key, delegate, context);
  }

  /** A response the layer matched to this transaction. */
  receive(response: SipResponse): void {
    this.dispatch(receivedResponseInput(response.status), response);
  }

  protected perform(effect: TransactionEffect, response: SipResponse | undefined): void {
    if (effect.kind !== 'passResponseToTu' || !response) throw new Error(`an accepted INVITE transaction cannot ${effect.kind}`);
    this.delegate.onResponse?.(response);
  }
}
