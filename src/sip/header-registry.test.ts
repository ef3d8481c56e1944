import { describe, expect, it } from 'vitest';
import { headerKey, isHeader } from './header-names.js';
import { defineHeader, hasHeader, header, headerResult, headerValues } from './header-registry.js';
import { Header } from './header-specs.js';
import type { SipMessage } from './message.js';
import { setHeader } from './message-edit.js';
import { parseMessage } from './parse.js';
import { fail, ok } from './scan.js';

function message(extra: string): SipMessage {
  const parsed = parseMessage(Buffer.from(`OPTIONS sip:b@b.example SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nFrom: <sip:a@a>;tag=1\r\nTo: <sip:b@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n${extra}\r\n`));
  if (!parsed.ok) throw new Error(parsed.error.reason);
  return parsed.message;
}

describe('lazy header registry', () => {
  it('finds headers by full or compact name in any case, across lines, in order', () => {
    const msg = message('k: timer\r\nSUPPORTED: 100rel, path\r\nsupported:\r\n');
    expect(headerValues(msg, 'Supported')).toEqual(['timer', '100rel, path', '']);
    expect(headerValues(msg, 'k')).toHaveLength(3);
    expect(header(msg, Header.Supported)).toEqual(['timer', '100rel', 'path']);
    expect(hasHeader(msg, 's')).toBe(false);
  });

  it('parses once per message and caches the outcome', () => {
    let calls = 0;
    const spec = defineHeader('X-Count', (values) => {
      calls++;
      return values[0] === 'bad' ? fail('bad value') : ok(values.length);
    });
    const msg = message('X-Count: 1\r\nx-count: 2\r\n');
    expect(header(msg, spec)).toBe(2);
    expect(header(msg, spec)).toBe(2);
    expect(calls).toBe(1);
    expect(headerResult(message('X-Count: bad\r\n'), spec)).toEqual({ ok: false, reason: 'bad value' });
    expect(header(message('X-Count: bad\r\n'), spec)).toBeUndefined();
    expect(headerResult(message(''), spec)).toBeUndefined();
  });

  it('starts an edited copy with a fresh memo, and works on frozen messages', () => {
    const msg = message('Expires: 60\r\n');
    expect(header(msg, Header.Expires)).toBe(60);
    expect(header(setHeader(msg, 'Expires', '120'), Header.Expires)).toBe(120);
    expect(header(msg, Header.Expires)).toBe(60);
    expect(header(Object.freeze(message('Expires: 5\r\n')), Header.Expires)).toBe(5);
  });
});

describe('header specs', () => {
  it.each([
    ['Allow: INVITE, ACK,BYE\r\n', Header.Allow, ['INVITE', 'ACK', 'BYE']],
    ['Require: 100rel\r\nRequire: timer\r\n', Header.Require, ['100rel', 'timer']],
    ['Proxy-Require: foo\r\n', Header.ProxyRequire, ['foo']],
    ['Unsupported: bar\r\n', Header.Unsupported, ['bar']],
    ['Expires: 3600\r\n', Header.Expires, 3600],
    ['Min-Expires: 60\r\n', Header.MinExpires, 60],
    ['RSeq: 988789\r\n', Header.RSeq, 988789],
    ['RAck: 776656 1 INVITE\r\n', Header.RAck, { rseq: 776656, cseq: 1, method: 'INVITE' }],
    ['o: presence;id=1\r\n', Header.Event, { value: 'presence', params: new Map([['id', '1']]) }],
    ['x: 1800;refresher=uac\r\n', Header.SessionExpires, { value: '1800', params: new Map([['refresher', 'uac']]) }],
    ['Privacy: id; header\r\n', Header.Privacy, ['id', 'header']],
    ['Subject: Hello, world\r\n', Header.Subject, 'Hello, world'],
    ['Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n', Header.Date, new Date(Date.UTC(2010, 10, 13, 23, 29, 0))],
    ['Reason: Q.850;cause=16;text="Normal call clearing"\r\n', Header.Reason, [{ value: 'Q.850', params: new Map([['cause', '16'], ['text', '"Normal call clearing"']]) }]],
  ])('%s', (line, spec, expected) => {
    expect(headerResult(message(line), spec as never)).toEqual({ ok: true, value: expected });
  });

  it('reads identity and diversion headers as name-addr lists', () => {
    const msg = message('P-Asserted-Identity: "Alice" <sip:+4922198765@carrier.example;user=phone>, <tel:+4922198765>\r\nDiversion: <sip:+4922147110@old.example>;reason=unconditional\r\nr: <sip:carol@chicago.com>\r\n');
    expect(header(msg, Header.PAssertedIdentity)?.map((v) => v.uri.kind)).toEqual(['sip', 'tel']);
    expect(header(msg, Header.Diversion)?.[0]?.params.get('reason')).toBe('unconditional');
    expect(header(msg, Header.ReferTo)?.uri).toMatchObject({ host: 'chicago.com' });
  });

  it.each([
    ['Expires: 4294967296\r\n', Header.Expires],
    ['Expires: 1\r\nExpires: 2\r\n', Header.Expires],
    ['Allow: IN VITE\r\n', Header.Allow],
    ['Date: Fri, 01 Jan 2010 16:00:00 EST\r\n', Header.Date],
    ['RAck: 1 INVITE\r\n', Header.RAck],
    ['RSeq: 0\r\n', Header.RSeq],
    ['Session-Expires: soon\r\n', Header.SessionExpires],
  ])('reports %s as malformed', (line, spec) => {
    expect(headerResult(message(line), spec as never)?.ok).toBe(false);
  });
});

describe('header name matching', () => {
  it('matches full names in any case and compact forms, nothing else', () => {
    expect(['Call-ID', 'call-id', 'CALL-ID', 'i', 'I'].every((n) => isHeader(n, headerKey('Call-ID')))).toBe(true);
    expect(['Call-IDs', 'Call_ID', 'c', 'v'].some((n) => isHeader(n, 'call-id'))).toBe(false);
  });
});
