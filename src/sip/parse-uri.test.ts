import { describe, expect, it } from 'vitest';
import { formatUri } from './format-uri.js';
import { parseUri } from './parse-uri.js';
import type { Uri } from './uri.js';

function uri(text: string): Uri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('parseUri: sip and sips (RFC 3261 §19.1)', () => {
  it('splits user, password, host, port, parameters and headers', () => {
    expect(uri('sips:alice:secret@atlanta.com:5061;transport=tls;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent')).toEqual({
      kind: 'sip',
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'atlanta.com',
      port: 5061,
      params: new Map([['transport', 'tls'], ['lr', null], ['maddr', '239.255.255.1']]),
      headers: [{ name: 'subject', value: 'project%20x' }, { name: 'priority', value: 'urgent' }],
    });
  });

  it('takes IPv4 hosts, IPv6 references and no user', () => {
    expect(uri('sip:192.0.2.4')).toMatchObject({ host: '192.0.2.4' });
    expect(uri('sip:[2001:db8::10]:5070')).toMatchObject({ host: '[2001:db8::10]', port: 5070 });
    expect(uri('sip:alice@[::1];transport=tcp')).toMatchObject({ user: 'alice', host: '[::1]' });
  });

  it('reads user=phone and keeps escapes as written', () => {
    const u = uri('sip:+49%2022147110@carrier.example;user=phone');
    expect(u).toMatchObject({ user: '+49%2022147110', params: new Map([['user', 'phone']]) });
  });

  it('lower-cases the scheme and parameter names, keeps the rest', () => {
    expect(uri('SIP:Alice@AtLanTa.CoM;Transport=UDP')).toMatchObject({ scheme: 'sip', user: 'Alice', host: 'AtLanTa.CoM', params: new Map([['transport', 'UDP']]) });
  });

  it.each([
    ['sip:', 'missing host'],
    ['sip:alice@', 'missing host'],
    ['sip:alice@host:99999', 'port'],
    ['sip:alice@host:', 'port'],
    ['sip:alice@[::1', 'IPv6'],
    ['sip:al ice@host', 'user'],
    ['sip:alice@host;=x', 'empty URI parameter'],
    ['sip:alice@host;lr=', 'empty value'],
    ['sip:alice@host?x', 'URI header'],
    ['sip:alice@ho st', 'unexpected'],
    ['<sip:alice@host>', 'scheme'],
    ['alice', 'no scheme'],
  ])('rejects %s', (text, reason) => {
    const parsed = parseUri(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});

describe('parseUri: tel (RFC 3966)', () => {
  it('reads a global number with visual separators and parameters', () => {
    expect(uri('tel:+49-221-4711-0;ext=23;isub=12')).toEqual({
      kind: 'tel',
      number: '+49-221-4711-0',
      global: true,
      params: new Map([['ext', '23'], ['isub', '12']]),
    });
  });

  it('requires phone-context on a local number', () => {
    expect(uri('tel:7042;phone-context=example.com')).toMatchObject({ global: false, params: new Map([['phone-context', 'example.com']]) });
    expect(uri('tel:*21#;phone-context=+49221')).toMatchObject({ number: '*21#' });
    expect(parseUri('tel:7042').ok).toBe(false);
  });

  it('rejects letters in a global number and empty numbers', () => {
    expect(parseUri('tel:+49abc').ok).toBe(false);
    expect(parseUri('tel:+').ok).toBe(false);
    expect(parseUri('tel:-.()').ok).toBe(false);
  });
});

describe('parseUri: other schemes', () => {
  it('keeps any absolute URI opaque', () => {
    expect(uri('urn:service:sos')).toEqual({ kind: 'absolute', scheme: 'urn', opaque: 'service:sos' });
    expect(uri('HTTP://www.example.com/x?y')).toEqual({ kind: 'absolute', scheme: 'http', opaque: '//www.example.com/x?y' });
    expect(parseUri('1abc:x').ok).toBe(false);
    expect(parseUri('mailto:a b').ok).toBe(false);
  });
});

describe('formatUri', () => {
  it.each([
    'sip:alice@atlanta.com',
    'sips:alice:secret@[2001:db8::10]:5061;transport=tls;lr?subject=project%20x&priority=urgent',
    'sip:%61lice@atlanta.com;n%61me=v%61lue%25%34%31',
    'tel:+49-221-4711-0;phone-context=+49',
    'urn:service:sos',
  ])('writes %s back unchanged', (text) => {
    expect(formatUri(uri(text))).toBe(text);
  });
});
