/**
 * Every row of the four tables, written out independently from RFC 3261 §17 and RFC 6026.
 * Effects are rendered with the retransmit timer last started at 1000 ms, so doubling shows.
 */
import { describe, expect, it } from 'vitest';
import { inviteClientTable } from './invite-client-table.js';
import { inviteServerTable } from './invite-server-table.js';
import { nonInviteClientTable } from './non-invite-client-table.js';
import { nonInviteServerTable } from './non-invite-server-table.js';
import { defaultTimerConfig } from './timer-config.js';
import type { TimerConfig } from './timer-config.js';
import { describeEffect } from './transaction-effects.js';
import type { Row, TransactionTable } from './transition-table.js';

function rendered(table: TransactionTable<string, string>, reliable: boolean, timers: TimerConfig = defaultTimerConfig) {
  const render = (row: Row<string>) => {
    const effects = row.effects({ timers, reliable, interval: 1000 }).map(describeEffect);
    return effects.length ? `${row.next}: ${effects.join(', ')}` : row.next;
  };
  const out: Record<string, string> = { start: render(table.start) };
  for (const state of table.states) {
    for (const input of table.inputs) {
      const entry = table.rows[state]?.[input];
      if (entry?.kind === 'row') out[`${state}/${input}`] = render(entry);
    }
  }
  return out;
}

describe('INVITE client (RFC 3261 §17.1.1, RFC 6026 §8.4)', () => {
  const unreliable = {
    start: 'calling: send request, start A 500, start B 32000',
    'calling/received1xx': 'proceeding: stop A, stop B, response to TU',
    'calling/received2xx': 'accepted: stop A, stop B, start M 32000, response to TU',
    'calling/received300to699': 'completed: stop A, stop B, send ACK, start D 32000, response to TU',
    'calling/timerA': 'calling: retransmit request, start A 2000',
    'calling/timerB': 'terminated: inform TU of timeout',
    'calling/transportError': 'terminated: inform TU of transportError',
    'proceeding/received1xx': 'proceeding: response to TU',
    'proceeding/received2xx': 'accepted: start M 32000, response to TU',
    'proceeding/received300to699': 'completed: send ACK, start D 32000, response to TU',
    'completed/received300to699': 'completed: send ACK',
    'completed/timerD': 'terminated',
    'completed/transportError': 'terminated: inform TU of transportError',
    'accepted/received2xx': 'accepted: response to TU',
    'accepted/timerM': 'terminated',
  };

  it('has exactly these rows on an unreliable transport', () => {
    expect(rendered(inviteClientTable, false)).toEqual(unreliable);
  });

  it('starts no Timer A and sets Timer D to zero on a reliable transport', () => {
    expect(rendered(inviteClientTable, true)).toEqual({
      ...unreliable,
      start: 'calling: send request, start B 32000',
      'calling/received300to699': 'completed: stop A, stop B, send ACK, start D 0, response to TU',
      'proceeding/received300to699': 'completed: send ACK, start D 0, response to TU',
    });
  });

  it('derives B, D and M from T1 (D never under 32 s)', () => {
    const slow = rendered(inviteClientTable, false, { t1: 1000, t2: 4000, t4: 5000 });
    expect(slow.start).toBe('calling: send request, start A 1000, start B 64000');
    expect(slow['proceeding/received300to699']).toBe('completed: send ACK, start D 64000, response to TU');
    expect(slow['proceeding/received2xx']).toBe('accepted: start M 64000, response to TU');
    const fast = rendered(inviteClientTable, false, { t1: 100, t2: 4000, t4: 5000 });
    expect(fast['proceeding/received300to699']).toBe('completed: send ACK, start D 32000, response to TU');
  });
});

describe('non-INVITE client (RFC 3261 §17.1.2)', () => {
  const unreliable = {
    start: 'trying: send request, start E 500, start F 32000',
    'trying/received1xx': 'proceeding: response to TU',
    'trying/received2xx': 'completed: stop E, stop F, start K 5000, response to TU',
    'trying/received300to699': 'completed: stop E, stop F, start K 5000, response to TU',
    'trying/timerE': 'trying: retransmit request, start E 2000',
    'trying/timerF': 'terminated: inform TU of timeout',
    'trying/transportError': 'terminated: inform TU of transportError',
    'proceeding/received1xx': 'proceeding: response to TU',
    'proceeding/received2xx': 'completed: stop E, stop F, start K 5000, response to TU',
    'proceeding/received300to699': 'completed: stop E, stop F, start K 5000, response to TU',
    'proceeding/timerE': 'proceeding: retransmit request, start E 4000',
    'proceeding/timerF': 'terminated: inform TU of timeout',
    'proceeding/transportError': 'terminated: inform TU of transportError',
    'completed/timerK': 'terminated',
  };

  it('has exactly these rows on an unreliable transport', () => {
    expect(rendered(nonInviteClientTable, false)).toEqual(unreliable);
  });

  it('starts no Timer E and sets Timer K to zero on a reliable transport', () => {
    const k0 = 'completed: stop E, stop F, start K 0, response to TU';
    expect(rendered(nonInviteClientTable, true)).toEqual({
      ...unreliable,
      start: 'trying: send request, start F 32000',
      'trying/received2xx': k0,
      'trying/received300to699': k0,
      'proceeding/received2xx': k0,
      'proceeding/received300to699': k0,
    });
  });

  it('caps the doubled Timer E at T2', () => {
    const row = nonInviteClientTable.rows.trying.timerE;
    if (row.kind !== 'row') throw new Error('trying/timerE must be a row');
    const ctx = { timers: defaultTimerConfig, reliable: false };
    expect(row.effects({ ...ctx, interval: 2000 }).map(describeEffect)).toEqual(['retransmit request', 'start E 4000']);
    expect(row.effects({ ...ctx, interval: 4000 }).map(describeEffect)).toEqual(['retransmit request', 'start E 4000']);
  });
});

describe('INVITE server (RFC 3261 §17.2.1, RFC 6026 §8.5–§8.7)', () => {
  const unreliable = {
    start: 'proceeding: start Trying 200, request to TU',
    'proceeding/requestRetransmission': 'proceeding: retransmit response',
    'proceeding/tu1xx': 'proceeding: stop Trying, send response',
    'proceeding/tu2xx': 'accepted: stop Trying, send response, start L 32000',
    'proceeding/tu300to699': 'completed: stop Trying, send response, start G 500, start H 32000',
    'proceeding/timerTrying': 'proceeding: send 100 Trying',
    'proceeding/transportError': 'proceeding: inform TU of transportError',
    'completed/requestRetransmission': 'completed: retransmit response',
    'completed/ack': 'confirmed: stop G, stop H, start I 5000',
    'completed/timerG': 'completed: retransmit response, start G 2000',
    'completed/timerH': 'terminated: inform TU of timeout',
    'completed/transportError': 'completed: inform TU of transportError',
    'confirmed/timerI': 'terminated',
    'accepted/ack': 'accepted: request to TU',
    'accepted/tu2xx': 'accepted: send response',
    'accepted/timerL': 'terminated',
    'accepted/transportError': 'accepted: inform TU of transportError',
  };

  it('has exactly these rows on an unreliable transport', () => {
    expect(rendered(inviteServerTable, false)).toEqual(unreliable);
  });

  it('starts no Timer G and sets Timer I to zero on a reliable transport', () => {
    expect(rendered(inviteServerTable, true)).toEqual({
      ...unreliable,
      'proceeding/tu300to699': 'completed: stop Trying, send response, start H 32000',
      'completed/ack': 'confirmed: stop G, stop H, start I 0',
    });
  });
});

describe('non-INVITE server (RFC 3261 §17.2.2)', () => {
  const unreliable = {
    start: 'trying: request to TU',
    'trying/tu1xx': 'proceeding: send response',
    'trying/tu2xx': 'completed: send response, start J 32000',
    'trying/tu300to699': 'completed: send response, start J 32000',
    'proceeding/requestRetransmission': 'proceeding: retransmit response',
    'proceeding/tu1xx': 'proceeding: send response',
    'proceeding/tu2xx': 'completed: send response, start J 32000',
    'proceeding/tu300to699': 'completed: send response, start J 32000',
    'proceeding/transportError': 'terminated: inform TU of transportError',
    'completed/requestRetransmission': 'completed: retransmit response',
    'completed/timerJ': 'terminated',
    'completed/transportError': 'terminated: inform TU of transportError',
  };

  it('has exactly these rows on an unreliable transport', () => {
    expect(rendered(nonInviteServerTable, false)).toEqual(unreliable);
  });

  it('sets Timer J to zero on a reliable transport', () => {
    const j0 = 'completed: send response, start J 0';
    expect(rendered(nonInviteServerTable, true)).toEqual({
      ...unreliable,
      'trying/tu2xx': j0,
      'trying/tu300to699': j0,
      'proceeding/tu2xx': j0,
      'proceeding/tu300to699': j0,
    });
  });
});
