/**
 * An INVITE client transaction in Accepted (RFC 6026 §8.4), reduced to what that state still
 * does until Timer M: pass every further 2xx to the TU (a retransmission whose ACK was lost,
 * the answer of another fork), pass nothing else, and end. It keeps its key and the TU's
 * delegate, not the INVITE, the machine or the target: a B2BUA holds 64·T1 = 32 s of them,
 * one per answered call. The INVITE client table still decides every step.
 */
import type { SipResponse } from '../message.js';
import type { ClientTransactionDelegate } from './client-transaction.js';
import type { CompactContext } from './compact-context.js';
import type { Expiring } from './expiry-queue.js';
import { inviteClientTable } from './invite-client-table.js';
import type { InviteClientInput, InviteClientState } from './invite-client-table.js';
import { receivedResponseInput } from './transaction-inputs.js';
import { TERMINATED, stepsFrom } from './transition-table.js';
import type { MachineState, TableContext } from './transition-table.js';

/** What the accepted transactions of a layer share; they wait for Timer M. */
export type AcceptedContext = CompactContext<InviteClientState, InviteClientInput, AcceptedClientTransaction>;

const ACCEPTED: MachineState<InviteClientState> = { name: 'accepted', interval: 0 };

/** The steps of the INVITE client table from Accepted, for the layer's {@link AcceptedContext}. */
export const acceptedSteps = (table: TableContext): AcceptedContext['steps'] => stepsFrom(inviteClientTable, ACCEPTED, table);

export class AcceptedClientTransaction implements Expiring {
  readonly kind = 'invite';
  readonly dueAt: number;
  private terminated = false;

  constructor(
    readonly key: string,
    private readonly delegate: ClientTransactionDelegate,
    private readonly context: AcceptedContext,
  ) {
    this.dueAt = context.queue.dueAt();
    context.queue.add(this);
  }

  get state(): InviteClientState {
    return this.terminated ? TERMINATED : ACCEPTED.name;
  }

  get pending(): boolean {
    return !this.terminated;
  }

  /** A response the layer matched to this transaction. */
  receive(response: SipResponse): void {
    this.dispatch(receivedResponseInput(response.status), response);
  }

  /** Timer M fired. */
  expire(): void {
    this.dispatch('timerM');
  }

  private dispatch(input: InviteClientInput, response?: SipResponse): void {
    if (this.terminated) return;
    const step = this.context.steps[input];
    for (const effect of step.effects) {
      if (effect.kind !== 'passResponseToTu' || !response) throw new Error(`an accepted INVITE transaction cannot ${effect.kind}`);
      this.delegate.onResponse?.(response);
    }
    if (step.state.name === ACCEPTED.name) return;
    if (step.state.name !== TERMINATED) throw new Error(`an accepted INVITE transaction cannot move to ${step.state.name}`);
    this.terminated = true;
    if (input !== 'timerM') this.context.queue.released();
    this.context.onTerminated(this);
    this.delegate.onTerminated?.();
  }
}
