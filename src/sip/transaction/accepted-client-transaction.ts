/**
 * An INVITE client transaction in Accepted (RFC 6026 §8.4), reduced to what that state still
 * does until Timer M: pass every further 2xx to the TU (a retransmission whose ACK was lost,
 * the answer of another fork), pass nothing else, and end. It keeps its key and the TU's
 * delegate, not the INVITE, the machine or the target: a B2BUA holds 64·T1 = 32 s of them,
 * one per answered call. The INVITE client table still decides every step.
 */
import type { SipResponse } from '../message.js';
import type { ClientTransactionDelegate } from './client-transaction.js';
import { CompactTransaction } from './compact-context.js';
import type { CompactContext, CompactTable } from './compact-context.js';
import { inviteClientTable } from './invite-client-table.js';
import type { InviteClientInput, InviteClientState } from './invite-client-table.js';
import type { TransactionEffect } from './transaction-effects.js';
import { receivedResponseInput } from './transaction-inputs.js';
import { stepsFrom } from './transition-table.js';
import type { MachineState, TableContext } from './transition-table.js';

/** What the accepted transactions of a layer share; they wait for Timer M. */
export type AcceptedContext = CompactContext<InviteClientState, InviteClientInput, AcceptedClientTransaction>;

const ACCEPTED: MachineState<InviteClientState> = { name: 'accepted', interval: 0 };

/** What the layer's {@link AcceptedContext} takes from the table: the steps from accepted, which end at Timer M. */
export const acceptedTable = (table: TableContext): CompactTable<InviteClientState, InviteClientInput> => ({
  held: ACCEPTED.name,
  timer: 'timerM',
  description: 'an accepted INVITE transaction',
  steps: stepsFrom(inviteClientTable, ACCEPTED, table),
});

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
