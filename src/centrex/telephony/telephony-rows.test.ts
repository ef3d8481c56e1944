import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../identity/index.js';
import type { TelephonyProfileRow, TelephonyTrunkRow } from '../../store/index.js';
import { trunksFromRows } from './telephony-rows.js';

const at = '2026-03-02T09:00:00.000Z';

function row(name: string, changes: Partial<TelephonyTrunkRow> = {}): TelephonyTrunkRow {
  return {
    id: `id-${name}`, tenant_id: 'acme', name, mode: 'ip', host: '192.0.2.1', port: 5060, transport: 'udp', domain: 'carrier.example',
    outbound_proxy: null, username: null, auth_username: null, password: null, register_expires: 600, profile: 'generic',
    inbound_addresses: '[]', default_number: null, priority: 1, max_calls: 30, max_cps: 5, site_id: null, enabled: 1, created_at: at, updated_at: at, ...changes,
  };
}

const profile = (name: string, tenantId: string | null, definition: string): TelephonyProfileRow => ({ id: `p-${name}`, tenant_id: tenantId, name, definition });
const { name: _, ...sipgate } = BUILTIN_PROFILES.sipgate;

describe('trunksFromRows', () => {
  it('reads outbound proxies with or without a port (the transport’s default), IPv6 in brackets', () => {
    const { trunks, unusable } = trunksFromRows({
      trunks: [
        row('udp', { outbound_proxy: 'proxy.example' }),
        row('tls', { transport: 'tls', outbound_proxy: 'proxy.example' }),
        row('v6', { outbound_proxy: '[2001:db8::5]:5080' }),
        row('v4', { outbound_proxy: '192.0.2.9:5070', enabled: 0 }),
      ],
      profiles: [],
    });
    expect(unusable).toEqual([]);
    expect(trunks.map((t) => [t.name, t.outboundProxy, t.enabled])).toEqual([
      ['udp', { host: 'proxy.example', port: 5060 }, true],
      ['tls', { host: 'proxy.example', port: 5061 }, true],
      ['v6', { host: '2001:db8::5', port: 5080 }, true],
      ['v4', { host: '192.0.2.9', port: 5070 }, false],
    ]);
    expect(trunks[0]).toMatchObject({ profile: BUILTIN_PROFILES.generic, maxCalls: 30, maxCps: 5, tenantId: 'acme' });
  });

  it('resolves custom profiles: the provider’s and the tenant’s own', () => {
    const definition = JSON.stringify(sipgate);
    const { trunks } = trunksFromRows({
      trunks: [row('mine', { profile: 'acme-profile' }), row('provider', { profile: 'shared-profile' })],
      profiles: [profile('acme-profile', 'acme', definition), profile('shared-profile', null, definition)],
    });
    expect(trunks.map((t) => t.profile)).toEqual([
      { ...sipgate, name: 'acme-profile' },
      { ...sipgate, name: 'shared-profile' },
    ]);
  });

  it('leaves out, with why, a trunk it cannot use as stored', () => {
    const { trunks, unusable } = trunksFromRows({
      trunks: [
        row('unknown-profile', { profile: 'nope' }),
        row('foreign-profile', { profile: 'globex-profile' }),
        row('unreadable-profile', { profile: 'broken-profile' }),
        row('bad-proxy', { outbound_proxy: 'proxy.example:99999' }),
        row('bad-addresses', { inbound_addresses: '{"ip":"192.0.2.1"}' }),
        row('garbled-addresses', { inbound_addresses: '[192.0.2.1' }),
        row('fine'),
      ],
      profiles: [profile('globex-profile', 'globex', JSON.stringify(sipgate)), profile('broken-profile', null, '{"fromUser":"somewhere"}')],
    });
    expect(trunks.map((t) => t.name)).toEqual(['fine']);
    expect(unusable.map((t) => t.problem)).toEqual([
      'trunk "unknown-profile" cannot be used: its profile "nope" is neither built in nor a custom profile',
      'trunk "foreign-profile" cannot be used: its profile "globex-profile" belongs to another tenant',
      'trunk "unreadable-profile" cannot be used: its profile "broken-profile" is stored in a form belay cannot read',
      'trunk "bad-proxy" cannot be used: its outbound proxy "proxy.example:99999" is not host:port',
      'trunk "bad-addresses" cannot be used: its inbound addresses {"ip":"192.0.2.1"} are not a JSON array of addresses',
      'trunk "garbled-addresses" cannot be used: its inbound addresses [192.0.2.1 are not a JSON array of addresses',
    ]);
  });
});
