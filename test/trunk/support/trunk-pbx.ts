/**
 * belay's SIP side with trunks, on the memory network and a simulated clock: the registrar and the
 * B2BUA with a telephony read model (`trunk-world.ts`), test phones as the users' devices, and
 * test phones standing in for the carriers at the trunks' addresses (they receive what belay sends
 * out, answer as a script says, and place calls into belay from the network). Call records, the
 * B2BUA's log lines and the inbound numbers it reports are collected for the test to look at.
 */
import { pino } from 'pino';
import { B2bua, B2BUA_EXTENSIONS, InMemoryDirectory, TrunkGate, startSipService } from '../../../src/centrex/index.js';
import type { CallPolicy, DirectoryUser, InMemoryTelephony, SipService } from '../../../src/centrex/index.js';
import { DigestServer, MemoryNetwork, SimulatedClock, Status, formatUri, ha1, headerValues, sequentialIds } from '../../../src/sip/index.js';
import { RecordedCalls } from '../../calls/support/memory-pbx.js';
import { TestPhone } from '../../calls/support/test-phone.js';
import type { IncomingCall } from '../../calls/support/test-phone.js';
import { ACME, DOMAIN, OTHER, acmeTelephony } from './trunk-world.js';
import type { WorldSpec } from './trunk-world.js';

export const START = Date.UTC(2026, 0, 1, 9, 0, 0);
export const BELAY = { host: '192.0.2.10', port: 5060 };

export interface LogLine {
  readonly level: 'info' | 'warn';
  readonly fields: object;
  readonly message: string;
}

export class TrunkPbx {
  readonly logs: LogLine[] = [];
  /** What `onInboundNumber` was told: tenant, number, time. */
  readonly inboundNumbers: { readonly tenantId: string; readonly number: string; readonly at: number }[] = [];
  private hosts = 20;

  private constructor(
    readonly clock: SimulatedClock,
    readonly network: MemoryNetwork,
    readonly directory: InMemoryDirectory,
    readonly telephony: InMemoryTelephony,
    readonly gate: TrunkGate,
    readonly calls: RecordedCalls,
  ) {}

  private service: SipService | undefined;
  private handler: B2bua | undefined;

  get b2bua(): B2bua {
    if (!this.handler) throw new Error('not started');
    return this.handler;
  }

  static async start(users: readonly DirectoryUser[], world: WorldSpec, policy?: CallPolicy): Promise<TrunkPbx> {
    const clock = new SimulatedClock(START);
    const network = new MemoryNetwork({ clock, latencyMs: 1 });
    const directory = new InMemoryDirectory();
    directory.putTenant(ACME, 1);
    directory.putTenant(OTHER, 2);
    users.forEach((user, i) => directory.putUser(user, i + 3));
    const pbx = new TrunkPbx(clock, network, directory, acmeTelephony(world), new TrunkGate(clock), new RecordedCalls());
    const log = (level: LogLine['level']) => (fields: object, message: string) => pbx.logs.push({ level, fields, message });
    pbx.service = await startSipService({
      clock,
      ids: sequentialIds('belay-'),
      directory,
      transports: [(handlers) => Promise.resolve(network.attach({ ...BELAY, ...handlers }))],
      registration: { minExpires: 60, maxExpires: 7200, defaultExpires: 3600 },
      qualify: { intervalMs: 0, giveUpMs: 120_000 },
      digest: { algorithms: ['MD5'], secret: 'trunk pbx secret' },
      abuse: { windowMs: 60_000, threshold: 50, blockMs: 60_000, allow: [] },
      extensions: B2BUA_EXTENSIONS,
      log: pino({ level: 'silent' }),
      calls: (parts) => {
        pbx.handler = new B2bua({
          ...parts,
          records: pbx.calls,
          telephony: pbx.telephony,
          gate: pbx.gate,
          onInboundNumber: (tenantId, number, at) => pbx.inboundNumbers.push({ tenantId, number, at }),
          log: { info: log('info'), warn: log('warn') },
          ...(policy ? { policy } : {}),
        });
        return pbx.handler;
      },
    });
    return pbx;
  }

  /** A phone of `user` on its own address, registered. */
  async phone(user: DirectoryUser, options: { readonly onInvite?: (call: IncomingCall) => void } = {}): Promise<TestPhone> {
    const host = `192.0.2.${this.hosts++}`;
    const phone = await TestPhone.start({
      username: user.sipUsername,
      password: `${user.extension}-secret`,
      domain: DOMAIN,
      server: { protocol: 'udp', ...BELAY },
      transport: (handlers) => Promise.resolve(this.network.attach({ host, port: 5060, ...handlers })),
      clock: this.clock,
      ids: sequentialIds(`${host}-`),
      ...(options.onInvite ? { onInvite: options.onInvite } : {}),
    });
    phone.register();
    this.run(50);
    if (phone.registrations.at(-1)?.status !== Status.OK) throw new Error(`${user.extension} at ${host} did not register`);
    return phone;
  }

  /** The carrier side of a trunk at `host`:5060: it gets what belay sends to the trunk and calls belay from the network. */
  carrier(host: string, onInvite?: (call: IncomingCall) => void): Promise<TestPhone> {
    return TestPhone.start({
      username: 'carrier',
      password: 'unused',
      domain: 'sip.carrier.example',
      server: { protocol: 'udp', ...BELAY },
      transport: (handlers) => Promise.resolve(this.network.attach({ host, port: 5060, ...handlers })),
      clock: this.clock,
      ids: sequentialIds(`${host}-`),
      ...(onInvite ? { onInvite } : {}),
    });
  }

  /** Lets `ms` of simulated time pass (messages take 1 ms on the network). */
  run(ms = 100): void {
    this.clock.advance(ms);
  }

  stop(): Promise<void> {
    return this.service?.stop() ?? Promise.resolve();
  }
}

/**
 * A carrier that wants Digest on INVITEs (as register-mode trunks are asked): the first INVITE of
 * a call gets 407, one with the right credentials for `username`/`password` is handed to `then`.
 */
export function challenging(clock: SimulatedClock, account: { readonly username: string; readonly password: string }, then: (call: IncomingCall) => void): (call: IncomingCall) => void {
  const realm = 'sip.carrier.example';
  const digest = new DigestServer({ clock, secret: 'the carrier nonce secret', algorithms: ['MD5'] });
  return (call) => {
    const { request } = call;
    const inspected = digest.inspect(headerValues(request, 'Proxy-Authorization'), { method: request.method, requestUri: formatUri(request.uri) }, realm);
    if (inspected.kind === 'candidate' && inspected.username === account.username) {
      const stored = digest.verify(inspected, ha1Of(account, realm));
      if (stored.kind === 'ok') {
        then(call);
        return;
      }
    }
    call.reject(Status.ProxyAuthenticationRequired, digest.challenge(realm).map((value) => ({ name: 'Proxy-Authenticate', value })));
  };
}

const ha1Of = (account: { readonly username: string; readonly password: string }, realm: string): string => ha1(account.username, realm, account.password, 'MD5');
