/**
 * The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6): the request is retransmitted
 * on Timer E, doubling up to T2 (and at T2 once a provisional response has arrived), until a
 * final response or Timer F; Completed then absorbs response retransmissions for Timer K.
 */
import { informTu, passResponseToTu, retransmitRequest, sendRequest, startTimer, stopTimer } from './transaction-effects.js';
import type { ReceivedResponseInput } from './transaction-inputs.js';
import { doubledRetransmit, firstRetransmit, ignoreAll, ignored, row, timer } from './transition-table.js';
import type { TimerInput, TransactionTable } from './transition-table.js';

export const nonInviteClientStates = ['trying', 'proceeding', 'completed', 'terminated'] as const;
export type NonInviteClientState = (typeof nonInviteClientStates)[number];

export const nonInviteClientInputs = [
  'received1xx', 'received2xx', 'received300to699', 'timerE', 'timerF', 'timerK', 'transportError',
] as const satisfies readonly (ReceivedResponseInput | TimerInput | 'transportError')[];
export type NonInviteClientInput = (typeof nonInviteClientInputs)[number];

const provisional = row<NonInviteClientState>(
  'RFC 3261 §17.1.2.2: a provisional response goes to the TU and moves the transaction to Proceeding',
  'proceeding',
  () => [passResponseToTu],
);
const final = row<NonInviteClientState>(
  'RFC 3261 §17.1.2.2: a final response (200–699) goes to the TU; Completed starts Timer K (T4, 0 on reliable transports)',
  'completed',
  (ctx) => [stopTimer('E'), stopTimer('F'), timer('K', ctx), passResponseToTu],
);
const timeout = row<NonInviteClientState>('RFC 3261 §17.1.2.2: Timer F fires: the TU is told of the timeout', 'terminated', () => [
  informTu('timeout'),
]);
const transportFailure = row<NonInviteClientState>(
  'RFC 3261 §17.1.2.2, §17.1.4: a transport failure ends the transaction and is reported to the TU',
  'terminated',
  () => [informTu('transportError')],
);
const kNotRunning = ignored('RFC 3261 §17.1.2.2: Timer K only runs in Completed');
const absorbed = ignored('RFC 3261 §17.1.2.2: Completed absorbs retransmitted responses');
const stopped = (timer: string) => ignored(`RFC 3261 §17.1.2.2: Timer ${timer} is stopped on entering Completed`);

export const nonInviteClientTable: TransactionTable<NonInviteClientState, NonInviteClientInput> = {
  name: 'non-INVITE client',
  states: nonInviteClientStates,
  inputs: nonInviteClientInputs,
  start: row(
    'RFC 3261 §17.1.2.2: send the request, start Timer E at T1 (unreliable transports only) and Timer F at 64·T1',
    'trying',
    (ctx) => [sendRequest, ...firstRetransmit('E', ctx), timer('F', ctx)],
  ),
  rows: {
    trying: {
      received1xx: provisional,
      received2xx: final,
      received300to699: final,
      timerE: row('RFC 3261 §17.1.2.2: Timer E fires in Trying: retransmit and restart Timer E at MIN(2·E, T2)', 'trying', (ctx) => [
        retransmitRequest,
        doubledRetransmit('E', ctx, true),
      ]),
      timerF: timeout,
      timerK: kNotRunning,
      transportError: transportFailure,
    },
    proceeding: {
      received1xx: row('RFC 3261 §17.1.2.2: further provisional responses in Proceeding go to the TU', 'proceeding', () => [passResponseToTu]),
      received2xx: final,
      received300to699: final,
      timerE: row('RFC 3261 §17.1.2.2: Timer E fires in Proceeding: retransmit and restart Timer E at T2', 'proceeding', (ctx) => [
        retransmitRequest,
        startTimer('E', ctx.timers.t2),
      ]),
      timerF: timeout,
      timerK: kNotRunning,
      transportError: transportFailure,
    },
    completed: {
      received1xx: absorbed,
      received2xx: absorbed,
      received300to699: absorbed,
      timerE: stopped('E'),
      timerF: stopped('F'),
      timerK: row('RFC 3261 §17.1.2.2: Timer K fires in Completed: the transaction terminates', 'terminated', () => []),
      transportError: ignored('RFC 3261 §17.1.2.2: the transaction sends nothing in Completed, so no transport error belongs to it'),
    },
    terminated: ignoreAll(nonInviteClientInputs, 'RFC 3261 §17.1.2.2: a terminated transaction is destroyed; nothing reaches it'),
  },
};
