/**
 * A trunk end to end over real UDP on loopback: `belay serve` registers its trunk at the simulated
 * German network (the trunk status API says so), an employee's desk phone (SIPp) calls a
 * subscriber in the network out through the trunk, a caller in the network reaches the desk
 * phone through it, and when belay stops it unregisters the trunk before its SIP stack goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPeer } from '../support/peers.js';
import { loggedValue, passed } from '../identity/support/sipp-phone.js';
import { TrunkLab } from './support/trunk-lab.js';

const SUBSCRIBER = '+4930123456';
const NETWORK_CALLER = '+4989555123';

describe.skipIf(!hasPeer('sipp'))('a register-mode trunk between belay serve and the network', () => {
  let lab: TrunkLab;

  beforeAll(async () => {
    lab = await TrunkLab.start({ slug: 'udp', employees: [{ extension: '23', name: 'Erika Muster', number: '-23' }] });
    lab.carrier.addSubscriber(SUBSCRIBER);
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('is registered at the carrier, as the trunk status says', async () => {
    const status = await lab.belay.api<{ state: string; lastError: string | null }>('GET', `/tenants/udp/trunks/${lab.trunk.belayId}/status`);
    expect(status).toMatchObject({ state: 'registered', lastError: null });
    expect(lab.carrier.isRegistered(lab.trunk.carrierId)).toBe(true);
  });

  it('carries a desk phone\'s call out to a subscriber in the network, and a network caller\'s call in to the desk phone', { timeout: 40_000 }, async () => {
    const { legacyNumber, provisionalNumber } = lab.company.employee('23');
    passed(await lab.phone('23').dial(`0${SUBSCRIBER.slice(3)}`));
    expect(lab.carrier.received(SUBSCRIBER)).toMatchObject([{ shownNumber: legacyNumber, npn: provisionalNumber, viaTrunk: lab.trunk.carrierId, answered: true }]);

    const answering = await lab.phone('23').answer();
    const result = await lab.carrier.call(NETWORK_CALLER, provisionalNumber ?? '', { holdMs: 300 });
    expect(result).toMatchObject({ status: 200, answered: true });
    const run = await answering.done;
    passed(run);
    expect(loggedValue(run, 'from')).toContain(NETWORK_CALLER);

    const records = await lab.belay.calls('udp', () => true, 2);
    expect(records).toMatchObject([
      { direction: 'inbound', trunkId: lab.trunk.belayId, dialled: provisionalNumber, answeredBy: { extension: '23' }, disposition: 'answered' },
      { direction: 'outbound', trunkId: lab.trunk.belayId, dialled: SUBSCRIBER, presentedNumber: legacyNumber, networkNumber: provisionalNumber, disposition: 'answered' },
    ]);
  });

  it('unregisters the trunk when belay stops', { timeout: 30_000 }, async () => {
    await lab.stopBelay();
    expect(lab.carrier.isRegistered(lab.trunk.carrierId)).toBe(false);
  });
});
