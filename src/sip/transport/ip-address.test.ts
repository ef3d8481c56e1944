import { describe, expect, it } from 'vitest';
import { canReach, canonicalIp, formatHostPort, ipFamily, normalizeSocketAddress, socketAddressFor } from './ip-address.js';

describe('IP literals', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['[2001:DB8:0:0:0:0:0:1]', '2001:db8::1'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['::FFFF:c000:0207', '192.0.2.7'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
  ])('spells %s canonically as %s', (input, canonical) => {
    expect(canonicalIp(input)).toBe(canonical);
  });

  it('treats names as names', () => {
    expect(canonicalIp('example.com')).toBeUndefined();
    expect(canonicalIp('127.1')).toBeUndefined();
    expect(ipFamily('atlanta.example.com')).toBeUndefined();
  });

  it('shows the IPv4 peers of a dual-stack socket as IPv4', () => {
    expect(normalizeSocketAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeSocketAddress(undefined)).toBe('');
  });

  it('lets a dual-stack listener reach IPv4 through mapped addresses, and nothing else cross families', () => {
    expect(canReach('::', '192.0.2.1')).toBe(true);
    expect(socketAddressFor('::', '192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(socketAddressFor('0.0.0.0', '192.0.2.1')).toBe('192.0.2.1');
    expect(canReach('::1', '192.0.2.1')).toBe(false);
    expect(canReach('0.0.0.0', '::1')).toBe(false);
    expect(canReach('127.0.0.1', 'example.com')).toBe(false);
  });

  it('brackets IPv6 in host:port', () => {
    expect(formatHostPort('::1', 5060)).toBe('[::1]:5060');
    expect(formatHostPort('127.0.0.1', 5060)).toBe('127.0.0.1:5060');
  });
});
