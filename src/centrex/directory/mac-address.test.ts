import { describe, expect, it } from 'vitest';
import { parseMacAddress } from './mac-address.js';

describe('MAC addresses', () => {
  it.each(['00:15:65:BD:56:D4', '00-15-65-bd-56-d4', '0015.65bd.56d4', '001565BD56D4', ' 001565bd56d4 '])('normalizes %j', (text) => {
    expect(parseMacAddress(text)).toEqual({ ok: true, mac: '001565bd56d4' });
  });

  it.each([
    ['00:15:65:bd:56', /12 hex digits/],
    ['00:15:65-bd:56:d4', /12 hex digits/],
    ['001565bd56g4', /12 hex digits/],
    ['0015:65bd:56d4', /12 hex digits/],
    ['', /12 hex digits/],
    ['01:00:5e:00:00:01', /unicast/],
    ['ff:ff:ff:ff:ff:ff', /unicast/],
    ['00:00:00:00:00:00', /all zeros/],
  ])('refuses %j', (text, message) => {
    const parsed = parseMacAddress(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
