/**
 * The tables running on a simulated clock: retransmission schedules, timeouts and clean-up,
 * checked against the values RFC 3261 §17 and RFC 6026 give.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { inviteClientTable } from './invite-client-table.js';
import { inviteServerTable } from './invite-server-table.js';
import { nonInviteClientTable } from './non-invite-client-table.js';
import { nonInviteServerTable } from './non-invite-server-table.js';
import { defaultTimerConfig } from './timer-config.js';
import type { TimerConfig } from './timer-config.js';
import { describeEffect } from './transaction-effects.js';
import type { MessageEffect } from './transaction-effects.js';
import { TransactionMachine } from './transaction-machine.js';
import type { TransactionTable } from './transition-table.js';

function run<S extends string, I extends string>(
  table: TransactionTable<S, I>,
  reliable: boolean,
  options: { timers?: TimerConfig; tu?: (effect: MessageEffect, machine: TransactionMachine<S, I, string>) => void } = {},
) {
  const clock = new SimulatedClock();
  const log: string[] = [];
  const machine = new TransactionMachine<S, I, string>(table, {
    clock,
    context: { timers: options.timers ?? defaultTimerConfig, reliable },
    perform: (effect, payload) => {
      log.push(`${clock.now()} ${describeEffect(effect)}${payload ? ` (${payload})` : ''}`);
      options.tu?.(effect, machine);
    },
    onTerminated: () => log.push(`${clock.now()} terminated`),
  });
  machine.start('request');
  /** Times at which the log has `what`. */
  const at = (what: string) => log.filter((l) => l.endsWith(` ${what}`)).map((l) => Number(l.split(' ')[0]));
  return { clock, machine, log, at };
}

describe('INVITE client transaction on a simulated clock', () => {
  it('retransmits at 500 ms, 1 s, 2 s … doubling without cap, and times out with Timer B at 64·T1', () => {
    const { clock, machine, log, at } = run(inviteClientTable, false);
    clock.advance(40_000);
    // intervals 500, 1000, 2000, 4000, 8000, 16000 (§17.1.1.2: A doubles; T2 does not cap it)
    expect(at('retransmit request')).toEqual([500, 1500, 3500, 7500, 15500, 31500]);
    expect(log.slice(-2)).toEqual(['32000 inform TU of timeout', '32000 terminated']);
    expect(machine.state).toBe('terminated');
    expect(clock.activeTimers).toBe(0);
  });

  it('scales the schedule with a configured T1', () => {
    const { clock, at } = run(inviteClientTable, false, { timers: { t1: 1000, t2: 4000, t4: 5000 } });
    clock.advance(70_000);
    expect(at('retransmit request')).toEqual([1000, 3000, 7000, 15000, 31000, 63000]);
    expect(at('inform TU of timeout')).toEqual([64000]);
  });

  it('never retransmits over a reliable transport but still times out', () => {
    const { clock, at } = run(inviteClientTable, true);
    clock.advance(40_000);
    expect(at('retransmit request')).toEqual([]);
    expect(at('inform TU of timeout')).toEqual([32000]);
  });

  it('stops retransmitting on a provisional response, ACKs a 486 and its retransmissions, and ends with Timer D', () => {
    const { clock, machine, log, at } = run(inviteClientTable, false);
    clock.advance(700);
    machine.dispatch('received1xx', '180');
    clock.advance(60_000); // Proceeding waits for the final response however long it takes
    expect(at('retransmit request')).toEqual([500]);
    expect(clock.activeTimers).toBe(0);
    machine.dispatch('received300to699', '486');
    clock.advance(1000);
    machine.dispatch('received300to699', '486');
    clock.advance(40_000);
    expect(log).toEqual([
      '0 send request (request)',
      '500 retransmit request',
      '700 response to TU (180)',
      '60700 send ACK (486)',
      '60700 response to TU (486)',
      '61700 send ACK (486)',
      '92700 terminated',
    ]);
  });

  it('ends at once after a 486 over a reliable transport (Timer D = 0)', () => {
    const { clock, machine, at } = run(inviteClientTable, true);
    machine.dispatch('received300to699', '486');
    clock.advance(0);
    expect(at('terminated')).toEqual([0]);
  });

  it('in Accepted passes every 2xx retransmission to the TU without ACKing it, until Timer M', () => {
    const { clock, machine, log } = run(inviteClientTable, false);
    clock.advance(100);
    machine.dispatch('received2xx', '200');
    clock.advance(500);
    machine.dispatch('received2xx', '200 again');
    machine.dispatch('received1xx', 'late 180');
    machine.dispatch('received300to699', 'stray 500');
    clock.advance(40_000);
    expect(log).toEqual([
      '0 send request (request)',
      '100 response to TU (200)',
      '600 response to TU (200 again)',
      '32100 terminated',
    ]);
  });
});

describe('non-INVITE client transaction on a simulated clock', () => {
  it('retransmits doubling from T1 up to T2 = 4 s, then every 4 s, until Timer F', () => {
    const { clock, log, at } = run(nonInviteClientTable, false);
    clock.advance(40_000);
    expect(at('retransmit request')).toEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(log.slice(-2)).toEqual(['32000 inform TU of timeout', '32000 terminated']);
    expect(clock.activeTimers).toBe(0);
  });

  it('after a provisional response retransmits every T2', () => {
    const { clock, machine, at } = run(nonInviteClientTable, false);
    clock.advance(600);
    machine.dispatch('received1xx', '100');
    clock.advance(40_000);
    expect(at('retransmit request')).toEqual([500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500]);
    expect(at('inform TU of timeout')).toEqual([32000]);
  });

  it('absorbs response retransmissions in Completed for T4, or not at all over a reliable transport', () => {
    const udp = run(nonInviteClientTable, false);
    udp.clock.advance(200);
    udp.machine.dispatch('received2xx', '200');
    udp.machine.dispatch('received2xx', '200 again');
    udp.clock.advance(10_000);
    expect(udp.log).toEqual(['0 send request (request)', '200 response to TU (200)', '5200 terminated']);

    const tcp = run(nonInviteClientTable, true);
    tcp.machine.dispatch('received300to699', '404');
    tcp.clock.advance(0);
    expect(tcp.log).toEqual(['0 send request (request)', '0 response to TU (404)', '0 terminated']);
  });

  it('reports a transport error and ends', () => {
    const { machine, log, clock } = run(nonInviteClientTable, false);
    machine.dispatch('transportError');
    expect(log.slice(-2)).toEqual(['0 inform TU of transportError', '0 terminated']);
    expect(clock.activeTimers).toBe(0);
  });
});

describe('INVITE server transaction on a simulated clock', () => {
  it('sends 100 Trying after 200 ms when the TU is silent, and not when it answered first', () => {
    const silent = run(inviteServerTable, false);
    silent.clock.advance(1000);
    expect(silent.at('send 100 Trying')).toEqual([200]);

    const quick = run(inviteServerTable, false);
    quick.clock.advance(100);
    quick.machine.dispatch('tu1xx', '180');
    quick.clock.advance(1000);
    expect(quick.at('send 100 Trying')).toEqual([]);
  });

  it('retransmits a 486 on Timer G (T1 doubling to T2) until Timer H reports the missing ACK', () => {
    const { clock, machine, log, at } = run(inviteServerTable, false);
    clock.advance(1000);
    machine.dispatch('tu300to699', '486');
    clock.advance(40_000);
    expect(at('retransmit response')).toEqual([1500, 2500, 4500, 8500, 12500, 16500, 20500, 24500, 28500, 32500]);
    expect(log.slice(-2)).toEqual(['33000 inform TU of timeout', '33000 terminated']);
  });

  it('stops on the ACK, absorbs more ACKs and INVITEs in Confirmed, and ends after Timer I = T4', () => {
    const { clock, machine, log } = run(inviteServerTable, false);
    machine.dispatch('tu300to699', '486');
    clock.advance(600);
    machine.dispatch('requestRetransmission', 'INVITE again');
    machine.dispatch('ack', 'ACK');
    machine.dispatch('ack', 'ACK again');
    machine.dispatch('requestRetransmission', 'INVITE again');
    clock.advance(10_000);
    expect(log).toEqual([
      '0 request to TU (request)',
      '0 send response (486)',
      '500 retransmit response',
      '600 retransmit response (INVITE again)',
      '5600 terminated',
    ]);
  });

  it('over a reliable transport sends the 486 once and ends on the ACK', () => {
    const { clock, machine, log } = run(inviteServerTable, true);
    machine.dispatch('tu300to699', '486');
    clock.advance(5000);
    machine.dispatch('ack', 'ACK');
    clock.advance(0);
    expect(log).toEqual(['0 request to TU (request)', '0 send response (486)', '5000 terminated']);
  });

  it('in Accepted absorbs INVITE retransmissions, sends the TU 2xx retransmissions, passes the ACK up and ends on Timer L', () => {
    const { clock, machine, log } = run(inviteServerTable, false);
    machine.dispatch('tu2xx', '200');
    clock.advance(500);
    machine.dispatch('requestRetransmission', 'INVITE again');
    machine.dispatch('tu2xx', '200 again');
    machine.dispatch('ack', 'ACK');
    clock.advance(40_000);
    expect(log).toEqual([
      '0 request to TU (request)',
      '0 send response (200)',
      '500 send response (200 again)',
      '500 request to TU (ACK)',
      '32000 terminated',
    ]);
  });

  it('lets the TU answer from inside the callback that hands it the INVITE', () => {
    const { clock, machine, log } = run(inviteServerTable, false, {
      tu: (effect, tx) => {
        if (effect.kind === 'passRequestToTu') tx.dispatch('tu300to699', '486');
      },
    });
    expect(machine.state).toBe('completed');
    clock.advance(1000);
    // the answer stopped the Trying timer: no 100 at 200 ms
    expect(log).toEqual(['0 request to TU (request)', '0 send response (486)', '500 retransmit response']);
  });
});

describe('non-INVITE server transaction on a simulated clock', () => {
  it('drops retransmissions before a response, resends the final one afterwards, and ends on Timer J', () => {
    const { clock, machine, log } = run(nonInviteServerTable, false);
    machine.dispatch('requestRetransmission', 'OPTIONS again');
    clock.advance(300);
    machine.dispatch('tu2xx', '200');
    machine.dispatch('tu300to699', 'late 500');
    clock.advance(500);
    machine.dispatch('requestRetransmission', 'OPTIONS again');
    clock.advance(40_000);
    expect(log).toEqual([
      '0 request to TU (request)',
      '300 send response (200)',
      '800 retransmit response (OPTIONS again)',
      '32300 terminated',
    ]);
  });

  it('ends as soon as the final response is sent over a reliable transport', () => {
    const { clock, machine, log } = run(nonInviteServerTable, true);
    machine.dispatch('tu2xx', '200');
    clock.advance(0);
    expect(log).toEqual(['0 request to TU (request)', '0 send response (200)', '0 terminated']);
  });
});
