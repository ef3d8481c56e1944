/**
 * The message inputs of the transaction tables, by response class (RFC 3261 §17.1.1.2,
 * §17.1.2.2, §17.2.1, §17.2.2 and RFC 6026 distinguish 1xx, 2xx and 300–699).
 */
import type { StatusCode } from '../status.js';

/** A response received by a client transaction. */
export type ReceivedResponseInput = 'received1xx' | 'received2xx' | 'received300to699';
/** A response the TU hands to a server transaction. */
export type TuResponseInput = 'tu1xx' | 'tu2xx' | 'tu300to699';

export function receivedResponseInput(status: StatusCode): ReceivedResponseInput {
  return status < 200 ? 'received1xx' : status < 300 ? 'received2xx' : 'received300to699';
}

export function tuResponseInput(status: StatusCode): TuResponseInput {
  return status < 200 ? 'tu1xx' : status < 300 ? 'tu2xx' : 'tu300to699';
}
