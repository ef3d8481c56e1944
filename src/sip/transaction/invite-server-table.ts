/**
 * The INVITE server transaction (RFC 3261 §17.2.1, Figure 7) as corrected by RFC 6026 (§7.1,
 * §8.5–§8.7, Figure 7): a 2xx from the TU moves the machine to Accepted, which absorbs INVITE
 * retransmissions, sends the TU's 2xx retransmissions, passes a matching ACK up and ends on
 * Timer L. A 300–699 is retransmitted on Timer G until the ACK (Confirmed) or Timer H.
 */
import {
  informTu, passRequestToTu, retransmitResponse, sendResponse, sendTrying, stopTimer,
} from './transaction-effects.js';
import type { TuResponseInput } from './transaction-inputs.js';
import { doubledRetransmit, firstRetransmit, ignoreAll, ignored, row, timer } from './transition-table.js';
import type { TimerInput, TransactionTable } from './transition-table.js';

export const inviteServerStates = ['proceeding', 'completed', 'confirmed', 'accepted', 'terminated'] as const;
export type InviteServerState = (typeof inviteServerStates)[number];

export const inviteServerInputs = [
  'requestRetransmission', 'ack', 'tu1xx', 'tu2xx', 'tu300to699',
  'timerTrying', 'timerG', 'timerH', 'timerI', 'timerL', 'transportError',
] as const satisfies readonly ('requestRetransmission' | 'ack' | TuResponseInput | TimerInput | 'transportError')[];
export type InviteServerInput = (typeof inviteServerInputs)[number];

const notRunning = (timer: string) => ignored(`RFC 3261 §17.2.1: Timer ${timer} does not run in this state`);
const finalSent = ignored('RFC 3261 §17.2.1: the final response has been sent; the TU has nothing more to send here');
const reportTransportError = (state: InviteServerState) =>
  row<InviteServerState>(
    'RFC 6026 Figure 7: a transport failure is reported to the TU and the state is kept (RFC 3261 Figure 7 terminated here)',
    state,
    () => [informTu('transportError')],
  );

export const inviteServerTable: TransactionTable<InviteServerState, InviteServerInput> = {
  name: 'INVITE server',
  states: inviteServerStates,
  inputs: inviteServerInputs,
  start: row(
    'RFC 3261 §17.2.1: the INVITE goes to the TU; a 100 (Trying) follows in 200 ms unless the TU answers first',
    'proceeding',
    (ctx) => [timer('Trying', ctx), passRequestToTu],
  ),
  rows: {
    proceeding: {
      requestRetransmission: row(
        'RFC 3261 §17.2.1: a retransmitted INVITE in Proceeding gets the most recent provisional response again',
        'proceeding',
        () => [retransmitResponse],
      ),
      ack: ignored('RFC 3261 §17.2.1: no final response has been sent, so there is nothing for an ACK to acknowledge'),
      tu1xx: row('RFC 3261 §17.2.1: each provisional response from the TU is sent', 'proceeding', () => [stopTimer('Trying'), sendResponse]),
      tu2xx: row(
        'RFC 6026 §8.5, §8.7: a 2xx from the TU is sent once (the TU retransmits it) and moves the transaction to Accepted with Timer L (64·T1)',
        'accepted',
        (ctx) => [stopTimer('Trying'), sendResponse, timer('L', ctx)],
      ),
      tu300to699: row(
        'RFC 3261 §17.2.1: a 300–699 from the TU is sent; Completed starts Timer G at T1 (unreliable only) and Timer H at 64·T1',
        'completed',
        (ctx) => [stopTimer('Trying'), sendResponse, ...firstRetransmit('G', ctx), timer('H', ctx)],
      ),
      timerTrying: row(
        'RFC 3261 §17.2.1: the TU did not answer within 200 ms: the transaction sends 100 (Trying)',
        'proceeding',
        () => [sendTrying],
      ),
      timerG: notRunning('G'),
      timerH: notRunning('H'),
      timerI: notRunning('I'),
      timerL: notRunning('L'),
      transportError: reportTransportError('proceeding'),
    },
    completed: {
      requestRetransmission: row(
        'RFC 3261 §17.2.1: a retransmitted INVITE in Completed gets the final response again',
        'completed',
        () => [retransmitResponse],
      ),
      ack: row(
        'RFC 3261 §17.2.1: the ACK moves the transaction to Confirmed; retransmission stops and Timer I starts (T4, 0 on reliable transports)',
        'confirmed',
        (ctx) => [stopTimer('G'), stopTimer('H'), timer('I', ctx)],
      ),
      tu1xx: finalSent,
      tu2xx: finalSent,
      tu300to699: finalSent,
      timerTrying: notRunning('Trying'),
      timerG: row(
        'RFC 3261 §17.2.1: Timer G fires: retransmit the final response and restart Timer G at MIN(2·G, T2)',
        'completed',
        (ctx) => [retransmitResponse, doubledRetransmit('G', ctx, true)],
      ),
      timerH: row(
        'RFC 3261 §17.2.1: Timer H fires in Completed: the ACK never came; the TU is told of the failure',
        'terminated',
        () => [informTu('timeout')],
      ),
      timerI: notRunning('I'),
      timerL: notRunning('L'),
      transportError: reportTransportError('completed'),
    },
    confirmed: {
      requestRetransmission: ignored('RFC 3261 §17.2.1: Confirmed absorbs whatever the retransmitted final response triggered'),
      ack: ignored('RFC 3261 §17.2.1: Confirmed absorbs further ACKs'),
      tu1xx: finalSent,
      tu2xx: finalSent,
      tu300to699: finalSent,
      timerTrying: notRunning('Trying'),
      timerG: notRunning('G'),
      timerH: notRunning('H'),
      timerI: row('RFC 3261 §17.2.1: Timer I fires in Confirmed: the transaction terminates', 'terminated', () => []),
      timerL: notRunning('L'),
      transportError: ignored('RFC 3261 §17.2.1: the transaction sends nothing in Confirmed, so no transport error belongs to it'),
    },
    accepted: {
      requestRetransmission: ignored('RFC 6026 §8.7: Accepted absorbs retransmitted INVITEs; the TU retransmits its 2xx itself'),
      ack: row('RFC 6026 §8.7: an ACK matching the transaction in Accepted goes to the TU', 'accepted', () => [passRequestToTu]),
      tu1xx: ignored('RFC 6026 §8.7: in Accepted the TU may only send 2xx responses'),
      tu2xx: row('RFC 6026 §8.7: a 2xx from the TU in Accepted is sent', 'accepted', () => [sendResponse]),
      tu300to699: ignored('RFC 6026 §8.7: in Accepted the TU may only send 2xx responses'),
      timerTrying: notRunning('Trying'),
      timerG: notRunning('G'),
      timerH: notRunning('H'),
      timerI: notRunning('I'),
      timerL: row('RFC 6026 §8.7: Timer L fires in Accepted: the transaction terminates', 'terminated', () => []),
      transportError: reportTransportError('accepted'),
    },
    terminated: ignoreAll(inviteServerInputs, 'RFC 3261 §17.2.1: a terminated transaction is destroyed; nothing reaches it'),
  },
};
