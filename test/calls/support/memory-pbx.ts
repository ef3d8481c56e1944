/**
 * belay's SIP side (registrar, authenticator, B2BUA) on the memory network and a simulated
 * clock, with test phones as peers: every timer (transactions, ring time, forwarding, session
 * expiry) moves only when the test advances the clock. Call records are collected in memory.
 */
import { pino } from 'pino';
import { B2bua, B2BUA_EXTENSIONS, InMemoryDirectory, startSipService } from '../../../src/centrex/index.js';
import type { CallPolicy, CallRecord, CallRecordSink, DirectoryUser, SipService } from '../../../src/centrex/index.js';
import { MemoryNetwork, SimulatedClock, ha1, sequentialIds } from '../../../src/sip/index.js';
import type { CallForwarding } from '../../../src/centrex/index.js';
import { TestPhone } from './test-phone.js';
import type { IncomingCall } from './test-phone.js';

export const START = Date.UTC(2026, 0, 1, 9, 0, 0);
export const DOMAIN = 'acme.example';
export const TENANT = { id: '00000000-0000-4000-8000-000000000001', slug: 'acme', name: 'ACME', sipDomain: DOMAIN };
export const BELAY = { host: '192.0.2.10', port: 5060 };

/** A user of the test tenant whose password is `<extension>-secret`. */
export function pbxUser(extension: string, displayName: string, features: { dnd?: boolean; forwarding?: CallForwarding } = {}): DirectoryUser {
  const password = `${extension}-secret`;
  return {
    id: `00000000-0000-4000-8000-000000000${extension}`,
    tenantId: TENANT.id,
    extension,
    displayName,
    sipUsername: extension,
    credentials: { username: extension, realm: DOMAIN, ha1: { MD5: ha1(extension, DOMAIN, password, 'MD5') } },
    dnd: features.dnd ?? false,
    forwarding: features.forwarding ?? {},
    classOfService: 'international',
    clir: false,
    ringExternal: null,
  };
}

/** Call records kept in a list, in the order the calls ended. */
export class RecordedCalls implements CallRecordSink {
  readonly records: CallRecord[] = [];

  record(record: CallRecord): void {
    this.records.push(record);
  }
}

export class MemoryPbx {
  private hosts = 20;

  private constructor(
    readonly clock: SimulatedClock,
    readonly network: MemoryNetwork,
    readonly directory: InMemoryDirectory,
    readonly service: SipService,
    readonly b2bua: B2bua,
    readonly calls: RecordedCalls,
  ) {}

  static async start(users: readonly DirectoryUser[], policy?: CallPolicy): Promise<MemoryPbx> {
    const clock = new SimulatedClock(START);
    const network = new MemoryNetwork({ clock, latencyMs: 1 });
    const directory = new InMemoryDirectory();
    directory.putTenant(TENANT, 1);
    users.forEach((user, i) => directory.putUser(user, i + 2));
    const calls = new RecordedCalls();
    let b2bua: B2bua | undefined;
    const service = await startSipService({
      clock,
      ids: sequentialIds('belay-'),
      directory,
      transports: [(handlers) => Promise.resolve(network.attach({ ...BELAY, ...handlers }))],
      registration: { minExpires: 60, maxExpires: 7200, defaultExpires: 3600 },
      qualify: { intervalMs: 0, giveUpMs: 120_000 },
      digest: { algorithms: ['MD5'], secret: 'memory pbx secret' },
      abuse: { windowMs: 60_000, threshold: 50, blockMs: 60_000, allow: [] },
      extensions: B2BUA_EXTENSIONS,
      log: pino({ level: 'silent' }),
      calls: (parts) => {
        b2bua = new B2bua({ ...parts, records: calls, ...(policy ? { policy } : {}) });
        return b2bua;
      },
    });
    if (!b2bua) throw new Error('the SIP service did not build the call handler');
    return new MemoryPbx(clock, network, directory, service, b2bua, calls);
  }

  /** A phone of `user` on its own address, registered once `run` has let the REGISTER through. */
  async phone(user: DirectoryUser, options: { readonly onInvite?: (call: IncomingCall) => void; readonly userAgent?: string; readonly register?: boolean } = {}): Promise<TestPhone> {
    const host = `192.0.2.${this.hosts++}`;
    const phone = await TestPhone.start({
      username: user.sipUsername,
      password: `${user.extension}-secret`,
      domain: DOMAIN,
      server: { protocol: 'udp', ...BELAY },
      transport: (handlers) => Promise.resolve(this.network.attach({ host, port: 5060, ...handlers })),
      clock: this.clock,
      ids: sequentialIds(`${host}-`),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.onInvite ? { onInvite: options.onInvite } : {}),
    });
    if (options.register ?? true) {
      phone.register();
      this.run(50);
      if (phone.registrations.at(-1)?.status !== 200) throw new Error(`${user.extension} at ${host} did not register`);
    }
    return phone;
  }

  /** Lets `ms` of simulated time pass (messages take 1 ms on the network). */
  run(ms = 100): void {
    this.clock.advance(ms);
  }

  stop(): Promise<void> {
    return this.service.stop();
  }
}
