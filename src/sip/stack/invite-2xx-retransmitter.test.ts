import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import { createRequest } from '../request.js';
import { createResponse } from '../response.js';
import { Method } from '../methods.js';
import { Status } from '../status.js';
import { defaultTimerConfig } from '../transaction/index.js';
import type { MessageSource } from '../transport/index.js';
import type { SipRequest } from '../message.js';
import { Invite2xxRetransmitter } from './invite-2xx-retransmitter.js';

const source: MessageSource = { protocol: 'udp', remoteAddress: '192.0.2.1', remotePort: 5060, localAddress: '192.0.2.9', localPort: 5060 };
const uri = { kind: 'sip', scheme: 'sip', host: 'example.com', params: new Map(), headers: [] } as const;

function invite(callId = 'call-1'): SipRequest {
  return createRequest({
    method: Method.INVITE,
    uri,
    via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.1', port: 5060, branch: 'z9hG4bK-1', params: new Map() }],
    from: { uri, params: new Map([['tag', 'caller']]) },
    to: { uri, params: new Map() },
    callId,
    cseq: 7,
  });
}

function ackFor(request: SipRequest, toTag: string): SipRequest {
  return createRequest({
    method: Method.ACK,
    uri,
    via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.1', port: 5060, branch: 'z9hG4bK-ack', params: new Map() }],
    from: request.from,
    to: { uri, params: new Map([['tag', toTag]]) },
    callId: request.callId,
    cseq: request.cseq.seq,
  });
}

function setup() {
  const clock = new SimulatedClock();
  const sent: number[] = [];
  const timedOut: string[] = [];
  const retransmitter = new Invite2xxRetransmitter({
    clock,
    timers: defaultTimerConfig,
    send: () => sent.push(clock.now()),
    onAckTimeout: (response) => timedOut.push(`${clock.now()} ${response.callId}`),
  });
  return { clock, sent, timedOut, retransmitter };
}

describe('Invite2xxRetransmitter (RFC 3261 §13.3.1.4)', () => {
  it('resends the 2xx at T1, doubling up to T2, until 64·T1, then reports the missing ACK', () => {
    const { clock, sent, timedOut, retransmitter } = setup();
    retransmitter.start(createResponse(invite(), Status.OK, { toTag: 'callee' }), source);
    clock.advance(40_000);
    expect(sent).toEqual([500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    expect(timedOut).toEqual(['32000 call-1']);
    expect(retransmitter.size).toBe(0);
    expect(clock.activeTimers).toBe(0);
  });

  it('stops when the ACK carrying the same Call-ID, CSeq number and tags arrives', () => {
    const { clock, sent, timedOut, retransmitter } = setup();
    const request = invite();
    retransmitter.start(createResponse(request, Status.OK, { toTag: 'callee' }), source);
    clock.advance(2000);
    expect(retransmitter.acknowledge(ackFor(request, 'other'))).toBe(false);
    expect(retransmitter.acknowledge(ackFor(request, 'callee'))).toBe(true);
    clock.advance(60_000);
    expect(sent).toEqual([500, 1500]);
    expect(timedOut).toEqual([]);
    expect(clock.activeTimers).toBe(0);
  });

  it('keeps one schedule per 2xx however often it is started', () => {
    const { clock, sent, retransmitter } = setup();
    const response = createResponse(invite(), Status.OK, { toTag: 'callee' });
    retransmitter.start(response, source);
    clock.advance(400);
    retransmitter.start(response, source);
    clock.advance(1200);
    expect(sent).toEqual([500, 1500]);
    retransmitter.stopAll();
    expect(clock.activeTimers).toBe(0);
  });
});
