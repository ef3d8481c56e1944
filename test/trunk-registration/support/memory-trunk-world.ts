/**
 * belay's SIP stack and carrier registrars on the memory network, on a simulated clock: the
 * ground for the trunk registration unit tests.
 */
import { MemoryNetwork, SimulatedClock, SipStack, sequentialIds } from '../../../src/sip/index.js';
import type { TransportAddress, TransportProtocol } from '../../../src/sip/index.js';
import { BUILTIN_PROFILES } from '../../../src/centrex/identity/index.js';
import type { TrunkConfig } from '../../../src/centrex/telephony/index.js';
import { CarrierRegistrar } from './carrier-registrar.js';
import type { CarrierRegistrarOptions } from './carrier-registrar.js';

export const BELAY = { host: '192.0.2.10', port: 5060 };
export const CARRIER = { host: '198.51.100.20', port: 5070 };
export const SECOND = 1000;
/** Where the simulated clock starts. */
export const T0 = 1_000_000;
/** One way across the memory network, and there and back. */
export const HOP = 5;
export const RTT = 2 * HOP;

/** A register-mode trunk at {@link CARRIER} whose account the carrier knows. */
export function trunkConfig(overrides: Partial<TrunkConfig> = {}): TrunkConfig {
  return {
    id: 'trunk-1',
    tenantId: null,
    name: 'carrier',
    mode: 'register',
    host: CARRIER.host,
    port: CARRIER.port,
    transport: 'udp',
    domain: 'sip.carrier.example',
    outboundProxy: null,
    username: '4922198765430',
    authUsername: null,
    password: 'trunk-secret',
    registerExpires: 600,
    profile: BUILTIN_PROFILES.generic,
    inboundAddresses: [],
    defaultNumber: null,
    priority: 1,
    maxCalls: null,
    maxCps: null,
    siteId: null,
    enabled: true,
    ...overrides,
  };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

export class MemoryTrunkWorld {
  private readonly stops: (() => Promise<void>)[] = [];

  private constructor(
    readonly clock: SimulatedClock,
    private readonly network: MemoryNetwork,
    readonly protocol: TransportProtocol,
    readonly belay: SipStack,
  ) {}

  /** belay's stack at {@link BELAY}; TCP-like on a reliable network. */
  static async start(protocol: TransportProtocol = 'udp'): Promise<MemoryTrunkWorld> {
    const clock = new SimulatedClock(T0);
    const network = new MemoryNetwork({ clock, latencyMs: HOP, reliable: protocol !== 'udp' });
    const belay = new SipStack({
      transports: [(handlers) => Promise.resolve(network.attach({ ...BELAY, protocol, ...handlers }))],
      clock,
      ids: sequentialIds('belay'),
      delegate: { onRequest: () => undefined },
    });
    await belay.start();
    const world = new MemoryTrunkWorld(clock, network, protocol, belay);
    world.stops.push(() => belay.stop());
    return world;
  }

  /** A registrar at `address` (default {@link CARRIER}) for realm sip.carrier.example that knows the account of {@link trunkConfig}. */
  async carrier(options: Partial<CarrierRegistrarOptions> = {}, address: TransportAddress = CARRIER): Promise<CarrierRegistrar> {
    const carrier = await CarrierRegistrar.start({
      transport: (handlers) => Promise.resolve(this.network.attach({ ...address, protocol: this.protocol, ...handlers })),
      clock: this.clock,
      realm: 'sip.carrier.example',
      accounts: { '4922198765430': 'trunk-secret' },
      ...options,
    });
    this.stops.push(() => carrier.stop());
    return carrier;
  }

  /** Lets pending promises (transports, queued work) settle, advances the clock, and lets them settle again. */
  async run(ms: number): Promise<void> {
    await settle();
    this.clock.advance(ms);
    await settle();
  }

  async stop(): Promise<void> {
    await Promise.all(this.stops.map((stop) => stop()));
  }
}
