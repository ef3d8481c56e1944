/**
 * The message inputs of the transaction tables, by response class (RFC 3261 §17.1.1.2,
 * §17.1.2.2, §17.2.1, §17.2.2 and RFC 6026 distinguish 1xx, 2xx and 300–699).
 */
import { isProvisional, isSuccess } from '../status.js';
import type { StatusCode } from '../status.js';

/** A response received by a client transaction. */
export type ReceivedResponseInput = 'received1xx' | 'received2xx' | 'received300to699';
/** A response the TU hands to a server transaction. */
export type TuResponseInput = 'tu1xx' | 'tu2xx' | 'tu300to699';

export function receivedResponseInput(status: StatusCode): ReceivedResponseInput {
  return isProvisional(status) ? 'received1xx' : isSuccess(status) ? 'received2xx' : 'received300to699';
}

export function tuResponseInput(status: StatusCode): TuResponseInput {
  return isProvisional(status) ? 'tu1xx' : isSuccess(status) ? 'tu2xx' : 'tu300to699';
}
