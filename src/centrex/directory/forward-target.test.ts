import { describe, expect, it } from 'vitest';
import { forwardTargetFromText, forwardTargetText, parseForwardTarget } from './forward-target.js';

describe('forwarding targets', () => {
  it.each([
    ['201', { kind: 'extension', extension: '201' }],
    [' 12345678 ', { kind: 'extension', extension: '12345678' }],
    ['0221 471123', { kind: 'external', number: '+49221471123' }],
    ['+49 221 471123', { kind: 'external', number: '+49221471123' }],
    ['0049 221 471123', { kind: 'external', number: '+49221471123' }],
    ['0151 12345678', { kind: 'external', number: '+4915112345678' }],
    ['+33 1 42 68 53 00', { kind: 'external', number: '+33142685300' }],
  ])('reads %j', (text, target) => {
    expect(parseForwardTarget(text)).toEqual({ ok: true, target });
  });

  it.each([
    ['112', /^extension 112 is reserved for emergency/],
    ['0201', /valid phone number/],
    ['123456789012345678', /valid phone number/],
    ['sip:bob@example.com', /valid phone number/],
    ['0900 1234567', /^\+499001234567 is a premium-rate number$/],
  ])('refuses %j', (text, message) => {
    const parsed = parseForwardTarget(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('is stored as one string and read back', () => {
    for (const target of [{ kind: 'extension', extension: '201' }, { kind: 'external', number: '+49221471123' }] as const) {
      expect(forwardTargetFromText(forwardTargetText(target))).toEqual(target);
    }
  });
});
