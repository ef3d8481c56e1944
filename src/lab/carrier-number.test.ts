import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseUri } from '../sip/index.js';
import type { Uri } from '../sip/index.js';
import { isAnonymous, readCarrierNumber, uriNumber } from './carrier-number.js';

const uri = (text: string): Uri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('the carrier reads numbers', () => {
  it('in every format German trunks write', () => {
    for (const text of ['+49221471123', '0049221471123', '49221471123', '0221471123', '+49 221 4711-23', '(0221) 4711-23']) {
      expect(readCarrierNumber(text), text).toBe('+49221471123');
    }
    expect(readCarrierNumber('0043123456789')).toBe('+43123456789');
    expect(readCarrierNumber('+4930123456')).toBe('+4930123456');
  });

  it('keeps 110 and 112 as dialled and refuses what it cannot route', () => {
    expect(readCarrierNumber('110')).toBe('110');
    expect(readCarrierNumber('112')).toBe('112');
    for (const text of ['', 'anonymous', '4711', '+0221471123', '00', '0', '1234567t0', '+4922147112345678901', '12 34']) {
      expect(readCarrierNumber(text), text).toBeUndefined();
    }
  });

  it('from sip and tel URIs', () => {
    expect(uriNumber(uri('sip:+49221471123@carrier.example;user=phone'))).toBe('+49221471123');
    expect(uriNumber(uri('sip:0221471123;npdi@carrier.example'))).toBe('+49221471123');
    expect(uriNumber(uri('tel:+49-221-4711-23'))).toBe('+49221471123');
    expect(uriNumber(uri('sip:%2B49221471123@carrier.example'))).toBe('+49221471123');
    expect(uriNumber(uri('sip:carrier.example'))).toBeUndefined();
    expect(uriNumber(uri('urn:service:sos'))).toBeUndefined();
  });

  it('recognises a withheld identity', () => {
    const anon = parseNameAddr('"Anonymous" <sip:anonymous@anonymous.invalid>');
    const named = parseNameAddr('<sip:+49221471123@carrier.example>');
    expect(anon.ok && isAnonymous(anon.value)).toBe(true);
    expect(named.ok && isAnonymous(named.value)).toBe(false);
  });
});
