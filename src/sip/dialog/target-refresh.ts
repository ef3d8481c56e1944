/**
 * Target refresh (RFC 3261 §12.2): requests that may replace the dialog's remote target with
 * their Contact, and the 2xx responses to them that do the same on the other side.
 */
import type { SipMessage } from '../message.js';
import { Method } from '../methods.js';
import type { SipMethod } from '../methods.js';
import type { Uri } from '../uri.js';

/** re-INVITE (§14), UPDATE (RFC 3311 §5.1), SUBSCRIBE and NOTIFY (RFC 6665 §4.1.2.1, §4.2.2). */
const TARGET_REFRESH: ReadonlySet<SipMethod> = new Set([Method.INVITE, Method.UPDATE, Method.SUBSCRIBE, Method.NOTIFY]);

export function isTargetRefresh(method: SipMethod): boolean {
  return TARGET_REFRESH.has(method);
}

/** The URI of the message's (first) Contact: the target it asks requests to be sent to. */
export function contactTarget(message: SipMessage): Uri | undefined {
  return message.contacts[0]?.uri;
}
