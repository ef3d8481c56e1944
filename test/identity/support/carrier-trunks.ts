/**
 * The simulated German network for a company: its legacy numbers held by the old provider, its
 * provisional numbers by the new one, and trunks at the new provider that belay registers to,
 * read by the network the way each trunk profile writes its INVITEs.
 */
import { SimulatedCarrier } from '../../../src/lab/index.js';
import type { CarrierTrunk } from '../../../src/lab/index.js';
import type { Company, ProfileName } from './company.js';

export const OLD_PROVIDER = 'Telekom';
export const NEW_PROVIDER = 'Newcarrier';
/** The SIP domain belay writes in number URIs toward the carrier and registers at. */
export const CARRIER_DOMAIN = 'sip.newcarrier.test';

/** The network on 127.0.0.1, beside belay. */
export function startCarrier(log?: (line: string) => void): Promise<SimulatedCarrier> {
  return SimulatedCarrier.start({ host: '127.0.0.1', domain: CARRIER_DOMAIN, ...(log ? { log } : {}) });
}

/** Where the network finds the presented number (UPN) and the network number (NPN) in each profile's INVITE. */
export const CARRIER_READS: Readonly<Record<ProfileName, CarrierTrunk['reads']>> = {
  generic: { upn: 'from-user', npn: 'pai' },
  telekom: { upn: 'from-user', npn: 'ppi' },
  sipgate: { upn: 'ppi', npn: 'account' },
  nfon: { upn: 'pai', npn: 'from-user' },
  dts: { upn: 'ppi', npn: 'from-user' },
};

/** The company's legacy numbers at the old provider and its provisional numbers at the new one. */
export async function holdCompanyNumbers(carrier: SimulatedCarrier, company: Company): Promise<void> {
  carrier.holdNumbers(OLD_PROVIDER, await company.numbers('legacy'));
  carrier.holdNumbers(NEW_PROVIDER, await company.numbers('provisional'));
}

export interface TrunkConnection {
  /** belay's trunk name, also part of the carrier account. */
  readonly name: string;
  readonly profile: ProfileName;
  /** The trunk's numbers at the new provider, its main number first; numbers still at the old provider count once ported. */
  readonly numbers: readonly string[];
  /** Presented numbers the carrier accepts besides the trunk's own (CLIP no screening). */
  readonly allowed: readonly string[];
  readonly priority?: number;
  /** The site (id or name) whose trunk it is. */
  readonly site?: string;
}

/** A register-mode trunk at the new provider, configured at the carrier and in belay; belay's trunk id once registered. */
export async function connectTrunk(carrier: SimulatedCarrier, company: Company, trunk: TrunkConnection): Promise<{ readonly belayId: string; readonly carrierId: string }> {
  const username = `${company.slug}-${trunk.name}`;
  const password = `secret-${username}-8Kq`;
  const main = trunk.numbers[0];
  if (main === undefined) throw new Error(`trunk ${trunk.name} needs a number`);
  carrier.addTrunk({
    id: username,
    provider: NEW_PROVIDER,
    numbers: trunk.numbers,
    auth: { mode: 'register', username, password },
    screening: { clipNoScreening: true, allowed: trunk.allowed },
    reads: CARRIER_READS[trunk.profile],
  });
  const belayId = await company.addTrunk({
    name: trunk.name,
    profile: trunk.profile,
    host: carrier.address.host,
    port: carrier.address.port,
    domain: CARRIER_DOMAIN,
    account: { username, password },
    defaultNumber: main,
    priority: trunk.priority ?? 1,
    ...(trunk.site === undefined ? {} : { site: trunk.site }),
  });
  return { belayId, carrierId: username };
}
