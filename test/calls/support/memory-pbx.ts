/**
 * belay's SIP side (registrar, authenticator, B2BUA) on the memory network and a simulated
 * clock, with test phones as peers: every timer (transactions, ring time, forwarding, session
 * expiry) moves only when the test advances the clock. Call records are collected in memory.
 */
import { pino } from 'pino';
import { B2bua, B2BUA_EXTENSIONS, InMemoryDirectory, startSipService } from '../../../src/centrex/index.js';
import type { B2buaOptions, CallPolicy, CallRecord, CallRecordSink, DirectoryTenant, DirectoryUser, SipService } from '../../../src/centrex/index.js';
import { MemoryNetwork, SimulatedClock, Status, ha1, sequentialIds } from '../../../src/sip/index.js';
import type { CallForwarding } from '../../../src/centrex/index.js';
import { TestPhone } from './test-phone.js';
import type { IncomingCall } from './test-phone.js';

export const START = Date.UTC(2026, 0, 1, 9, 0, 0);
export const DOMAIN = 'acme.example';
export const TENANT: DirectoryTenant = { id: '00000000-0000-4000-8000-000000000001', slug: 'acme', name: 'ACME', sipDomain: DOMAIN };
export const BELAY = { host: '192.0.2.10', port: 5060 };

export interface UserFeatures {
  readonly dnd?: boolean;
  readonly forwarding?: CallForwarding;
  readonly classOfService?: DirectoryUser['classOfService'];
  readonly clir?: boolean;
  readonly ringExternal?: string | null;
}

/** A user of the test tenant whose password is `<extension>-secret`. */
export function pbxUser(extension: string, displayName: string, features: UserFeatures = {}): DirectoryUser {
  return {
    id: `00000000-0000-4000-8000-000000000${extension}`,
    tenantId: TENANT.id,
    extension,
    displayName,
    sipUsername: extension,
    credentials: { username: extension, realm: DOMAIN, ha1: { MD5: ha1(extension, DOMAIN, `${extension}-secret`, 'MD5') } },
    dnd: features.dnd ?? false,
    forwarding: features.forwarding ?? {},
    classOfService: features.classOfService ?? 'international',
    clir: features.clir ?? false,
    ringExternal: features.ringExternal ?? null,
  };
}

/** Call records kept in a list, in the order the calls ended. */
export class RecordedCalls implements CallRecordSink {
  readonly records: CallRecord[] = [];

  record(record: CallRecord): void {
    this.records.push(record);
  }
}

/** What the B2BUA is given besides the SIP service's parts and the call records. */
export type CallHandling = Pick<B2buaOptions, 'policy' | 'telephony' | 'gate' | 'onInboundNumber' | 'log'>;

/** What {@link MemoryPbxBase.boot} builds. */
export type PbxParts = readonly [network: MemoryNetwork, directory: InMemoryDirectory, service: SipService, b2bua: B2bua, calls: RecordedCalls];

/** belay on the memory network, with its phones; {@link MemoryPbx} and the trunk tests' PBX are built on it. */
export abstract class MemoryPbxBase {
  private hosts = 20;

  protected constructor(
    readonly clock: SimulatedClock,
    readonly network: MemoryNetwork,
    readonly directory: InMemoryDirectory,
    readonly service: SipService,
    readonly b2bua: B2bua,
    readonly calls: RecordedCalls,
  ) {}

  /** belay at {@link BELAY} on a memory network of `clock`, its directory holding `tenants` and `users`. */
  protected static async boot(clock: SimulatedClock, tenants: readonly DirectoryTenant[], users: readonly DirectoryUser[], handling: CallHandling): Promise<PbxParts> {
    const network = new MemoryNetwork({ clock, latencyMs: 1 });
    const directory = new InMemoryDirectory();
    tenants.forEach((tenant, i) => directory.putTenant(tenant, i + 1));
    users.forEach((user, i) => directory.putUser(user, tenants.length + i + 1));
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
        b2bua = new B2bua({ ...parts, records: calls, ...handling });
        return b2bua;
      },
    });
    if (!b2bua) throw new Error('the SIP service did not build the call handler');
    return [network, directory, service, b2bua, calls];
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
      if (phone.registrations.at(-1)?.status !== Status.OK) throw new Error(`${user.extension} at ${host} did not register`);
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

/** belay with the test tenant and its users. */
export class MemoryPbx extends MemoryPbxBase {
  static async start(users: readonly DirectoryUser[], policy?: CallPolicy): Promise<MemoryPbx> {
    const clock = new SimulatedClock(START);
    return new MemoryPbx(clock, ...(await MemoryPbxBase.boot(clock, [TENANT], users, policy ? { policy } : {})));
  }
}
