/**
 * The calls in progress of one B2BUA, and how messages find them: an in-dialog request or ACK by
 * the Call-ID and our tag in it, a CANCEL by the INVITE transaction it cancels, and the loop check
 * by the branches of the INVITEs the B2BUA has sent and that are still in flight.
 */
import type { ServerTransaction, SipRequest, SipResponse } from '../../sip/index.js';
import type { ActiveCall, ActiveCallSource } from '../cdr/index.js';
import type { CallSide } from './bridge.js';
import { legKey } from './dialog-channel.js';

/** What the registry needs of a call. */
export interface FiledCall {
  readonly tenantId: string;
  snapshot(): ActiveCall;
  request(side: CallSide, tx: ServerTransaction, request: SipRequest): void;
  ack(side: CallSide, ack: SipRequest): void;
  strayResponse(side: CallSide, response: SipResponse): void;
  /** The caller cancelled the INVITE (the stack has answered the CANCEL and, if it could, the INVITE). */
  cancelled(cancel: SipRequest): void;
  /** The caller never acknowledged the 2xx (§13.3.1.4). */
  ackTimedOut(): void;
  /** Ends the call from the B2BUA (shutting down). */
  hangUp(reason: string): void;
}

export interface FiledDialog {
  readonly call: FiledCall;
  readonly side: CallSide;
}

export class CallRegistry implements ActiveCallSource {
  /** The branch parameters of INVITEs sent and in flight (a request coming back with one of them has looped). */
  readonly branches = new Set<string>();
  private readonly calls = new Map<FiledCall, { invite: ServerTransaction | undefined; readonly keys: string[] }>();
  private readonly dialogs = new Map<string, FiledDialog>();
  private readonly invites = new Map<ServerTransaction, FiledCall>();

  get size(): number {
    return this.calls.size;
  }

  add(call: FiledCall, invite: ServerTransaction): void {
    this.calls.set(call, { invite, keys: [] });
    this.invites.set(invite, call);
  }

  /** Files a dialog of `call` (our tag `localTag` in Call-ID `callId`) as its `side`. */
  file(call: FiledCall, side: CallSide, callId: string, localTag: string): void {
    const entry = this.calls.get(call);
    if (!entry) throw new Error('a dialog can only be filed for a call in the registry');
    const key = legKey(callId, localTag);
    entry.keys.push(key);
    this.dialogs.set(key, { call, side });
  }

  /**
   * The call's INVITE has its final answer: no CANCEL reaches the call any more (the stack
   * answers one itself), and the registry no longer holds the transaction.
   */
  answered(call: FiledCall): void {
    const entry = this.calls.get(call);
    if (!entry?.invite) return;
    this.invites.delete(entry.invite);
    entry.invite = undefined;
  }

  remove(call: FiledCall): void {
    const entry = this.calls.get(call);
    if (!entry) return;
    for (const key of entry.keys) this.dialogs.delete(key);
    if (entry.invite) this.invites.delete(entry.invite);
    this.calls.delete(call);
  }

  dialog(callId: string, localTag: string | undefined): FiledDialog | undefined {
    return localTag === undefined ? undefined : this.dialogs.get(legKey(callId, localTag));
  }

  byInvite(invite: ServerTransaction): FiledCall | undefined {
    return this.invites.get(invite);
  }

  all(): readonly FiledCall[] {
    return [...this.calls.keys()];
  }

  activeCalls(tenantId: string): readonly ActiveCall[] {
    const out: ActiveCall[] = [];
    for (const call of this.calls.keys()) if (call.tenantId === tenantId) out.push(call.snapshot());
    return out;
  }
}
