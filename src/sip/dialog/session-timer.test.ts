/** Session timers (RFC 4028): header values, the UAS answer, the UAC's view, and the deadlines. */
import { describe, expect, it } from 'vitest';
import type { SipMessage, SipRequest, SipResponse } from '../message.js';
import { parseMessage } from '../parse.js';
import { readMinSE, readSessionExpires, supportsTimer } from './session-timer.js';
import { answerSessionTimer, retryOfferAfter422, sessionTimerAction, sessionTimerOfAnswer, sessionTimerRequestHeaders } from './session-timer-negotiation.js';
import type { SessionTimerPolicy } from './session-timer-negotiation.js';

function sip(text: string): SipMessage {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: 0\r\n\r\n`));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.message;
}

/** An INVITE with the given session timer header lines. */
function invite(...timerLines: string[]): SipRequest {
  return sip(`
    INVITE sip:2300@pbx.example.net SIP/2.0
    Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKst
    To: <sip:2300@pbx.example.net>
    From: <sip:2317@pbx.example.net>;tag=a
    Call-ID: st-1
    CSeq: 1 INVITE
    Contact: <sip:2317@198.51.100.7>
    ${timerLines.join('\n')}
  `) as SipRequest;
}

function response(status: string, ...timerLines: string[]): SipResponse {
  return sip(`
    SIP/2.0 ${status}
    Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKst
    To: <sip:2300@pbx.example.net>;tag=b
    From: <sip:2317@pbx.example.net>;tag=a
    Call-ID: st-1
    CSeq: 1 INVITE
    ${timerLines.join('\n')}
  `) as SipResponse;
}

const policy: SessionTimerPolicy = { minSE: 300, interval: 1800, refresher: 'uas', imposeWhenAbsent: false };

describe('Session-Expires and Min-SE values', () => {
  it('reads the interval and refresher, in full or compact form', () => {
    expect(readSessionExpires(invite('Session-Expires: 1800;refresher=uac'))).toEqual({ ok: true, value: { interval: 1800, refresher: 'uac' } });
    expect(readSessionExpires(invite('x: 600'))).toEqual({ ok: true, value: { interval: 600 } });
    expect(readSessionExpires(invite('Session-Expires: 600;refresher=UAS'))).toEqual({ ok: true, value: { interval: 600, refresher: 'uas' } });
    expect(readSessionExpires(invite())).toBeUndefined();
    expect(readMinSE(invite('Min-SE: 90'))).toEqual({ ok: true, value: 90 });
  });

  it('reports malformed values', () => {
    expect(readSessionExpires(invite('Session-Expires: soon'))?.ok).toBe(false);
    expect(readSessionExpires(invite('Session-Expires: 1800;refresher=proxy'))).toEqual({ ok: false, reason: 'invalid refresher parameter' });
    expect(readMinSE(invite('Min-SE: -5'))?.ok).toBe(false);
  });

  it('sees `timer` in Supported, including the compact form, or in Require', () => {
    expect(supportsTimer(invite('Supported: 100rel, timer'))).toBe(true);
    expect(supportsTimer(invite('k: timer'))).toBe(true);
    expect(supportsTimer(invite('Require: timer'))).toBe(true);
    expect(supportsTimer(invite('Supported: 100rel'))).toBe(false);
  });
});

describe('the UAS answer (§9)', () => {
  it('rejects an interval below our Min-SE with 422 carrying it', () => {
    expect(answerSessionTimer(invite('Supported: timer', 'Session-Expires: 120'), policy)).toEqual({
      kind: 'reject',
      status: 422,
      headers: [{ name: 'Min-SE', value: '300' }],
    });
  });

  it('raises the interval of a UAC that cannot act on a 422, and refreshes itself', () => {
    expect(answerSessionTimer(invite('Session-Expires: 120'), policy)).toEqual({
      kind: 'accept',
      timer: { interval: 300, refresher: 'uas' },
      headers: [{ name: 'Session-Expires', value: '300;refresher=uas' }],
    });
  });

  it('reduces a long interval to ours and requires the extension from a UAC supporting it', () => {
    expect(answerSessionTimer(invite('Supported: timer', 'Session-Expires: 7200'), policy)).toEqual({
      kind: 'accept',
      timer: { interval: 1800, refresher: 'uas' },
      headers: [
        { name: 'Session-Expires', value: '1800;refresher=uas' },
        { name: 'Require', value: 'timer' },
      ],
    });
  });

  it('never goes below the Min-SE of the request, nor above what was asked', () => {
    expect(answerSessionTimer(invite('Supported: timer', 'Session-Expires: 7200', 'Min-SE: 3600'), policy)).toMatchObject({ timer: { interval: 3600 } });
    expect(answerSessionTimer(invite('Supported: timer', 'Session-Expires: 600'), policy)).toMatchObject({ timer: { interval: 600 } });
  });

  it.each([
    ['the UAC chose uac', ['Supported: timer', 'Session-Expires: 1800;refresher=uac'], 'uac'],
    ['the UAC chose uas', ['Supported: timer', 'Session-Expires: 1800;refresher=uas'], 'uas'],
    ['the UAC left it open: our preference', ['Supported: timer', 'Session-Expires: 1800'], 'uas'],
    ['the UAC does not support timers', ['Session-Expires: 1800;refresher=uac'], 'uas'],
  ])('picks the refresher when %s', (_, lines, refresher) => {
    expect(answerSessionTimer(invite(...lines), policy)).toMatchObject({ kind: 'accept', timer: { refresher } });
  });

  it('follows the policy when the choice is ours', () => {
    expect(answerSessionTimer(invite('Supported: timer', 'Session-Expires: 1800'), { ...policy, refresher: 'uac' })).toMatchObject({ timer: { refresher: 'uac' } });
  });

  it('runs no timer nobody asked for, unless the policy imposes one', () => {
    expect(answerSessionTimer(invite('Supported: timer'), policy)).toEqual({ kind: 'accept', headers: [] });
    expect(answerSessionTimer(invite('Supported: timer', 'Min-SE: 2400'), { ...policy, imposeWhenAbsent: true })).toMatchObject({
      timer: { interval: 2400, refresher: 'uas' },
    });
    expect(answerSessionTimer(invite(), { ...policy, imposeWhenAbsent: true })).toEqual({
      kind: 'accept',
      timer: { interval: 1800, refresher: 'uas' },
      headers: [{ name: 'Session-Expires', value: '1800;refresher=uas' }],
    });
  });

  it('answers 400 to malformed headers', () => {
    expect(answerSessionTimer(invite('Session-Expires: later'), policy)).toMatchObject({ kind: 'malformed', status: 400 });
    expect(answerSessionTimer(invite('Session-Expires: 1800', 'Min-SE: x'), policy)).toMatchObject({ kind: 'malformed', status: 400 });
  });

  it('refuses a policy RFC 4028 does not allow', () => {
    expect(() => answerSessionTimer(invite(), { ...policy, minSE: 60 })).toThrow(RangeError);
    expect(() => answerSessionTimer(invite(), { ...policy, interval: 200 })).toThrow(RangeError);
  });
});

describe('the UAC side (§7)', () => {
  it('offers the timer with Supported, Session-Expires and Min-SE', () => {
    expect(sessionTimerRequestHeaders({ interval: 1800, minSE: 90, refresher: 'uac' })).toEqual([
      { name: 'Supported', value: 'timer' },
      { name: 'Session-Expires', value: '1800;refresher=uac' },
      { name: 'Min-SE', value: '90' },
    ]);
    expect(sessionTimerRequestHeaders({ interval: 1800 })).toHaveLength(2);
  });

  it('learns the timer from the 2xx, or that there is none', () => {
    expect(sessionTimerOfAnswer(response('200 OK', 'Session-Expires: 900;refresher=uas', 'Require: timer'))).toEqual({ ok: true, value: { interval: 900, refresher: 'uas' } });
    expect(sessionTimerOfAnswer(response('200 OK', 'Session-Expires: 900'))).toEqual({ ok: true, value: { interval: 900, refresher: 'uac' } });
    expect(sessionTimerOfAnswer(response('200 OK'))).toEqual({ ok: true, value: undefined });
    expect(sessionTimerOfAnswer(response('200 OK', 'Session-Expires: ?')).ok).toBe(false);
  });

  it('retries after 422 with the largest Min-SE seen', () => {
    const first = { interval: 120, minSE: 90 };
    const second = retryOfferAfter422(response('422 Session Interval Too Small', 'Min-SE: 600'), first);
    expect(second).toEqual({ interval: 600, minSE: 600 });
    // a later, smaller Min-SE from another hop does not lower it
    expect(second && retryOfferAfter422(response('422 Session Interval Too Small', 'Min-SE: 300'), second)).toEqual({ interval: 600, minSE: 600 });
    expect(retryOfferAfter422(response('422 Session Interval Too Small'), first)).toBeUndefined();
  });
});

describe('deadlines (§10)', () => {
  it('refreshes at half the interval on the refresher side', () => {
    expect(sessionTimerAction({ interval: 1800, refresher: 'uac' }, 'uac')).toEqual({ action: 'refresh', afterMs: 900_000 });
  });

  it('sends BYE 32 s before expiry on the other side, or a third earlier for short intervals', () => {
    expect(sessionTimerAction({ interval: 1800, refresher: 'uac' }, 'uas')).toEqual({ action: 'bye', afterMs: 1_768_000 });
    expect(sessionTimerAction({ interval: 90, refresher: 'uas' }, 'uac')).toEqual({ action: 'bye', afterMs: 60_000 });
  });
});
