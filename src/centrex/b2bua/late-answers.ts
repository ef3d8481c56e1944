/**
 * What an attempt keeps once its call is over, for a 2xx that still reaches its INVITE while
 * the transaction waits in Accepted until Timer M (64·T1, 32 s; RFC 6026 §8.4): the callee
 * sending its 2xx again because an ACK was lost, or another fork answering late. A 2xx of the
 * dialog that answered gets the ACK again (§13.2.2.4); any other 2xx is acknowledged and hung up
 * at once, as it must not become a call.
 *
 * The INVITE (without its body) and the ACK are kept as their bytes in one-byte strings, not as
 * parsed messages: a B2BUA holds 32 s of these, one per call, and a string is a single object
 * the garbage collector neither traces nor copies field by field. They are parsed again only
 * when such a 2xx comes, which is rare.
 */
import { Method, createUacDialog, detached, parseMessage, serializeMessage, tagOf } from '../../sip/index.js';
import type { OutboundTarget, SipRequest, SipResponse } from '../../sip/index.js';
import { DialogChannel, resendAck } from './dialog-channel.js';
import type { LegEnvironment } from './dialog-channel.js';
import { COMPLETED_ELSEWHERE } from './reason-header.js';

const EMPTY_BODY = Buffer.alloc(0);

/** A message this module wrote to bytes, read back. */
function requestFrom(bytes: string): SipRequest | undefined {
  const parsed = parseMessage(Buffer.from(bytes, 'latin1'));
  return parsed.ok && parsed.message.kind === 'request' ? parsed.message : undefined;
}

const bytesOf = (request: SipRequest): string => serializeMessage(request).toString('latin1');

/**
 * ACK and BYE for a 2xx to `invite` that must not become the call (§13.2.2.4); the BYE says
 * why when `reason` is given.
 */
export function refuseAnswer(invite: SipRequest, response: SipResponse, target: OutboundTarget, env: LegEnvironment, reason?: string): void {
  const created = createUacDialog(invite, response);
  if (!created.ok) return;
  const extra = new DialogChannel(created.dialog, target, env);
  extra.ack(invite, {});
  extra.send(Method.BYE, reason === undefined ? {} : { headers: [{ name: 'Reason', value: reason }] }, {});
}

/** The dialog that answered an attempt, as {@link LateAnswers} keeps it: the To tag of its 2xx, and the ACK's bytes. */
interface Answered {
  readonly remoteTag: string | undefined;
  readonly ack: string | undefined;
}

export class LateAnswers {
  private readonly invite: string;
  private readonly answered: Answered | undefined;

  constructor(
    /** The INVITE as sent. */
    invite: SipRequest,
    /** The dialog that answered and the ACK sent in it; none when the attempt was given up unanswered. */
    answered: { readonly remoteTag: string | undefined; readonly ack: SipRequest | undefined } | undefined,
    private readonly target: OutboundTarget,
    private readonly env: LegEnvironment,
  ) {
    this.invite = bytesOf({ ...invite, body: EMPTY_BODY });
    // the tag is a slice of the 2xx's header section, which it would keep
    this.answered = answered && { remoteTag: answered.remoteTag && detached(answered.remoteTag), ack: answered.ack && bytesOf(answered.ack) };
  }

  /** A 2xx to the INVITE. */
  receive(response: SipResponse): void {
    const { answered } = this;
    if (answered && tagOf(response.to) === answered.remoteTag) {
      const ack = answered.ack === undefined ? undefined : requestFrom(answered.ack);
      if (ack) resendAck(this.env, ack, this.target);
      return;
    }
    const invite = requestFrom(this.invite);
    if (!invite) return;
    // given up while it rang (another device took the call, the caller hung up) and answered anyway, or another fork's answer
    refuseAnswer(invite, response, this.target, this.env, answered ? undefined : COMPLETED_ELSEWHERE);
  }
}
