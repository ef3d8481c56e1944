import { describe, expect, it } from 'vitest';
import { germanNumberSchema, hostName, hostPortSchema, ipAddress, parseHostPort } from './telephony-fields.js';

describe('hosts and addresses', () => {
  it('takes IP addresses (IPv6 with or without brackets, written in lowercase) and DNS names', () => {
    expect(ipAddress(' 192.0.2.10 ')).toBe('192.0.2.10');
    expect(ipAddress('[2001:DB8::1]')).toBe('2001:db8::1');
    expect(ipAddress('2001:db8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(ipAddress('::ffff:192.0.2.10')).toBe('192.0.2.10');
    expect(ipAddress('sip.carrier.example')).toBeUndefined();
    expect(hostName('SIP.Carrier.Example')).toBe('sip.carrier.example');
    expect(hostName('2001:db8::1')).toBe('2001:db8::1');
  });

  it('refuses what is neither: single labels, bad labels, an IPv4-looking name, URIs', () => {
    for (const text of ['carrier', 'sip..example', '-sip.example', '192.0.2.300', 'sip:carrier.example', 'carrier.example:5060', '']) {
      expect(hostName(text), text).toBeUndefined();
    }
  });

  it('reads host:port and a host alone, keeping a port left out unset', () => {
    expect(parseHostPort('proxy.carrier.example:5070')).toEqual({ host: 'proxy.carrier.example', port: 5070 });
    expect(parseHostPort('192.0.2.10')).toEqual({ host: '192.0.2.10', port: undefined });
    expect(parseHostPort('[2001:db8::1]:5061')).toEqual({ host: '2001:db8::1', port: 5061 });
    expect(parseHostPort('2001:db8::1')).toEqual({ host: '2001:db8::1', port: undefined });
    for (const text of ['proxy.carrier.example:0', 'proxy.carrier.example:65536', 'proxy.carrier.example:', '[2001:db8::1]', 'a:b:c']) {
      expect(parseHostPort(text), text).toEqual(text === '[2001:db8::1]' ? { host: '2001:db8::1', port: undefined } : undefined);
    }
  });

  it('writes a proxy back in one form: IPv6 in brackets, names in lowercase', () => {
    expect(hostPortSchema.parse('Proxy.Carrier.Example:5070')).toBe('proxy.carrier.example:5070');
    expect(hostPortSchema.parse('2001:db8::1')).toBe('[2001:db8::1]');
    expect(hostPortSchema.parse(hostPortSchema.parse('[2001:DB8::1]:5061'))).toBe('[2001:db8::1]:5061');
    expect(hostPortSchema.safeParse('proxy carrier').success).toBe(false);
  });
});

describe('German numbers a trunk or site may present', () => {
  it('reads the ways they are written into E.164', () => {
    for (const text of ['+49 221 4711 0', '0049 221 47110', '0221 47110', '+49221/47110']) expect(germanNumberSchema.parse(text), text).toBe('+4922147110');
    expect(germanNumberSchema.parse(germanNumberSchema.parse('0171 2345678'))).toBe('+491712345678');
  });

  it('refuses foreign, service, premium and directory-enquiry numbers, and what is no number, saying why', () => {
    const problem = (text: string) => germanNumberSchema.safeParse(text).error?.issues[0]?.message;
    expect(problem('+44 20 7946 0958')).toMatch(/not a German number/);
    expect(problem('0900 1234567')).toMatch(/premium-rate/);
    expect(problem('0137 1234567')).toMatch(/mass-traffic/);
    expect(problem('0180 1234567')).toMatch(/service number/);
    expect(problem('+49 116000')).toMatch(/short code/);
    expect(problem('0 11833')).toMatch(/directory-enquiry/);
    for (const text of ['110', '+49 110', '112', '471123', 'abc']) expect(problem(text), text).toMatch(/must be a German phone number/);
  });
});
