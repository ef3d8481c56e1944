/**
 * The simulated network's numbering and routing data: which provider holds which numbers, the
 * porting table that moves single numbers between providers, the customer trunks, the
 * forwarding table, and the simulated subscribers. `route` decides where a call for a number
 * goes, in the order a German network would: emergency numbers to the PSAP; then, at the
 * provider that holds the number now, its forwarding; a trunk of that provider carrying the
 * number; a subscriber's phone; otherwise the number does not exist.
 */
import { isEmergencyNumber, readCarrierNumber } from './carrier-number.js';
import { checkedTrunk } from './carrier-trunk.js';
import type { CarrierTrunk } from './carrier-trunk.js';
import type { ForwardingStyle } from './redirection.js';
import type { SubscriberBehaviour } from './simulated-phone.js';

export type Route =
  | { readonly kind: 'psap' }
  | { readonly kind: 'forward'; readonly to: string; readonly style: ForwardingStyle; readonly provider: string }
  | { readonly kind: 'trunk'; readonly trunk: CarrierTrunk }
  | { readonly kind: 'subscriber'; readonly behaviour: SubscriberBehaviour }
  | { readonly kind: 'unknown' };

interface Forwarding {
  readonly to: string;
  readonly style: ForwardingStyle;
  /** The provider that set it up: it applies while that provider holds the number. */
  readonly provider: string;
}

/** A number in +E.164, or an error for a setup that names something else. */
export function e164(text: string): string {
  const number = readCarrierNumber(text);
  if (number === undefined || !number.startsWith('+')) throw new Error(`${text} is not a number in the network`);
  return number;
}

export class CarrierDirectory {
  private readonly holders = new Map<string, string>();
  private readonly ported = new Map<string, string>();
  private readonly trunks = new Map<string, CarrierTrunk>();
  private readonly forwardings = new Map<string, Forwarding>();
  private readonly subscribers = new Map<string, SubscriberBehaviour>();

  holdNumbers(provider: string, numbers: readonly string[]): void {
    for (const number of numbers) this.holders.set(e164(number), provider);
  }

  port(number: string, toProvider: string): void {
    const normalized = e164(number);
    if (this.providerOf(normalized) === undefined) throw new Error(`${number} is held by no provider and cannot be ported`);
    this.ported.set(normalized, toProvider);
  }

  /** The provider that routes `number` now: the porting table first, then the range holder. */
  providerOf(number: string): string | undefined {
    return this.ported.get(number) ?? this.holders.get(number);
  }

  addTrunk(trunk: CarrierTrunk): CarrierTrunk {
    const checked = checkedTrunk(trunk);
    if (this.trunks.has(checked.id)) throw new Error(`trunk ${checked.id} exists already`);
    const { auth } = checked;
    if (auth.mode === 'register' && this.trunkByUsername(auth.username)) throw new Error(`trunk username ${auth.username} is taken`);
    this.trunks.set(checked.id, checked);
    return checked;
  }

  trunk(id: string): CarrierTrunk | undefined {
    return this.trunks.get(id);
  }

  trunkByUsername(username: string): CarrierTrunk | undefined {
    return [...this.trunks.values()].find((t) => t.auth.mode === 'register' && t.auth.username === username);
  }

  /** The ip-mode trunk whose peer sent from `host` (and `port`, over UDP, where the sending port is the listening one). */
  trunkBySource(host: string, port: number, datagram: boolean): CarrierTrunk | undefined {
    return [...this.trunks.values()].find((t) => t.auth.mode === 'ip' && t.auth.peer.host === host && (!datagram || t.auth.peer.port === port));
  }

  /** The trunk's numbers its provider holds now (a number no provider holds counts as its own); the first is its main number. */
  activeNumbers(trunk: CarrierTrunk): readonly string[] {
    return trunk.numbers.filter((n) => (this.providerOf(n) ?? trunk.provider) === trunk.provider);
  }

  forward(from: string, to: string, style: ForwardingStyle): void {
    const source = e164(from);
    const provider = this.providerOf(source);
    if (provider === undefined) throw new Error(`${from} is held by no provider: nobody can forward it`);
    this.forwardings.set(source, { to: e164(to), style, provider });
  }

  addSubscriber(number: string, behaviour: SubscriberBehaviour): void {
    this.subscribers.set(e164(number), behaviour);
  }

  route(number: string): Route {
    if (isEmergencyNumber(number)) return { kind: 'psap' };
    const provider = this.providerOf(number);
    const forwarding = this.forwardings.get(number);
    if (forwarding && forwarding.provider === provider) return { kind: 'forward', ...forwarding };
    const trunk = [...this.trunks.values()].find((t) => t.numbers.includes(number) && (provider ?? t.provider) === t.provider);
    if (trunk) return { kind: 'trunk', trunk };
    const behaviour = this.subscribers.get(number);
    return behaviour ? { kind: 'subscriber', behaviour } : { kind: 'unknown' };
  }
}
