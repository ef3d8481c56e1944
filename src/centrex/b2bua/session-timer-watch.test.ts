import { describe, expect, it } from 'vitest';
import { SimulatedClock, Status, createRequest, createResponse, noParams, parseUri } from '../../sip/index.js';
import type { SipResponse, Uri } from '../../sip/index.js';
import { SessionTimerWatch } from './session-timer-watch.js';

const uri = (text: string): Uri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

function ok(headers: { name: string; value: string }[] = []): SipResponse {
  const invite = createRequest({
    method: 'INVITE',
    uri: uri('sip:202@acme.example'),
    via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '192.0.2.10', branch: 'z9hG4bK1', params: noParams }],
    from: { uri: uri('sip:201@acme.example'), params: new Map([['tag', 'a']]) },
    to: { uri: uri('sip:202@acme.example'), params: noParams },
    callId: 'c1',
    cseq: 1,
  });
  return createResponse(invite, Status.OK, { toTag: 'b', headers });
}

function watch() {
  const clock = new SimulatedClock(0);
  const expired: number[] = [];
  return { clock, expired, watch: new SessionTimerWatch(clock, () => expired.push(clock.now())) };
}

describe('the session timer watch', () => {
  it('ends the session a third of the interval (at most 32 s) before it runs out, unless refreshed', () => {
    const { clock, expired, watch: w } = watch();
    expect(w.answered(undefined, ok([{ name: 'Session-Expires', value: '90;refresher=uac' }]))).toEqual([]);
    clock.advance(50_000);
    w.answered(undefined, ok([{ name: 'Session-Expires', value: '300;refresher=uas' }]));
    clock.advance(267_999);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired).toEqual([318_000]);
    expect(w.running).toBe(false);
  });

  it('takes the timer on when the far end ignores an offer: the offering side refreshes', () => {
    const { clock, expired, watch: w } = watch();
    expect(w.answered({ interval: 120 }, ok())).toEqual([
      { name: 'Session-Expires', value: '120;refresher=uac' },
      { name: 'Require', value: 'timer' },
    ]);
    clock.advance(88_000);
    expect(expired).toEqual([88_000]);
  });

  it('stops when a refresh negotiates no timer', () => {
    const { clock, expired, watch: w } = watch();
    w.answered(undefined, ok([{ name: 'Session-Expires', value: '90' }]));
    w.answered(undefined, ok());
    clock.advance(1_000_000);
    expect(expired).toEqual([]);
  });
});
