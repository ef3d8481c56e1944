/**
 * belay's SIP side with trunks, on the memory network and a simulated clock: the registrar and the
 * B2BUA with a telephony read model (`trunk-world.ts`), test phones as the users' devices, and
 * test phones standing in for the carriers at the trunks' addresses (they receive what belay sends
 * out, answer as a script says, and place calls into belay from the network). Call records, the
 * B2BUA's log lines and the inbound numbers it reports are collected for the test to look at.
 */
import { TrunkGate } from '../../../src/centrex/index.js';
import type { CallPolicy, DirectoryUser, InMemoryTelephony } from '../../../src/centrex/index.js';
import { DigestServer, SimulatedClock, Status, formatUri, ha1, headerValues, sequentialIds } from '../../../src/sip/index.js';
import { BELAY, MemoryPbxBase, START } from '../../calls/support/memory-pbx.js';
import type { PbxParts } from '../../calls/support/memory-pbx.js';
import { TestPhone } from '../../calls/support/test-phone.js';
import type { IncomingCall } from '../../calls/support/test-phone.js';
import { ACME, OTHER, acmeTelephony } from './trunk-world.js';
import type { WorldSpec } from './trunk-world.js';

export { BELAY, START };

export interface LogLine {
  readonly level: 'info' | 'warn';
  readonly fields: object;
  readonly message: string;
}

/** What `onInboundNumber` was told: tenant, number, time. */
export interface InboundNumber {
  readonly tenantId: string;
  readonly number: string;
  readonly at: number;
}

export class TrunkPbx extends MemoryPbxBase {
  /** The carriers started, stopped with the PBX. */
  private readonly carriers: TestPhone[] = [];

  private constructor(
    parts: readonly [SimulatedClock, ...PbxParts],
    readonly telephony: InMemoryTelephony,
    readonly gate: TrunkGate,
    readonly logs: readonly LogLine[],
    readonly inboundNumbers: readonly InboundNumber[],
  ) {
    super(...parts);
  }

  static async start(users: readonly DirectoryUser[], world: WorldSpec, policy?: CallPolicy): Promise<TrunkPbx> {
    const clock = new SimulatedClock(START);
    const telephony = acmeTelephony(world);
    const gate = new TrunkGate(clock);
    const logs: LogLine[] = [];
    const inboundNumbers: InboundNumber[] = [];
    const log = (level: LogLine['level']) => (fields: object, message: string) => logs.push({ level, fields, message });
    const parts = await MemoryPbxBase.boot(clock, [ACME, OTHER], users, {
      telephony,
      gate,
      onInboundNumber: (tenantId, number, at) => inboundNumbers.push({ tenantId, number, at }),
      log: { info: log('info'), warn: log('warn') },
      ...(policy ? { policy } : {}),
    });
    return new TrunkPbx([clock, ...parts], telephony, gate, logs, inboundNumbers);
  }

  /** The carrier side of a trunk at `host`:5060: it gets what belay sends to the trunk and calls belay from the network. */
  async carrier(host: string, onInvite?: (call: IncomingCall) => void): Promise<TestPhone> {
    const carrier = await TestPhone.start({
      username: 'carrier',
      password: 'unused',
      domain: 'sip.carrier.example',
      server: { protocol: 'udp', ...BELAY },
      transport: (handlers) => Promise.resolve(this.network.attach({ host, port: 5060, ...handlers })),
      clock: this.clock,
      ids: sequentialIds(`${host}-`),
      ...(onInvite ? { onInvite } : {}),
    });
    this.carriers.push(carrier);
    return carrier;
  }

  override async stop(): Promise<void> {
    await Promise.all(this.carriers.map((carrier) => carrier.stop()));
    await super.stop();
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
