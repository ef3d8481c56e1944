import { describe, expect, it } from 'vitest';
import { parseUri } from './parse-uri.js';
import type { Uri } from './uri.js';
import { telDigits, uriEquals } from './uri-equals.js';

function uri(text: string): Uri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}
const equal = (a: string, b: string): boolean => uriEquals(uri(a), uri(b)) && uriEquals(uri(b), uri(a));

describe('uriEquals: the examples of RFC 3261 §19.1.4', () => {
  it.each([
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
    ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
  ])('%s equals %s', (a, b) => {
    expect(equal(a, b)).toBe(true);
  });

  it.each([
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'],
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'],
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'],
    ['sip:carol@chicago.com;security=on', 'sip:carol@chicago.com;security=off'],
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:%00@host', 'sip:%00%00@host'],
  ])('%s differs from %s', (a, b) => {
    expect(equal(a, b)).toBe(false);
  });
});

describe('uriEquals: tel (RFC 3966 §4) and others', () => {
  it('ignores visual separators, not parameters', () => {
    expect(equal('tel:+49-221-4711-0', 'tel:+492214711(0)')).toBe(true);
    expect(equal('tel:+49-221-47110', 'tel:+49-221-47110;ext=1')).toBe(false);
    expect(equal('tel:7042;phone-context=Example.com', 'tel:70-42;phone-context=example.com')).toBe(true);
    const tel = uri('tel:+49-(221)-4711.0');
    expect(tel.kind === 'tel' && telDigits(tel)).toBe('+4922147110');
  });

  it('compares other schemes by scheme and text; kinds never match each other', () => {
    expect(equal('urn:service:sos', 'URN:service:sos')).toBe(true);
    expect(equal('urn:service:sos', 'urn:service:SOS')).toBe(false);
    expect(equal('tel:+4922147110', 'sip:+4922147110@example.com;user=phone')).toBe(false);
  });
});
