import type { SipMessage } from '../message.js';
import { replaceTopVia } from '../message-edit.js';
import { receivedParameters } from '../transport/index.js';
import type { MessageSource } from '../transport/index.js';

/**
 * The message with `received` and a filled-in `rport` on its top Via where RFC 3261 §18.2.1 and
 * RFC 3581 §4 ask for them, so that responses find their way back (§18.2.2). A server applies it
 * to every request it receives; unchanged when nothing needs writing.
 */
export function withReceivedVia<M extends SipMessage>(message: M, source: MessageSource): M {
  const top = message.via[0];
  if (!top) return message;
  const stamp = receivedParameters(top, source);
  if (stamp.received === undefined && stamp.rport === undefined) return message;
  return replaceTopVia(message, { ...top, ...stamp });
}
