/**
 * A non-INVITE client transaction in Completed (RFC 3261 §17.1.2.2), reduced to what that state
 * still does until Timer K: absorb the retransmitted responses, and end. It keeps its key and the
 * TU's `onTerminated`, not the request, the machine nor the rest of the TU's delegate: on UDP
 * Timer K is T4 (5 s), and a B2BUA holds one per BYE for that long. The non-INVITE client table
 * still decides every step.
 */
import type { SipResponse } from '../message.js';
import type { ClientTransactionDelegate } from './client-transaction.js';
import { CompactTransaction, compactTable } from './compact-context.js';
import type { CompactContext } from './compact-context.js';
import { nonInviteClientTable } from './non-invite-client-table.js';
import type { NonInviteClientInput, NonInviteClientState } from './non-invite-client-table.js';
import type { TransactionEffect } from './transaction-effects.js';
import { receivedResponseInput } from './transaction-inputs.js';

/** What the completed client transactions of a layer share; they wait for Timer K. */
export type CompletedClientContext = CompactContext<NonInviteClientState, NonInviteClientInput, CompletedClientTransaction>;

/** What the layer's {@link CompletedClientContext} takes from the table: the steps from completed, which end at Timer K. */
export const completedClientTable = compactTable(nonInviteClientTable, 'completed', 'K', 'a completed non-INVITE client transaction');

/** For a TU that does not ask to hear of the end. */
const NO_DELEGATE: ClientTransactionDelegate = Object.freeze({});

export class CompletedClientTransaction extends CompactTransaction<
  NonInviteClientState,
  NonInviteClientInput,
  ClientTransactionDelegate,
  CompletedClientTransaction,
  SipResponse
> {
  readonly kind = 'non-invite';

  constructor(key: string, onTerminated: (() => void) | undefined, context: CompletedClientContext) {
    super(key, onTerminated ? { onTerminated } : NO_DELEGATE, context);
  }

  /** A response the layer matched to this transaction: a retransmission, absorbed. */
  receive(response: SipResponse): void {
    this.dispatch(receivedResponseInput(response.status), response);
  }

  protected perform(effect: TransactionEffect): void {
    throw new Error(`a completed non-INVITE client transaction cannot ${effect.kind}`);
  }
}
