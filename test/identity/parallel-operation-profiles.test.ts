/**
 * During parallel operation an employee already phones through belay while their legacy number
 * still lives at the old provider: an outbound call must show the legacy number to the callee
 * (CLIP no screening) and carry the provisional number as the network number. Each built-in
 * trunk profile writes the two numbers elsewhere in the INVITE; the simulated carrier reads them
 * where that carrier would, so a number in the wrong header shows up as the wrong number here.
 *
 * One belay serve and one simulated carrier; one company per profile, each with its own trunk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCarrier } from '../../src/lab/index.js';
import { hasPeer } from '../support/peers.js';
import { BelayServer } from './support/belay-server.js';
import { connectTrunk, holdCompanyNumbers, startCarrier } from './support/carrier-trunks.js';
import { Company, koelnCompany } from './support/company.js';
import type { ProfileName } from './support/company.js';
import { passed } from './support/sipp-phone.js';

const PROFILES: readonly ProfileName[] = ['generic', 'telekom', 'sipgate', 'nfon', 'dts'];

interface ProfileSetup {
  readonly company: Company;
  readonly trunk: { readonly belayId: string; readonly carrierId: string };
  /** The trunk's main number: the network number a trunk identified by its account carries. */
  readonly main: string;
  /** The number the employee dials, national format, and the network subscriber it reaches. */
  readonly dial: string;
  readonly callee: string;
}

describe.skipIf(!hasPeer('sipp'))('an outbound call in parallel operation, per trunk profile', () => {
  let belay: BelayServer;
  let carrier: SimulatedCarrier;
  const setups = new Map<ProfileName, ProfileSetup>();

  beforeAll(async () => {
    carrier = await startCarrier();
    belay = await BelayServer.start();
    await Promise.all(
      PROFILES.map(async (profile, i) => {
        const company = await Company.create(
          belay,
          koelnCompany(`co-${profile}`, { legacy: `+49 221 47${i}1`, provisional: `+49 221 98${i}65` }, [{ extension: '23', name: 'Erika Muster', number: '-23' }]),
        );
        await company.moveNumber('23', 'provisional_active');
        await holdCompanyNumbers(carrier, company);
        const provisional = await company.numbers('provisional');
        const trunk = await connectTrunk(carrier, company, { name: 'main', profile, numbers: provisional, allowed: await company.numbers('legacy') });
        await company.awaitPhase('23', 'parallel');
        const callee = `+4930123456${i}0`;
        carrier.addSubscriber(callee);
        await company.phone('23').register();
        setups.set(profile, { company, trunk, main: provisional[0] ?? '', dial: `0${callee.slice(3)}`, callee });
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await belay?.stop();
    await carrier?.stop();
  });

  it.each(PROFILES)('%s: the callee sees the legacy number; the provisional number is the network number', { timeout: 30_000 }, async (profile) => {
    const setup = setups.get(profile);
    if (!setup) throw new Error(`no setup for ${profile}`);
    const { company, trunk, callee } = setup;
    const { legacyNumber, provisionalNumber } = company.employee('23');
    expect(legacyNumber).not.toBeNull();
    expect(provisionalNumber).not.toBeNull();

    passed(await company.phone('23').dial(setup.dial));

    const [received, ...more] = carrier.received(callee);
    expect(more).toEqual([]);
    // sipgate identifies the trunk by its SIP-ID in From: the network bills the trunk's main number
    const npn = profile === 'sipgate' ? setup.main : provisionalNumber;
    expect(received).toMatchObject({ shownNumber: legacyNumber, npn, anonymous: false, viaTrunk: trunk.carrierId, answered: true });
    const [record] = await belay.calls(company.slug, (r) => r.dialled === callee);
    expect(record).toMatchObject({
      direction: 'outbound',
      trunkId: trunk.belayId,
      presentedNumber: legacyNumber,
      networkNumber: provisionalNumber,
      identityNote: null,
      disposition: 'answered',
      caller: { extension: '23' },
    });
  });
});
