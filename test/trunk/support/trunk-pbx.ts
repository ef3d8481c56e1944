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
import type { SipMethod, SipRequest } from '../../../src/sip/index.js';
import { BELAY, MemoryPbxBase, START } from '../../calls/support/memory-pbx.js';
import type { PbxParts } from '../../calls/support/memory-pbx.js';
import { TestPhone } from '../../calls/support/test-phone.js';
import type { IncomingCall, Refusal } from '../../calls/support/test-phone.js';
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

/** A carrier's account for a trunk. */
export interface CarrierAccount {
  readonly username: string;
  readonly password: string;
}

const REALM = 'sip.carrier.example';

/** Where a carrier's challenge goes and where its answer is looked for, by the status that carries it. */
const DIGEST_LINES = {
  [Status.Unauthorized]: { challenge: 'WWW-Authenticate', answer: 'Authorization' },
  [Status.ProxyAuthenticationRequired]: { challenge: 'Proxy-Authenticate', answer: 'Proxy-Authorization' },
} as const;

type ChallengeStatus = keyof typeof DIGEST_LINES;

/** The carrier's side of Digest for one account: it challenges, and checks the credentials a request brings. */
class CarrierDigest {
  private readonly server: DigestServer;

  constructor(
    clock: SimulatedClock,
    private readonly account: CarrierAccount,
    private readonly status: ChallengeStatus,
  ) {
    this.server = new DigestServer({ clock, secret: 'the carrier nonce secret', algorithms: ['MD5'] });
  }

  accepts(request: SipRequest): boolean {
    const inspected = this.server.inspect(headerValues(request, DIGEST_LINES[this.status].answer), { method: request.method, requestUri: formatUri(request.uri) }, REALM);
    if (inspected.kind !== 'candidate' || inspected.username !== this.account.username) return false;
    return this.server.verify(inspected, ha1(this.account.username, REALM, this.account.password, 'MD5')).kind === 'ok';
  }

  /** A fresh challenge, as the response to a request without valid credentials. */
  challenge(): Refusal {
    return { status: this.status, headers: this.server.challenge(REALM).map((value) => ({ name: DIGEST_LINES[this.status].challenge, value })) };
  }
}

/**
 * A carrier that wants Digest on INVITEs (as register-mode trunks are asked): the first INVITE of
 * a call gets 407, one with the right credentials for `username`/`password` is handed to `then`.
 */
export function challenging(clock: SimulatedClock, account: CarrierAccount, then: (call: IncomingCall) => void): (call: IncomingCall) => void {
  const digest = new CarrierDigest(clock, account, Status.ProxyAuthenticationRequired);
  return (call) => {
    if (digest.accepts(call.request)) then(call);
    else {
      const { status, headers } = digest.challenge();
      call.reject(status, headers);
    }
  };
}

/**
 * A carrier that wants Digest on requests in the call too, as many German carriers do: each
 * request of `methods` that `call` receives without valid credentials for `account` is answered
 * `status` with a fresh challenge. `stubborn`: every one of them gets the first challenge again,
 * the same nonce whatever credentials it brings.
 */
export function challengeInCall(
  call: IncomingCall,
  clock: SimulatedClock,
  account: CarrierAccount,
  options: { readonly status: ChallengeStatus; readonly methods: readonly SipMethod[]; readonly stubborn?: true },
): void {
  const digest = new CarrierDigest(clock, account, options.status);
  let first: Refusal | undefined;
  call.screen = (request) => {
    if (!options.methods.includes(request.method)) return undefined;
    if (options.stubborn) return (first ??= digest.challenge());
    return digest.accepts(request) ? undefined : digest.challenge();
  };
}
