import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock.js';
import type { SipMessage } from '../message.js';
import { parseMessage } from '../parse.js';
import { AdmissionControl, trafficClass } from './admission-control.js';
import type { TrafficClass } from './admission-control.js';

const limits = { maxServerTransactions: 10, maxMessagesPerSecond: 100, retryAfterSeconds: 7 };

function flood(control: AdmissionControl, count: number): void {
  for (let i = 0; i < count; i++) control.countMessage();
}

describe('AdmissionControl', () => {
  it('admits new requests below both bounds', () => {
    const control = new AdmissionControl(new SimulatedClock(), limits);
    flood(control, 100);
    expect(control.admit('new', 9)).toEqual({ admitted: true });
  });

  it('refuses new requests with a Retry-After once the server transactions are at the bound', () => {
    const control = new AdmissionControl(new SimulatedClock(), limits);
    expect(control.admit('new', 10)).toEqual({ admitted: false, cause: 'transactions', retryAfterSeconds: 7 });
  });

  it('refuses new requests while the inbound rate is above the bound, and admits them again as it falls', () => {
    const clock = new SimulatedClock(1_000_000);
    const control = new AdmissionControl(clock, limits);
    flood(control, 150);
    expect(control.admit('new', 0)).toMatchObject({ admitted: false, cause: 'rate' });
    clock.advance(1000);
    // a full window later the previous one still overlaps entirely: 150 per second
    expect(control.messagesPerSecond).toBe(150);
    clock.advance(500);
    expect(control.messagesPerSecond).toBe(75);
    expect(control.admit('new', 0)).toEqual({ admitted: true });
    clock.advance(600);
    expect(control.messagesPerSecond).toBe(0);
  });

  it('never sheds ACK, CANCEL or responses, and sheds in-dialog requests only past the headroom', () => {
    const control = new AdmissionControl(new SimulatedClock(), limits);
    flood(control, 150);
    const at = (traffic: TrafficClass, transactions: number) => control.admit(traffic, transactions).admitted;
    expect(['response', 'ack', 'cancel', 'in-dialog'].map((t) => at(t as TrafficClass, 15))).toEqual([true, true, true, true]);
    expect(at('new', 0)).toBe(false);
    flood(control, 100);
    expect(at('in-dialog', 0)).toBe(false);
    expect(at('in-dialog', 25)).toBe(false);
    expect(['response', 'ack', 'cancel'].map((t) => at(t as TrafficClass, 1_000_000))).toEqual([true, true, true]);
  });

  it('refuses limits that are not positive numbers', () => {
    expect(() => new AdmissionControl(new SimulatedClock(), { ...limits, maxMessagesPerSecond: 0 })).toThrow(/maxMessagesPerSecond/);
  });
});

describe('trafficClass', () => {
  const message = (start: string, method: string, toTag = ''): SipMessage => {
    const text = [
      start,
      'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-1',
      'From: <sip:a@example.com>;tag=1',
      `To: <sip:b@example.com>${toTag}`,
      'Call-ID: x',
      `CSeq: 1 ${method}`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const parsed = parseMessage(Buffer.from(text));
    if (!parsed.ok) throw new Error(parsed.error.reason);
    return parsed.message;
  };

  it('tells responses, ACK, CANCEL, in-dialog and new requests apart', () => {
    expect(trafficClass(message('SIP/2.0 200 OK', 'INVITE', ';tag=2'))).toBe('response');
    expect(trafficClass(message('ACK sip:b@example.com SIP/2.0', 'ACK', ';tag=2'))).toBe('ack');
    expect(trafficClass(message('CANCEL sip:b@example.com SIP/2.0', 'CANCEL'))).toBe('cancel');
    expect(trafficClass(message('BYE sip:b@example.com SIP/2.0', 'BYE', ';tag=2'))).toBe('in-dialog');
    expect(trafficClass(message('INVITE sip:b@example.com SIP/2.0', 'INVITE'))).toBe('new');
  });
});
