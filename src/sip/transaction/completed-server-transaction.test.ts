/** A completed non-INVITE server transaction in its compact form, driven by the non-INVITE server table. */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { Method } from '../methods.js';
import { noParams } from '../params.js';
import { createRequest } from '../request.js';
import type { SendResult, TransportError } from '../transport/index.js';
import { CompletedServerTransaction, completedServerTable } from './completed-server-transaction.js';
import { ExpiryQueue } from './expiry-queue.js';
import { defaultTimerConfig } from './timer-config.js';
import type { WireResponse } from './transaction-port.js';

const uri = { kind: 'sip', scheme: 'sip', user: 'alice', host: 'example.com', params: noParams, headers: [] } as const;
const request = (method: typeof Method.REGISTER | typeof Method.ACK) =>
  createRequest({
    method,
    uri,
    via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.20', port: 5060, branch: 'z9hG4bK-1', params: noParams }],
    from: { uri, params: new Map([['tag', 'ph']]) },
    to: { uri, params: noParams },
    callId: 'reg-1',
    cseq: 1,
  });

function completed(results: SendResult[] = []) {
  const clock = new SimulatedClock();
  const queue = new ExpiryQueue<CompletedServerTransaction>(clock, 64 * defaultTimerConfig.t1);
  const answer: WireResponse = { data: Buffer.from('SIP/2.0 200 OK\r\n\r\n'), target: { protocol: 'udp', host: '192.0.2.20', port: 5060 } };
  const sent: WireResponse[] = [];
  const events: string[] = [];
  const forgotten: CompletedServerTransaction[] = [];
  const port = {
    sendRequest: () => Promise.resolve<SendResult>({ ok: true }),
    sendResponse: () => Promise.resolve<SendResult>({ ok: true }),
    wireResponse: () => answer,
    sendWire: (wire: WireResponse) => {
      sent.push(wire);
      return Promise.resolve<SendResult>(results.shift() ?? { ok: true });
    },
  };
  const transaction = new CompletedServerTransaction(
    'z9hG4bK-1\nUDP/192.0.2.20:5060\nREGISTER',
    undefined,
    answer,
    {
      onTransportError: (error: TransportError) => events.push(`${clock.now()} transport error ${error.code}`),
      onTerminated: () => events.push(`${clock.now()} terminated`),
    },
    { port, ...completedServerTable({ timers: defaultTimerConfig, reliable: false }), queue, onTerminated: (tx) => forgotten.push(tx) },
  );
  return { clock, queue, answer, sent, events, forgotten, transaction };
}

describe('CompletedServerTransaction', () => {
  it('answers each retransmission with the bytes first sent, and ends at Timer J (64·T1) telling its owner and the TU', () => {
    const { clock, queue, answer, sent, events, forgotten, transaction } = completed();
    clock.advance(1000);
    transaction.receive(request(Method.REGISTER));
    transaction.receive(request(Method.REGISTER));
    expect(sent).toEqual([answer, answer]);
    expect(transaction.state).toBe('completed');
    clock.advance(31_000);
    expect(events).toEqual(['32000 terminated']);
    expect(forgotten).toEqual([transaction]);
    expect(transaction.state).toBe('terminated');
    transaction.receive(request(Method.REGISTER));
    expect(sent).toHaveLength(2);
    expect(queue.pending).toBe(0);
    expect(clock.activeTimers).toBe(0);
  });

  it('reports a resend that failed to the TU and ends at once; the queue gives back its clock timer when it fires with nothing pending', async () => {
    const { clock, queue, events, forgotten, transaction } = completed([{ ok: false, error: { code: 'send_failed', message: 'EPERM' } }]);
    transaction.receive(request(Method.REGISTER));
    await Promise.resolve();
    expect(events).toEqual(['0 transport error send_failed', '0 terminated']);
    expect(forgotten).toEqual([transaction]);
    expect(queue.pending).toBe(0);
    expect(clock.activeTimers).toBe(1);
    clock.advance(40_000);
    expect(events).toHaveLength(2);
    expect(clock.activeTimers).toBe(0);
  });

  it('refuses an ACK, which only ever matches an INVITE transaction', () => {
    const { transaction } = completed();
    expect(() => transaction.receive(request(Method.ACK))).toThrow(/only ever matches an INVITE/);
  });
});
