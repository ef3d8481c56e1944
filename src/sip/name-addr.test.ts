import { describe, expect, it } from 'vitest';
import { formatNameAddr, parseNameAddr, parseNameAddrList, tagOf } from './name-addr.js';

describe('parseNameAddr (RFC 3261 §20.10, §25.1)', () => {
  it('reads a quoted display name with escapes, the URI, and header parameters', () => {
    const parsed = parseNameAddr('"Alice \\"A\\" Smith" <sip:alice@atlanta.com;transport=tcp>;tag=1928301774;x=" a;b,c "');
    expect(parsed.ok && parsed.value.displayName).toBe('Alice "A" Smith');
    expect(parsed.ok && parsed.value.params).toEqual(new Map([['tag', '1928301774'], ['x', '" a;b,c "']]));
    expect(parsed.ok && tagOf(parsed.value)).toBe('1928301774');
  });

  it('reads token display names and bare addr-specs, whose parameters are header parameters', () => {
    expect(parseNameAddr('Bob  Smith <sip:bob@biloxi.com>')).toMatchObject({ ok: true, value: { displayName: 'Bob  Smith' } });
    const bare = parseNameAddr('sip:+4922147110@carrier.example;user=phone;tag=9');
    expect(bare.ok && bare.value.params).toEqual(new Map([['user', 'phone'], ['tag', '9']]));
    expect(bare.ok && bare.value.displayName).toBeUndefined();
  });

  it('accepts tel and other schemes', () => {
    expect(parseNameAddr('<tel:+4922147110>')).toMatchObject({ ok: true, value: { uri: { kind: 'tel', number: '+4922147110' } } });
    expect(parseNameAddr('<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>')).toMatchObject({ ok: true, value: { uri: { kind: 'absolute', scheme: 'urn' } } });
  });

  it.each([
    ['"unterminated <sip:a@b>', 'unterminated'],
    ['<sip:a@b', 'unterminated'],
    ['Bell, Alexander <sip:a@b>', 'no scheme'],
    ['sip:a@b?x=y', 'headers'],
    ['<sip:a@b>, <sip:c@d>', 'more than one value'],
  ])('rejects %s', (text, reason) => {
    const parsed = parseNameAddr(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});

describe('parseNameAddrList', () => {
  it('splits on commas outside quotes and brackets', () => {
    const parsed = parseNameAddrList('"Doe, John" <sip:j@a.example;x=1>;q=0.7, <sip:k@b.example>;expires=60 ,sip:l@c.example');
    expect(parsed.ok && parsed.value.map((v) => v.displayName ?? '-')).toEqual(['Doe, John', '-', '-']);
    expect(parsed.ok && parsed.value[1]?.params.get('expires')).toBe('60');
  });

  it('requires <> when asked (Route, Record-Route) and bounds the count', () => {
    expect(parseNameAddrList('sip:p1.example;lr', true).ok).toBe(false);
    expect(parseNameAddrList('<sip:a>, <sip:b>, <sip:c>', true, 2).ok).toBe(false);
    expect(parseNameAddrList('<sip:a>,,<sip:b>').ok).toBe(false);
  });
});

describe('formatNameAddr', () => {
  it('quotes and escapes the display name and always brackets the URI', () => {
    const parsed = parseNameAddr('"Alice \\"x\\\\y\\"" <sip:alice@atlanta.com>;tag=1');
    expect(parsed.ok && formatNameAddr(parsed.value)).toBe('"Alice \\"x\\\\y\\"" <sip:alice@atlanta.com>;tag=1');
    const bare = parseNameAddr('sip:bob@biloxi.com;tag=2');
    expect(bare.ok && formatNameAddr(bare.value)).toBe('<sip:bob@biloxi.com>;tag=2');
  });
});
