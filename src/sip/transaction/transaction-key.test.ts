/** Matching rules (RFC 3261 §17.1.3, §17.2.3 with its RFC 2543 fallback, §9.2), on parsed wire text. */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { parseMessage } from '../parse.js';
import { createResponse } from '../response.js';
import { serializeMessage } from '../serialize.js';
import { Status } from '../status.js';
import type { MessageSource, SendResult } from '../transport/index.js';
import { TransactionLayer } from './transaction-layer.js';
import { responseKey, serverKey } from './transaction-key.js';

function parsed(data: Buffer): SipMessage {
  const result = parseMessage(data);
  if (!result.ok) throw new Error(result.error.reason);
  return result.message;
}

const parse = (lines: readonly string[]): SipMessage => parsed(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`));

function request(
  method: string,
  { via = 'SIP/2.0/UDP pc33.example.com;branch=z9hG4bKnashds8', to = '<sip:bob@example.com>', callId = 'a84b4c76e66710', cseq = `314159 ${method}` } = {},
): SipRequest {
  const message = parse([
    `${method} sip:bob@example.com SIP/2.0`,
    `Via: ${via}`,
    'Max-Forwards: 70',
    'From: Alice <sip:alice@example.com>;tag=1928301774',
    `To: ${to}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    'Content-Length: 0',
  ]);
  if (message.kind !== 'request') throw new Error('not a request');
  return message;
}

function response(status: number, cseq: string, branch = 'z9hG4bKnashds8'): SipResponse {
  const message = parse([
    `SIP/2.0 ${status} Whatever`,
    `Via: SIP/2.0/UDP pc33.example.com;branch=${branch}`,
    'From: Alice <sip:alice@example.com>;tag=1928301774',
    'To: <sip:bob@example.com>;tag=a6c85cf',
    'Call-ID: a84b4c76e66710',
    `CSeq: ${cseq}`,
    'Content-Length: 0',
  ]);
  if (message.kind !== 'response') throw new Error('not a response');
  return message;
}

const keyOf = (r: SipRequest) => serverKey(r)?.key;

describe('client transaction keys (§17.1.3)', () => {
  it('match a response by top Via branch and CSeq method', () => {
    expect(responseKey(response(200, '314159 INVITE'))).toBe(responseKey(response(180, '314159 INVITE')));
    // a CANCEL shares the INVITE's branch but is a transaction of its own
    expect(responseKey(response(200, '314159 CANCEL'))).not.toBe(responseKey(response(200, '314159 INVITE')));
    expect(responseKey(response(200, '314159 INVITE', 'z9hG4bKother'))).not.toBe(responseKey(response(200, '314159 INVITE')));
  });
});

describe('server transaction keys (§17.2.3)', () => {
  it('put an ACK with the INVITE, a CANCEL apart, and compare sent-by as the RFC does', () => {
    const invite = request('INVITE');
    expect(keyOf(request('ACK', { cseq: '314159 ACK' }))).toBe(keyOf(invite));
    expect(keyOf(request('CANCEL'))).not.toBe(keyOf(invite));
    expect(serverKey(request('CANCEL'), 'INVITE')?.key).toBe(keyOf(invite));
    expect(keyOf(request('INVITE', { via: 'SIP/2.0/UDP PC33.Example.COM:5060;branch=z9hG4bKnashds8' }))).toBe(keyOf(invite));
    expect(keyOf(request('INVITE', { via: 'SIP/2.0/UDP pc34.example.com;branch=z9hG4bKnashds8' }))).not.toBe(keyOf(invite));
    expect(keyOf(request('INVITE', { via: 'SIP/2.0/UDP pc33.example.com;branch=z9hG4bKother' }))).not.toBe(keyOf(invite));
    expect(serverKey(invite)?.legacy).toBe(false);
  });

  it('fall back to the RFC 2543 fields for a branch without the magic cookie', () => {
    const legacyVia = 'SIP/2.0/UDP pc33.example.com;branch=1234';
    const invite = request('INVITE', { via: legacyVia });
    expect(serverKey(invite)?.legacy).toBe(true);
    expect(keyOf(request('ACK', { via: legacyVia, cseq: '314159 ACK' }))).toBe(keyOf(invite));
    expect(keyOf(request('INVITE', { via: legacyVia, callId: 'other' }))).not.toBe(keyOf(invite));
    expect(keyOf(request('INVITE', { via: legacyVia, cseq: '314160 INVITE' }))).not.toBe(keyOf(invite));
    expect(keyOf(request('INVITE', { via: 'SIP/2.0/UDP pc33.example.com:5070;branch=1234' }))).not.toBe(keyOf(invite));
  });
});

describe('the layer matching RFC 2543 requests', () => {
  const source: MessageSource = { protocol: 'udp', remoteAddress: '127.0.0.1', remotePort: 5070, localAddress: '127.0.0.1', localPort: 5060 };
  const legacyVia = 'SIP/2.0/UDP pc33.example.com;branch=1234';

  function layer() {
    const sent: SipMessage[] = [];
    const strayAcks: SipRequest[] = [];
    const ok = (message: SipMessage): Promise<SendResult> => {
      sent.push(message);
      return Promise.resolve({ ok: true });
    };
    const transactions = new TransactionLayer({
      clock: new SimulatedClock(),
      port: {
        sendRequest: ok,
        sendResponse: ok,
        wireResponse: (response) => ({ data: serializeMessage(response), target: { protocol: 'udp', host: source.remoteAddress, port: source.remotePort } }),
        sendWire: (wire) => ok(parsed(wire.data)),
      },
      branchId: () => 'x',
      delegate: { onRequest: (tx) => tx.respond(createResponse(tx.request, Status.NotFound, { toTag: 'a6c85cf' })), onStrayAck: (ack) => strayAcks.push(ack) },
    });
    return { transactions, sent, strayAcks };
  }

  it('absorbs a retransmitted INVITE and the ACK carrying the tag of the response, but not an ACK with another tag', () => {
    const { transactions, sent, strayAcks } = layer();
    expect(transactions.receive(request('INVITE', { via: legacyVia }), source).kind).toBe('created');
    expect(transactions.receive(request('INVITE', { via: legacyVia }), source).kind).toBe('matched');
    expect(sent.map((m) => (m.kind === 'response' ? m.status : m.method))).toEqual([Status.NotFound, Status.NotFound]);
    const wrongAck = request('ACK', { via: legacyVia, cseq: '314159 ACK', to: '<sip:bob@example.com>;tag=someone-else' });
    expect(transactions.receive(wrongAck, source).kind).toBe('stray-ack');
    expect(strayAcks).toEqual([wrongAck]);
    const ack = request('ACK', { via: legacyVia, cseq: '314159 ACK', to: '<sip:bob@example.com>;tag=a6c85cf' });
    const outcome = transactions.receive(ack, source);
    expect(outcome.kind).toBe('matched');
    expect(outcome.kind === 'matched' && outcome.transaction.state).toBe('confirmed');
  });

  it('finds the INVITE a CANCEL names, with either kind of branch', () => {
    for (const via of [legacyVia, 'SIP/2.0/UDP pc33.example.com;branch=z9hG4bKnashds8']) {
      const { transactions } = layer();
      const created = transactions.receive(request('INVITE', { via }), source);
      expect(transactions.inviteCancelledBy(request('CANCEL', { via }))).toBe(created.kind === 'created' ? created.transaction : undefined);
      expect(transactions.inviteCancelledBy(request('CANCEL', { via: via.replace('pc33', 'pc34') }))).toBeUndefined();
    }
  });
});
