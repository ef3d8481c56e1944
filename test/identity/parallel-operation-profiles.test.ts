/**
 * During parallel operation an employee already phones through belay while their legacy number
 * still lives at the old provider: an outbound call must show the legacy number to the callee
 * (CLIP no screening) and carry the provisional number as the network number. Each built-in
 * trunk profile writes the two numbers elsewhere in the INVITE; the simulated carrier reads them
 * where that carrier would, so a number in the wrong header shows up as the wrong number here.
 * An employee who withholds their number (CLIR) is anonymous to the callee, while the network
 * still learns the network number, wherever the profile has to put it then.
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
  /** The network subscribers the employees call: one for 23, one for 24 (who withholds their number). */
  readonly callee: string;
  readonly clirCallee: string;
}

/** A number as a German employee dials it: national format. */
const national = (e164: string): string => `0${e164.slice(3)}`;

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
          koelnCompany(`co-${profile}`, { legacy: `+49 221 47${i}1`, provisional: `+49 221 98${i}65` }, [
            { extension: '23', name: 'Erika Muster', number: '-23' },
            { extension: '24', name: 'Max Mustermann', number: '-24' },
          ]),
        );
        await company.moveNumber('23', 'provisional_active');
        await company.moveNumber('24', 'provisional_active');
        await company.updateUser('24', { clir: true });
        await holdCompanyNumbers(carrier, company);
        const provisional = await company.numbers('provisional');
        const trunk = await connectTrunk(carrier, company, { name: 'main', profile, numbers: provisional, allowed: await company.numbers('legacy') });
        await company.awaitPhase('23', 'parallel');
        await company.awaitPhase('24', 'parallel');
        const callee = `+4930123456${i}0`;
        const clirCallee = `+4930123456${i}1`;
        carrier.addSubscriber(callee);
        carrier.addSubscriber(clirCallee);
        setups.set(profile, { company, trunk, main: provisional[0] ?? '', callee, clirCallee });
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await belay?.stop();
    await carrier?.stop();
  });

  const setupOf = (profile: ProfileName): ProfileSetup => {
    const setup = setups.get(profile);
    if (!setup) throw new Error(`no setup for ${profile}`);
    return setup;
  };
  /** The network number the carrier reads: sipgate identifies the trunk by its SIP-ID in From and bills its main number. */
  const expectedNpn = (profile: ProfileName, provisional: string | null): string | null => (profile === 'sipgate' ? setupOf(profile).main : provisional);

  it.each(PROFILES)('%s: the callee sees the legacy number; the provisional number is the network number', { timeout: 30_000 }, async (profile) => {
    const { company, trunk, callee } = setupOf(profile);
    const { legacyNumber, provisionalNumber } = company.employee('23');
    expect(legacyNumber).not.toBeNull();
    expect(provisionalNumber).not.toBeNull();

    passed(await company.phone('23').dial(national(callee)));

    const [received, ...more] = carrier.received(callee);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ shownNumber: legacyNumber, npn: expectedNpn(profile, provisionalNumber), anonymous: false, viaTrunk: trunk.carrierId, answered: true });
    // the callee's audio came back from the desk phone
    expect(received?.rtpReceived).toBeGreaterThan(0);
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

  it.each(PROFILES)('%s: a caller who withholds their number is anonymous to the callee; the network still gets the NPN', { timeout: 30_000 }, async (profile) => {
    const { company, trunk, clirCallee } = setupOf(profile);
    const { provisionalNumber } = company.employee('24');

    passed(await company.phone('24').dial(national(clirCallee)));

    const [received, ...more] = carrier.received(clirCallee);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ shownNumber: null, anonymous: true, npn: expectedNpn(profile, provisionalNumber), viaTrunk: trunk.carrierId, answered: true });
    const [record] = await belay.calls(company.slug, (r) => r.dialled === clirCallee);
    expect(record).toMatchObject({ direction: 'outbound', networkNumber: provisionalNumber, disposition: 'answered', caller: { extension: '24' } });
  });
});
