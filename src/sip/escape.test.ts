import { describe, expect, it } from 'vitest';
import { escapeUri, unescapeBytes, unescapeUri } from './escape.js';
import { USER } from './scan.js';

describe('URI escapes (RFC 3261 §19.1.2)', () => {
  it('decodes escapes as UTF-8, leaves malformed ones and never recurses', () => {
    expect(unescapeUri('J%C3%BCrgen%20M')).toBe('Jürgen M');
    expect(unescapeUri('100%')).toBe('100%');
    expect(unescapeUri('%zz%4')).toBe('%zz%4');
    expect(unescapeUri('value%2541')).toBe('value%41');
    expect(unescapeBytes('a%00b%FF')).toBe('a\x00b\xff');
  });

  it('escapes what the component does not allow', () => {
    expect(escapeUri('Jürgen M@x;y', USER)).toBe('J%C3%BCrgen%20M%40x;y');
    expect(escapeUri('100%', USER)).toBe('100%25');
  });
});
