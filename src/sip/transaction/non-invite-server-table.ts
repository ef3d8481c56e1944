/**
 * The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8): the request goes to the TU,
 * retransmissions are answered with the last response (dropped before there is one), and
 * Completed keeps answering them until Timer J.
 */
import { informTu, passRequestToTu, retransmitResponse, sendResponse } from './transaction-effects.js';
import type { TuResponseInput } from './transaction-inputs.js';
import { ignoreAll, ignored, row, timer } from './transition-table.js';
import type { TimerInput, TransactionTable } from './transition-table.js';

export const nonInviteServerStates = ['trying', 'proceeding', 'completed', 'terminated'] as const;
export type NonInviteServerState = (typeof nonInviteServerStates)[number];

export const nonInviteServerInputs = [
  'requestRetransmission', 'tu1xx', 'tu2xx', 'tu300to699', 'timerJ', 'transportError',
] as const satisfies readonly ('requestRetransmission' | TuResponseInput | TimerInput | 'transportError')[];
export type NonInviteServerInput = (typeof nonInviteServerInputs)[number];

const provisional = (rule: string) => row<NonInviteServerState>(rule, 'proceeding', () => [sendResponse]);
const final = row<NonInviteServerState>(
  'RFC 3261 §17.2.2: a final response (200–699) from the TU is sent; Completed starts Timer J (64·T1, 0 on reliable transports)',
  'completed',
  (ctx) => [sendResponse, timer('J', ctx)],
);
const resend = (state: NonInviteServerState) =>
  row<NonInviteServerState>(
    `RFC 3261 §17.2.2: a retransmitted request in ${state === 'proceeding' ? 'Proceeding gets the last provisional' : 'Completed gets the final'} response again`,
    state,
    () => [retransmitResponse],
  );
const transportFailure = row<NonInviteServerState>(
  'RFC 3261 §17.2.2, §17.2.4: a transport failure ends the transaction and is reported to the TU',
  'terminated',
  () => [informTu('transportError')],
);
const jNotRunning = ignored('RFC 3261 §17.2.2: Timer J only runs in Completed');
const discarded = ignored('RFC 3261 §17.2.2: in Completed any further response from the TU is discarded');

export const nonInviteServerTable: TransactionTable<NonInviteServerState, NonInviteServerInput> = {
  name: 'non-INVITE server',
  states: nonInviteServerStates,
  inputs: nonInviteServerInputs,
  start: row('RFC 3261 §17.2.2: the request goes to the TU; the transaction starts in Trying', 'trying', () => [passRequestToTu]),
  rows: {
    trying: {
      requestRetransmission: ignored('RFC 3261 §17.2.2: a retransmitted request in Trying is discarded'),
      tu1xx: provisional('RFC 3261 §17.2.2: a provisional response from the TU is sent and moves the transaction to Proceeding'),
      tu2xx: final,
      tu300to699: final,
      timerJ: jNotRunning,
      transportError: ignored('RFC 3261 §17.2.2: nothing has been sent in Trying, so no transport error belongs to it'),
    },
    proceeding: {
      requestRetransmission: resend('proceeding'),
      tu1xx: provisional('RFC 3261 §17.2.2: further provisional responses from the TU in Proceeding are sent'),
      tu2xx: final,
      tu300to699: final,
      timerJ: jNotRunning,
      transportError: transportFailure,
    },
    completed: {
      requestRetransmission: resend('completed'),
      tu1xx: discarded,
      tu2xx: discarded,
      tu300to699: discarded,
      timerJ: row('RFC 3261 §17.2.2: Timer J fires in Completed: the transaction terminates', 'terminated', () => []),
      transportError: transportFailure,
    },
    terminated: ignoreAll(nonInviteServerInputs, 'RFC 3261 §17.2.2: a terminated transaction is destroyed; nothing reaches it'),
  },
};
