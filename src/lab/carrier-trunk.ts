import { isLoopbackAddress } from '../media/index.js';
import { readCarrierNumber } from './carrier-number.js';

/** Where the carrier reads the presented number (UPN) of a trunk's INVITE. */
export type UpnField = 'from-user' | 'from-display' | 'ppi' | 'pai';
/** Where it reads the network number (NPN); `account`: the From user is the trunk's username and the NPN is the trunk's main number. */
export type NpnField = 'from-user' | 'ppi' | 'pai' | 'account';

/** A customer trunk at a provider of the simulated network: belay connects to it. */
export interface CarrierTrunk {
  readonly id: string;
  readonly provider: string;
  /** The trunk's own numbers (+E.164), the first its main number; calls for them are delivered here while the provider holds them. */
  readonly numbers: readonly string[];
  readonly auth:
    | { readonly mode: 'register'; readonly username: string; readonly password: string }
    /** Recognised by source: the address and, over UDP, the port belay sends from (and where calls are delivered). */
    | { readonly mode: 'ip'; readonly peer: { readonly host: string; readonly port: number } };
  readonly screening: { readonly clipNoScreening: true; readonly allowed: readonly string[] } | { readonly clipNoScreening: false };
  readonly reads: { readonly upn: UpnField; readonly npn: NpnField };
  /**
   * The Request-URI of calls delivered to a register-mode trunk: `number` (the default) the
   * called number at the registered contact's address; `contact` the registered Contact as it
   * is, the called number then only in To.
   */
  readonly requestUri?: 'number' | 'contact';
}

/** The trunk with its numbers in +E.164, or an error naming what is wrong. */
export function checkedTrunk(trunk: CarrierTrunk): CarrierTrunk {
  const number = (text: string): string => {
    const e164 = readCarrierNumber(text);
    if (e164 === undefined || !e164.startsWith('+')) throw new Error(`trunk ${trunk.id}: ${text} is not a routable number`);
    return e164;
  };
  if (trunk.id.length === 0 || trunk.provider.length === 0) throw new Error('a trunk needs an id and a provider');
  if (trunk.numbers.length === 0) throw new Error(`trunk ${trunk.id} has no numbers`);
  if (trunk.reads.npn === 'account' && trunk.auth.mode !== 'register') throw new Error(`trunk ${trunk.id}: an NPN read from the account needs a register-mode trunk`);
  const screening = trunk.screening.clipNoScreening ? { clipNoScreening: true as const, allowed: trunk.screening.allowed.map(number) } : trunk.screening;
  const { auth } = trunk;
  if (auth.mode === 'register') return { ...trunk, numbers: trunk.numbers.map(number), screening };
  // the network sends only on loopback
  const host = auth.peer.host.replace(/^\[(.*)\]$/, '$1');
  if (!isLoopbackAddress(host)) throw new Error(`trunk ${trunk.id}: the peer ${auth.peer.host} is not a loopback address`);
  return { ...trunk, numbers: trunk.numbers.map(number), screening, auth: { mode: 'ip', peer: { host, port: auth.peer.port } } };
}
