/**
 * Connects a call to where the network routes its number (see {@link CarrierDirectory.route}):
 * the PSAP, a subscriber's phone, a customer trunk (its registered contact or ip peer), or,
 * when the provider holding the number forwards it, onward to the forwarding target with the
 * redirection history that provider adds. Forwarding loops end in 482, long chains in 483.
 */
import { Status } from '../sip/index.js';
import type { StatusCode } from '../sip/index.js';
import type { CalledParty, CallingParty } from './call-party.js';
import type { CarrierContext } from './carrier-context.js';
import type { CarrierDirectory } from './carrier-directory.js';
import type { CarrierTrunk } from './carrier-trunk.js';
import type { NetworkCall } from './network-call.js';
import { forwarded } from './redirection.js';
import { SimulatedPhone } from './simulated-phone.js';
import type { ReceivedCall } from './simulated-phone.js';
import { TrunkLeg } from './trunk-leg.js';
import type { TrunkDestination } from './trunk-leg.js';
import { numberAtContact } from './trunk-registrar.js';
import type { TrunkRegistrar } from './trunk-registrar.js';

/** Forwarding hops a call may take before the network refuses it. */
export const MAX_FORWARDS = 5;

/** A called side that failed at once: nothing to cancel or hang up. */
function failedAtOnce(caller: CallingParty, status: StatusCode): CalledParty {
  caller.failed(status);
  return { cancel: () => undefined, hangUp: () => undefined };
}

export class NetworkRouter {
  private readonly phones = new Map<string, SimulatedPhone[]>();
  private readonly psap: SimulatedPhone[] = [];

  constructor(
    private readonly context: CarrierContext,
    private readonly directory: CarrierDirectory,
    private readonly registrar: TrunkRegistrar,
  ) {}

  received(number: string): readonly ReceivedCall[] {
    return (this.phones.get(number) ?? []).map((phone) => phone.received);
  }

  emergencyCalls(): readonly ReceivedCall[] {
    return this.psap.map((phone) => phone.received);
  }

  /** Ends every call a phone or the PSAP is in. */
  abort(): void {
    for (const phone of [...this.psap, ...[...this.phones.values()].flat()]) phone.abort();
  }

  connect(call: NetworkCall, offer: Buffer, caller: CallingParty): CalledParty {
    const route = this.directory.route(call.called);
    const { log } = this.context;
    switch (route.kind) {
      case 'psap': {
        log(`${call.called} → PSAP (network number ${call.caller.npn ?? 'none'})`);
        const phone = new SimulatedPhone(this.context, call, offer, caller, { answer: 'answer' });
        this.psap.push(phone);
        return phone;
      }
      case 'subscriber': {
        log(`${call.called} → subscriber`);
        const phone = new SimulatedPhone(this.context, call, offer, caller, route.behaviour);
        this.phones.set(call.called, [...(this.phones.get(call.called) ?? []), phone]);
        return phone;
      }
      case 'forward': {
        if (call.forwardedFrom.includes(route.to) || route.to === call.called) return failedAtOnce(caller, Status.LoopDetected);
        if (call.forwardedFrom.length >= MAX_FORWARDS) return failedAtOnce(caller, Status.TooManyHops);
        log(`${call.called} forwarded by ${route.provider} to ${route.to} (${route.style})`);
        return this.connect(
          {
            ...call,
            called: route.to,
            redirection: forwarded(call.redirection, call.called, route.to, route.style, this.context.domain),
            forwardedFrom: [...call.forwardedFrom, call.called],
          },
          offer,
          caller,
        );
      }
      case 'trunk': {
        const destination = this.destination(route.trunk, call.called);
        if (!destination) {
          log(`${call.called} → trunk ${route.trunk.id}, which is not registered`);
          return failedAtOnce(caller, Status.TemporarilyUnavailable);
        }
        log(`${call.called} → trunk ${route.trunk.id}`);
        return new TrunkLeg(this.context, call, offer, caller, destination);
      }
      case 'unknown':
        log(`${call.called} is not a number in the network`);
        return failedAtOnce(caller, Status.NotFound);
    }
  }

  private destination(trunk: CarrierTrunk, number: string): TrunkDestination | undefined {
    if (trunk.auth.mode === 'ip') {
      const { host, port } = trunk.auth.peer;
      const uriHost = host.includes(':') ? `[${host}]` : host;
      return {
        uri: { kind: 'sip', scheme: 'sip', user: number, host: uriHost, port, params: new Map([['user', 'phone']]), headers: [] },
        target: { protocol: 'udp', host, port },
      };
    }
    const binding = this.registrar.contactOf(trunk);
    return binding && { uri: trunk.requestUri === 'contact' ? binding.contact : numberAtContact(binding.contact, number), target: binding.target };
  }
}
