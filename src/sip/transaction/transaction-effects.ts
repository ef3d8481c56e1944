/**
 * What a transaction state table asks its runner to do, as data. Messages are named by role,
 * not carried: "the request" is the one that created the transaction, "the response" is the
 * one that came with the input, "the last response" is the most recent one the server
 * transaction sent.
 */
import type { TransactionTimer } from './timer-config.js';

export type TransactionEffect =
  /** Client: hand the request to the transport for the first time. */
  | { readonly kind: 'sendRequest' }
  /** Client: hand the request to the transport again (Timer A or E). */
  | { readonly kind: 'retransmitRequest' }
  /** INVITE client: send the ACK for the 3xx–6xx response (built once, resent on retransmissions, §17.1.1.3). */
  | { readonly kind: 'sendAck' }
  /** Client: pass the response that came with the input to the TU. */
  | { readonly kind: 'passResponseToTu' }
  /** Server: pass the request that came with the input (the creating request, or an ACK in Accepted) to the TU. */
  | { readonly kind: 'passRequestToTu' }
  /** Server: send the response the TU handed over, and remember it as the last response. */
  | { readonly kind: 'sendResponse' }
  /** Server: send the last response again, if there is one. */
  | { readonly kind: 'retransmitResponse' }
  /** INVITE server: send a 100 (Trying) on the TU's behalf (§17.2.1). */
  | { readonly kind: 'sendTrying' }
  | { readonly kind: 'startTimer'; readonly timer: TransactionTimer; readonly ms: number }
  | { readonly kind: 'stopTimer'; readonly timer: TransactionTimer }
  /** Tell the TU the transaction failed. */
  | { readonly kind: 'informTu'; readonly failure: TransactionFailure };

/** Why a transaction failed: no response (or no ACK) in time, or the transport could not send. */
export type TransactionFailure = 'timeout' | 'transportError';

export type TimerEffect = Extract<TransactionEffect, { readonly kind: 'startTimer' | 'stopTimer' }>;
/** The effects a runner hands to its transaction: everything except timer bookkeeping. */
export type MessageEffect = Exclude<TransactionEffect, TimerEffect>;

export const sendRequest: TransactionEffect = { kind: 'sendRequest' };
export const retransmitRequest: TransactionEffect = { kind: 'retransmitRequest' };
export const sendAck: TransactionEffect = { kind: 'sendAck' };
export const passResponseToTu: TransactionEffect = { kind: 'passResponseToTu' };
export const passRequestToTu: TransactionEffect = { kind: 'passRequestToTu' };
export const sendResponse: TransactionEffect = { kind: 'sendResponse' };
export const retransmitResponse: TransactionEffect = { kind: 'retransmitResponse' };
export const sendTrying: TransactionEffect = { kind: 'sendTrying' };
export const informTu = (failure: TransactionFailure): TransactionEffect => ({ kind: 'informTu', failure });
export const startTimer = (timer: TransactionTimer, ms: number): TransactionEffect => ({ kind: 'startTimer', timer, ms });
export const stopTimer = (timer: TransactionTimer): TransactionEffect => ({ kind: 'stopTimer', timer });

/** Effects that hand something to the TU; a row lists them last, after its own bookkeeping. */
export const isTuEffect = (effect: TransactionEffect): boolean =>
  effect.kind === 'passResponseToTu' || effect.kind === 'passRequestToTu' || effect.kind === 'informTu';

/** One line for traces and test expectations: `start G 1000`, `send ACK`, `inform TU of timeout`. */
export function describeEffect(effect: TransactionEffect): string {
  switch (effect.kind) {
    case 'startTimer':
      return `start ${effect.timer} ${effect.ms}`;
    case 'stopTimer':
      return `stop ${effect.timer}`;
    case 'informTu':
      return `inform TU of ${effect.failure}`;
    default:
      return effectText[effect.kind];
  }
}

const effectText: Readonly<Record<Exclude<TransactionEffect['kind'], 'startTimer' | 'stopTimer' | 'informTu'>, string>> = {
  sendRequest: 'send request',
  retransmitRequest: 'retransmit request',
  sendAck: 'send ACK',
  passResponseToTu: 'response to TU',
  passRequestToTu: 'request to TU',
  sendResponse: 'send response',
  retransmitResponse: 'retransmit response',
  sendTrying: 'send 100 Trying',
};
