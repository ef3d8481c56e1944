import { describe, expect, it } from 'vitest';
import { zodFieldErrors } from '../../kernel/index.js';
import { accountProblems, trunkCreateSchema, trunkUpdateSchema } from './trunk-schema.js';

const fieldsOf = (input: unknown): string[] => {
  const result = trunkCreateSchema.safeParse(input);
  return result.success ? [] : zodFieldErrors(result.error).map((f) => f.field);
};

describe('a trunk as given', () => {
  it('fills the defaults: udp, generic profile, 600 s registrations, priority 100, enabled, no inbound addresses', () => {
    expect(trunkCreateSchema.parse({ name: 'Telekom', mode: 'ip', host: 'SIP.Telekom.Example' })).toEqual({
      name: 'Telekom',
      mode: 'ip',
      host: 'sip.telekom.example',
      transport: 'udp',
      registerExpires: 600,
      profile: 'generic',
      inboundAddresses: [],
      priority: 100,
      enabled: true,
    });
  });

  it('reads numbers, addresses and the proxy into their stored forms, removing repeated addresses', () => {
    const trunk = trunkCreateSchema.parse({
      name: 'sipgate',
      mode: 'register',
      host: '2001:DB8::5',
      outboundProxy: 'Proxy.Sipgate.Example:5070',
      defaultNumber: '0221 4711 0',
      inboundAddresses: ['[2001:db8::5]', '192.0.2.7', '192.0.2.7'],
    });
    expect(trunk).toMatchObject({ host: '2001:db8::5', outboundProxy: 'proxy.sipgate.example:5070', defaultNumber: '+4922147110', inboundAddresses: ['2001:db8::5', '192.0.2.7'] });
  });

  it('names every bad field at once', () => {
    expect(
      fieldsOf({
        name: '',
        mode: 'peer',
        host: 'carrier',
        port: 70000,
        transport: 'sctp',
        registerExpires: 5,
        inboundAddresses: ['sip.carrier.example'],
        defaultNumber: '0900 123456',
        priority: 0,
        maxCalls: 0,
        maxCps: 1.5,
        username: 'with space',
        password: 'tab\there',
        colour: 'blue',
      }).sort(),
    ).toEqual(['colour', 'defaultNumber', 'host', 'inboundAddresses.0', 'maxCalls', 'maxCps', 'mode', 'name', 'password', 'port', 'priority', 'registerExpires', 'transport', 'username']);
    expect(fieldsOf({})).toEqual(['name', 'mode', 'host']);
  });

  it('lets a change clear optional settings with null, but not required ones', () => {
    expect(trunkUpdateSchema.parse({ outboundProxy: null, password: null, site: null, maxCalls: null })).toEqual({ outboundProxy: null, password: null, site: null, maxCalls: null });
    expect(trunkUpdateSchema.safeParse({ host: null }).success).toBe(false);
    expect(trunkUpdateSchema.safeParse({ name: 'x', id: 'y' }).success).toBe(false);
  });

  it('asks a registering trunk for an account, an IP-authenticated one for none', () => {
    expect(accountProblems({ mode: 'register', username: null, passwordSet: false }).map((p) => p.field)).toEqual(['username', 'password']);
    expect(accountProblems({ mode: 'register', username: 'line-1', passwordSet: true })).toEqual([]);
    expect(accountProblems({ mode: 'ip', username: null, passwordSet: false })).toEqual([]);
  });
});
