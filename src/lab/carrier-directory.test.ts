import { describe, expect, it } from 'vitest';
import { CarrierDirectory } from './carrier-directory.js';
import type { CarrierTrunk } from './carrier-trunk.js';

const LEGACY = '+49221471123';
const PROVISIONAL = '+492219876523';

const trunk: CarrierTrunk = {
  id: 'acme',
  provider: 'new',
  numbers: ['+49 221 98765-00', PROVISIONAL, LEGACY],
  auth: { mode: 'ip', peer: { host: '127.0.0.1', port: 5080 } },
  screening: { clipNoScreening: false },
  reads: { upn: 'from-user', npn: 'pai' },
};

function network(): CarrierDirectory {
  const directory = new CarrierDirectory();
  directory.holdNumbers('old', [LEGACY]);
  directory.holdNumbers('new', [PROVISIONAL]);
  directory.addTrunk(trunk);
  return directory;
}

describe('routing in the network', () => {
  it('sends the emergency numbers to the PSAP before anything else', () => {
    expect(network().route('112')).toEqual({ kind: 'psap' });
    expect(network().route('110')).toEqual({ kind: 'psap' });
  });

  it('forwards a number while the provider that set up the forwarding holds it', () => {
    const directory = network();
    directory.addSubscriber(LEGACY, {});
    expect(directory.route(LEGACY)).toEqual({ kind: 'subscriber', behaviour: {} });
    directory.forward('0221 4711-23', PROVISIONAL, 'both');
    expect(directory.route(LEGACY)).toEqual({ kind: 'forward', to: PROVISIONAL, style: 'both', provider: 'old' });
    expect(directory.route(PROVISIONAL)).toMatchObject({ kind: 'trunk', trunk: { id: 'acme' } });
  });

  it('moves a ported number to the trunk of the new provider, where the old forwarding no longer applies', () => {
    const directory = network();
    directory.forward(LEGACY, PROVISIONAL, 'diversion');
    expect(directory.activeNumbers(directory.trunk('acme') as CarrierTrunk)).toEqual(['+492219876500', PROVISIONAL]);
    directory.port(LEGACY, 'new');
    expect(directory.providerOf(LEGACY)).toBe('new');
    expect(directory.route(LEGACY)).toMatchObject({ kind: 'trunk', trunk: { id: 'acme' } });
    expect(directory.activeNumbers(directory.trunk('acme') as CarrierTrunk)).toEqual(['+492219876500', PROVISIONAL, LEGACY]);
    directory.port(PROVISIONAL, 'elsewhere');
    expect(directory.route(PROVISIONAL)).toEqual({ kind: 'unknown' });
  });

  it('knows trunks by username and by source', () => {
    const directory = network();
    directory.addTrunk({ ...trunk, id: 'reg', numbers: ['+4930123'], auth: { mode: 'register', username: 'u', password: 'p' } });
    expect(directory.trunkByUsername('u')?.id).toBe('reg');
    expect(directory.trunkBySource('127.0.0.1', 5080, true)?.id).toBe('acme');
    expect(directory.trunkBySource('127.0.0.1', 5081, true)).toBeUndefined();
    expect(directory.trunkBySource('127.0.0.1', 40000, false)?.id).toBe('acme');
  });

  it('refuses a setup that cannot be right, saying why', () => {
    const directory = network();
    expect(() => directory.addTrunk(trunk)).toThrow('trunk acme exists already');
    expect(() => directory.addTrunk({ ...trunk, id: 'x', numbers: ['4711'] })).toThrow('4711 is not a routable number');
    expect(() => directory.addTrunk({ ...trunk, id: 'y', reads: { upn: 'ppi', npn: 'account' } })).toThrow('register-mode');
    expect(() => directory.forward('+4989000000', PROVISIONAL, 'none')).toThrow('held by no provider');
    expect(() => directory.port('+4989000000', 'new')).toThrow('held by no provider');
    expect(() => directory.addSubscriber('112', {})).toThrow('not a number in the network');
    expect(() => directory.addTrunk({ ...trunk, id: 'z', auth: { mode: 'ip', peer: { host: '192.0.2.7', port: 5060 } } })).toThrow('not a loopback address');
  });
});
