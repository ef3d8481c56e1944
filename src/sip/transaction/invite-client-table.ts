/**
 * The INVITE client transaction (RFC 3261 §17.1.1, Figure 5) as corrected by RFC 6026
 * (§7.2, §8.4): a 2xx moves the machine to Accepted, where further 2xx responses (retransmissions,
 * other forks) go to the TU until Timer M fires; the TU, not the transaction, ACKs them.
 */
import { informTu, passResponseToTu, retransmitRequest, sendAck, sendRequest, stopTimer } from './transaction-effects.js';
import type { ReceivedResponseInput } from './transaction-inputs.js';
import { doubledRetransmit, firstRetransmit, ignoreAll, ignored, row, timer } from './transition-table.js';
import type { TimerInput, TransactionTable } from './transition-table.js';

export const inviteClientStates = ['calling', 'proceeding', 'completed', 'accepted', 'terminated'] as const;
export type InviteClientState = (typeof inviteClientStates)[number];

export const inviteClientInputs = [
  'received1xx', 'received2xx', 'received300to699', 'timerA', 'timerB', 'timerD', 'timerM', 'transportError',
] as const satisfies readonly (ReceivedResponseInput | TimerInput | 'transportError')[];
export type InviteClientInput = (typeof inviteClientInputs)[number];

const stopCallingTimers = [stopTimer('A'), stopTimer('B')];

const notRunning = (timer: string) => ignored(`RFC 3261 §17.1.1.2: Timer ${timer} does not run in this state`);
const nothingSent = ignored('RFC 3261 §17.1.4, Figure 5: the transaction sends nothing in this state, so no transport error belongs to it');

const provisional = row<InviteClientState>(
  'RFC 3261 §17.1.1.2: a provisional response moves the transaction to Proceeding, stops retransmission and goes to the TU',
  'proceeding',
  () => [...stopCallingTimers, passResponseToTu],
);
const provisionalAgain = row<InviteClientState>(
  'RFC 3261 §17.1.1.2: every further provisional response in Proceeding goes to the TU',
  'proceeding',
  () => [passResponseToTu],
);
const accepted = (stop: boolean) =>
  row<InviteClientState>(
    'RFC 6026 §8.4: a 2xx in Calling or Proceeding moves the transaction to Accepted, goes to the TU and starts Timer M (64·T1)',
    'accepted',
    (ctx) => [...(stop ? stopCallingTimers : []), timer('M', ctx), passResponseToTu],
  );
const rejected = (stop: boolean) =>
  row<InviteClientState>(
    'RFC 3261 §17.1.1.2: a 300–699 response is ACKed by the transaction, goes to the TU, and starts Timer D (32 s, 0 on reliable transports)',
    'completed',
    (ctx) => [...(stop ? stopCallingTimers : []), sendAck, timer('D', ctx), passResponseToTu],
  );

export const inviteClientTable: TransactionTable<InviteClientState, InviteClientInput> = {
  name: 'INVITE client',
  states: inviteClientStates,
  inputs: inviteClientInputs,
  start: row(
    'RFC 3261 §17.1.1.2: send the INVITE, start Timer A at T1 (unreliable transports only) and Timer B at 64·T1',
    'calling',
    (ctx) => [sendRequest, ...firstRetransmit('A', ctx), timer('B', ctx)],
  ),
  rows: {
    calling: {
      received1xx: provisional,
      received2xx: accepted(true),
      received300to699: rejected(true),
      timerA: row('RFC 3261 §17.1.1.2: Timer A fires: retransmit the INVITE and restart Timer A at twice its value', 'calling', (ctx) => [
        retransmitRequest,
        doubledRetransmit('A', ctx, false),
      ]),
      timerB: row('RFC 3261 §17.1.1.2: Timer B fires in Calling: the TU is told of the timeout; no ACK is sent', 'terminated', () => [
        informTu('timeout'),
      ]),
      timerD: notRunning('D'),
      timerM: notRunning('M'),
      transportError: row('RFC 3261 §17.1.4: a transport failure ends the transaction and is reported to the TU', 'terminated', () => [
        informTu('transportError'),
      ]),
    },
    proceeding: {
      received1xx: provisionalAgain,
      received2xx: accepted(false),
      received300to699: rejected(false),
      timerA: notRunning('A'),
      timerB: notRunning('B'),
      timerD: notRunning('D'),
      timerM: notRunning('M'),
      transportError: nothingSent,
    },
    completed: {
      received1xx: ignored('RFC 3261 §17.1.1.2: Completed only answers retransmissions of the final response'),
      received2xx: ignored('RFC 3261 §17.1.1.2: Completed only answers retransmissions of the 300–699 final response'),
      received300to699: row(
        'RFC 3261 §17.1.1.2: a retransmitted final response in Completed gets the ACK again and is not passed to the TU',
        'completed',
        () => [sendAck],
      ),
      timerA: notRunning('A'),
      timerB: notRunning('B'),
      timerD: row('RFC 3261 §17.1.1.2: Timer D fires in Completed: the transaction terminates', 'terminated', () => []),
      timerM: notRunning('M'),
      transportError: row('RFC 3261 §17.1.1.2, §17.1.4: the ACK could not be sent; the TU is told and the transaction ends', 'terminated', () => [
        informTu('transportError'),
      ]),
    },
    accepted: {
      received1xx: ignored('RFC 6026 §8.4, Figure 5: Accepted only passes 2xx responses on'),
      received2xx: row(
        'RFC 6026 §7.2, §8.4: a 2xx in Accepted (a retransmission or another fork) goes to the TU, which sends the ACK',
        'accepted',
        () => [passResponseToTu],
      ),
      received300to699: ignored('RFC 6026 §8.4, Figure 5: Accepted only passes 2xx responses on'),
      timerA: notRunning('A'),
      timerB: notRunning('B'),
      timerD: notRunning('D'),
      timerM: row('RFC 6026 §8.4: Timer M fires in Accepted: the transaction terminates', 'terminated', () => []),
      transportError: nothingSent,
    },
    terminated: ignoreAll(inviteClientInputs, 'RFC 3261 §17.1.1.2: a terminated transaction is destroyed; nothing reaches it'),
  },
};
