/**
 * One leg's established dialog as a channel: requests sent in it (with the next CSeq, toward the
 * address the leg is reached at), requests received in it (checked for order, target refreshes
 * taken), and the ACK for a 2xx. The dialog state itself is plain data from the SIP library;
 * this object only holds the current value. A leg toward a peer that asks for Digest (a trunk)
 * answers its 401/407 to a request sent in the dialog itself: the request goes again with
 * credentials and the next CSeq, and only the response to that one is passed on.
 */
import {
  createAck, createInDialogRequest, noParams, receiveInDialogRequest, receiveInDialogResponse, removeTopVia, sameDialogId, terminateDialog,
  withMaxForwards,
} from '../../sip/index.js';
import type {
  ClientTransaction, ClientTransactionDelegate, ContentType, Dialog, DialogState, ExtraHeader, IdSource, InDialogReceipt, NameAddr,
  OutboundTarget, SipMethod, SipRequest, SipStack, Via,
} from '../../sip/index.js';
import { MAX_AUTH_ROUNDS } from './answer-challenge.js';
import type { ChallengeAnswer } from './answer-challenge.js';

/** What a leg needs from the stack and the id source. */
export interface LegEnvironment {
  readonly stack: Pick<SipStack, 'sendRequest' | 'sendStateless' | 'contactUri'>;
  readonly ids: IdSource;
  /** Answers the peer's Digest challenges to requests sent in the dialog (a trunk's account); none toward devices. */
  readonly answerChallenge?: ChallengeAnswer;
}

/** What the sender of a request in the dialog hears: the transaction's reports, and a retry with credentials. */
export interface ChannelDelegate extends ClientTransactionDelegate {
  /** The request went again with credentials after a challenge: the responses that follow are to `request`. */
  readonly onResent?: (request: SipRequest) => void;
}

type SentContent = RelayedContent & { readonly maxForwards?: number };

/** How often a request was challenged and answered so far, and the credentials that answered last. */
interface AuthRound {
  readonly rounds: number;
  readonly credentials?: ExtraHeader;
}

/** The end-to-end content of a relayed message. */
export interface RelayedContent {
  readonly headers?: readonly ExtraHeader[];
  readonly body?: Buffer;
  readonly contentType?: ContentType;
}

/**
 * The dialog builders write a Via; the stack writes its own on every request it sends, so the
 * builders' one is taken off again before sending.
 */
const BUILDER_VIA: Omit<Via, 'branch'> = { protocol: 'SIP/2.0', transport: 'UDP', host: 'invalid', params: noParams };

/** The request as the stack wants it: without a Via of its own. */
const forStack = (request: SipRequest): SipRequest => removeTopVia(request);

/** A dialog's key as the B2BUA files it: Call-ID and our tag (ours are unique, so no remote tag is needed). */
export const legKey = (callId: string, localTag: string): string => `${callId}\n${localTag}`;

/** Sends an ACK that {@link DialogChannel.ack} returned once more, toward the leg's `target`: it needs no dialog. */
export function resendAck(env: LegEnvironment, ack: SipRequest, target: OutboundTarget): void {
  void env.stack.sendStateless(forStack(ack), target);
}

export class DialogChannel {
  private current: Dialog;

  constructor(
    dialog: Dialog,
    /** Where this leg's peer is reached. */
    readonly target: OutboundTarget,
    private readonly env: LegEnvironment,
  ) {
    this.current = dialog;
  }

  get dialog(): Dialog {
    return this.current;
  }

  get key(): string {
    return legKey(this.current.id.callId, this.current.id.localTag);
  }

  get ended(): boolean {
    return this.current.state === 'terminated';
  }

  /** Our Contact in this dialog, for the responses we send in it. */
  get contact(): NameAddr | undefined {
    return this.current.localContact;
  }

  /**
   * Sends `method` in the dialog; `delegate` hears the responses after the dialog has taken them
   * (a target refresh's 2xx, a 481 ending it). `undefined` when the stack is too busy to send.
   */
  send(method: SipMethod, content: SentContent, delegate: ChannelDelegate): ClientTransaction | undefined {
    return this.sendIn(this.current.state, method, content, delegate, { rounds: 0 });
  }

  /**
   * Sends `method` as the dialog stood (`state`) when the request first went: a BYE's challenge
   * comes back after the dialog ended on our side, and its retry still belongs to it. A 401/407
   * the leg answers is not passed on; the retry's responses are.
   */
  private sendIn(state: DialogState, method: SipMethod, content: SentContent, delegate: ChannelDelegate, auth: AuthRound): ClientTransaction | undefined {
    const headers = auth.credentials ? [...(content.headers ?? []), auth.credentials] : content.headers;
    const built = createInDialogRequest({ ...this.current, state }, method, { via: BUILDER_VIA, ids: this.env.ids, ...content, ...(headers ? { headers } : {}) });
    this.current = { ...built.dialog, state: this.current.state };
    const request = content.maxForwards === undefined ? built.request : withMaxForwards(built.request, content.maxForwards);
    const outcome = this.env.stack.sendRequest(forStack(request), this.target, {
      ...delegate,
      onResponse: (response) => {
        this.current = receiveInDialogResponse(this.current, response);
        const credentials = auth.rounds < MAX_AUTH_ROUNDS ? this.env.answerChallenge?.(response, request) : undefined;
        const retried = credentials && this.sendIn(state, method, content, delegate, { rounds: auth.rounds + 1, credentials });
        if (retried) delegate.onResent?.(retried.request);
        else delegate.onResponse?.(response);
      },
    });
    return outcome.ok ? outcome.transaction : undefined;
  }

  /** A request from the peer in this dialog (§12.2.2); the caller answers a rejection with its status. */
  receive(request: SipRequest): InDialogReceipt {
    const receipt = receiveInDialogRequest({ find: (id) => (sameDialogId(id, this.current.id) ? this.current : undefined) }, request);
    if (receipt.kind === 'accepted') this.current = receipt.dialog;
    return receipt;
  }

  /**
   * Sends the ACK for the 2xx that `invite` (sent in or creating this dialog) received; keep it
   * to answer 2xx retransmissions ({@link resend}). It is returned as built, with the builders'
   * Via, so that it also reads back from its bytes (a request without Via does not parse).
   */
  ack(invite: SipRequest, content: RelayedContent): SipRequest {
    const ack = createAck(this.current, invite, { via: BUILDER_VIA, ids: this.env.ids, ...content });
    this.resend(ack);
    return ack;
  }

  /** Sends an ACK that {@link ack} returned once more. */
  resend(ack: SipRequest): void {
    resendAck(this.env, ack, this.target);
  }

  end(): void {
    this.current = terminateDialog(this.current);
  }
}
