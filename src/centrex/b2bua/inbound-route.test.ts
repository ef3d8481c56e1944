/**
 * Which trunk and tenant a call from the network is for when two tenants have trunks at the same
 * carrier address: the registered Contact in the Request-URI names the trunk; failing that, the
 * tenant holding the called number has its own trunk there, or the provider's shared trunk there
 * serves it. A number of another tenant that has no trunk at that carrier is not reachable
 * through it.
 */
import { describe, expect, it } from 'vitest';
import { parseUri } from '../../sip/index.js';
import { ACME, OTHER, acmeTrunk, acmeUser, numbersOf, provisionalOf } from '../../../test/trunk/support/trunk-world.js';
import { InMemoryDirectory } from '../directory/index.js';
import { InMemoryTelephony } from '../telephony/index.js';
import { inboundTenant, inboundTrunk } from './inbound-route.js';

const ERIKA = acmeUser('223', 'Erika Muster');
const OTTO = { ...acmeUser('223', 'Otto Other'), id: '00000000-0000-4000-8000-000000000999', tenantId: OTHER.id };
const ACME_TRUNK = acmeTrunk('acme-main', '127.0.0.1', { priority: 1 });
const OTHER_TRUNK = acmeTrunk('other-main', '127.0.0.1', { tenantId: OTHER.id, priority: 2 });
const OTTO_NUMBER = '+492219876623';

function setUp(trunks = [ACME_TRUNK, OTHER_TRUNK]) {
  const directory = new InMemoryDirectory();
  directory.putTenant(ACME, 1);
  directory.putTenant(OTHER, 2);
  directory.putUser(ERIKA, 3);
  directory.putUser(OTTO, 4);
  const telephony = new InMemoryTelephony();
  telephony.putTenant({ tenantId: ACME.id, receptionExtension: null, sites: [], blocks: [], employees: [numbersOf(ERIKA, 'forwarding_active')] }, 1);
  telephony.putTenant({ tenantId: OTHER.id, receptionExtension: null, sites: [], blocks: [], employees: [{ ...numbersOf(OTTO, 'forwarding_active'), provisional: OTTO_NUMBER }] }, 1);
  telephony.putTrunks(trunks, [], 1);
  return { directory, telephony };
}

const uri = (text: string) => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
};

describe('the trunk and tenant of a call from a carrier that serves two tenants', () => {
  it('takes the trunk the Request-URI names by its registered Contact, else the first trunk at that address', () => {
    const { telephony } = setUp();
    expect(inboundTrunk('127.0.0.1', uri('sip:trunk-other-main@127.0.0.1:5060'), telephony)?.id).toBe('other-main');
    expect(inboundTrunk('127.0.0.1', uri(`sip:${OTTO_NUMBER}@127.0.0.1`), telephony)?.id).toBe('acme-main');
    expect(inboundTrunk('127.0.0.9', uri('sip:trunk-other-main@127.0.0.1'), telephony)).toBeUndefined();
  });

  it('finds the tenant holding the called number through its own trunk at the same carrier', () => {
    const { telephony, directory } = setUp();
    const found = inboundTenant({ called: OTTO_NUMBER, anonymous: false }, ACME_TRUNK, telephony, directory);
    expect(found).toMatchObject({ ok: true, address: { tenant: OTHER, number: OTTO_NUMBER, trunk: { id: 'other-main' }, owner: { userId: OTTO.id } } });
    const own = inboundTenant({ called: provisionalOf('223'), anonymous: false }, ACME_TRUNK, telephony, directory);
    expect(own).toMatchObject({ ok: true, address: { tenant: ACME, trunk: { id: 'acme-main' } } });
  });

  it('reaches a tenant through the shared trunk at that carrier when the call came in on another tenant\'s trunk there', () => {
    const shared = acmeTrunk('shared', '127.0.0.1', { tenantId: null, defaultNumber: null, priority: 2 });
    const { telephony, directory } = setUp([ACME_TRUNK, shared]);
    // the carrier sends to belay's address, not to a trunk's registered Contact: the source names ACME's trunk first
    const trunk = inboundTrunk('127.0.0.1', uri(`sip:${OTTO_NUMBER}@127.0.0.1`), telephony);
    expect(trunk?.id).toBe('acme-main');
    const found = trunk && inboundTenant({ called: OTTO_NUMBER, anonymous: false }, trunk, telephony, directory);
    expect(found).toMatchObject({ ok: true, address: { tenant: OTHER, number: OTTO_NUMBER, trunk: { id: 'shared' }, owner: { userId: OTTO.id } } });
  });

  it('does not reach a tenant that has no trunk at that carrier', () => {
    const { telephony, directory } = setUp([ACME_TRUNK]);
    const found = inboundTenant({ called: OTTO_NUMBER, anonymous: false }, ACME_TRUNK, telephony, directory);
    expect(found).toMatchObject({ ok: true, address: { tenant: ACME, owner: undefined } });
  });
});
