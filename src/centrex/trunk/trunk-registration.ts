/**
 * belay's registration at a carrier for one register-mode trunk: REGISTER to the trunk's
 * domain with our contact, refreshed at 80 % of the time the carrier granted; after a failure
 * (refused, challenged with credentials it rejects, no answer, transport failure) the state is
 * `failed` with the reason kept, and the next attempt follows after 30 s, doubling up to 10 min.
 * `stop()` removes the contact at the carrier (Expires: 0) and waits for the answer a bounded time.
 */
import { ipFamily, noParams } from '../../sip/index.js';
import type { Clock, IdSource, SipUri, TimerHandle } from '../../sip/index.js';
import type { TrunkConfig } from '../telephony/index.js';
import { RegisterClient } from './register-client.js';
import type { RegisterAccount, RegistrationStack } from './register-client.js';
import { trunkTarget } from './trunk-target.js';
import type { TrunkRegistrationState, TrunkStatus } from './trunk-status.js';

export interface TrunkRegistrationOptions {
  readonly stack: RegistrationStack;
  readonly clock: Clock;
  /** Call-ID, tags and branches. */
  readonly ids: IdSource;
  readonly trunk: TrunkConfig;
  /** The user part of our Contact: the carrier's calls for this trunk arrive addressed to it. */
  readonly contactUser: string;
  /** The trunk's calls now (`TrunkGate.activeCalls`); without it the status counts none. */
  readonly activeCalls?: () => number;
  /** Told after every change of state. */
  readonly onStatus?: (status: TrunkStatus) => void;
}

/** The refresh is sent when this share of the granted time has passed. */
const REFRESH_SHARE = 0.8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 600_000;
/** How long `stop()` waits for the answer to the unregistration. */
export const UNREGISTER_WAIT_MS = 5_000;

/** Characters of a SIP user part that need no escaping (RFC 3261 §25.1 `unreserved` / `user-unreserved`). */
const USER_PART = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]+$/;

/** Delay before the attempt that follows the `failures`-th failure in a row. */
const retryDelayMs = (failures: number): number => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);

const sipUri = (host: string, user?: string): SipUri => ({
  kind: 'sip',
  scheme: 'sip',
  host: ipFamily(host) === 6 && !host.startsWith('[') ? `[${host}]` : host,
  params: noParams,
  headers: [],
  ...(user === undefined ? {} : { user }),
});

/** What to send for `trunk`, or why it cannot register. */
function registerAccount(trunk: TrunkConfig, contactUser: string, stack: RegistrationStack): RegisterAccount | string {
  const { username, password, registerExpires } = trunk;
  if (username === null) return 'the trunk has no username to register with';
  if (!USER_PART.test(username)) return `the username ${JSON.stringify(username)} cannot be written in a SIP URI`;
  if (!USER_PART.test(contactUser)) return `the contact user ${JSON.stringify(contactUser)} cannot be written in a SIP URI`;
  if (!Number.isInteger(registerExpires) || registerExpires <= 0) return `the registration expiry must be a whole number of seconds above 0, not ${registerExpires}`;
  let contact: SipUri;
  try {
    contact = stack.contactUri(trunk.transport, contactUser);
  } catch (error) {
    return `no contact address: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    registrar: sipUri(trunk.domain),
    aor: sipUri(trunk.domain, username),
    contact,
    target: trunkTarget(trunk),
    credentials: password === null ? null : { username: trunk.authUsername ?? username, password },
    expires: registerExpires,
  };
}

export class TrunkRegistration {
  private phase: 'new' | 'running' | 'stopped' = 'new';
  private state: TrunkRegistrationState = 'idle';
  private lastError: string | null = null;
  private registeredUntil: number | null = null;
  private lastAttemptAt: number | null = null;
  private failures = 0;
  private timer: TimerHandle | undefined;
  private client: RegisterClient | undefined;

  constructor(private readonly options: TrunkRegistrationOptions) {}

  get trunk(): TrunkConfig {
    return this.options.trunk;
  }

  get status(): TrunkStatus {
    const { registeredUntil } = this;
    return {
      trunkId: this.options.trunk.id,
      state: this.state,
      lastError: this.lastError,
      registeredUntil: registeredUntil !== null && registeredUntil > this.options.clock.now() ? registeredUntil : null,
      lastAttemptAt: this.lastAttemptAt,
      activeCalls: this.options.activeCalls?.() ?? 0,
    };
  }

  /** Sends the first REGISTER; a trunk that cannot register (no username, no transport for it) goes to `failed` at once, for good. */
  start(): void {
    if (this.phase !== 'new') throw new Error('a trunk registration starts once');
    this.phase = 'running';
    const { trunk, contactUser, stack, ids } = this.options;
    const account = registerAccount(trunk, contactUser, stack);
    if (typeof account === 'string') {
      this.state = 'failed';
      this.lastError = account;
      this.notify();
      return;
    }
    this.client = new RegisterClient(stack, ids, account);
    this.register();
  }

  /** Stops refreshing and, if a registration may be held at the carrier, removes it; resolves within {@link UNREGISTER_WAIT_MS}. */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.timer?.cancel();
    const { client } = this;
    const held = this.state === 'registering' || this.status.registeredUntil !== null;
    if (client && held) {
      this.lastAttemptAt = this.options.clock.now();
      await new Promise<void>((resolve) => {
        const wait = this.options.clock.setTimer(UNREGISTER_WAIT_MS, () => {
          this.lastError = 'the carrier did not answer the unregistration in time';
          resolve();
        });
        client.exchange('unregister', (outcome) => {
          wait.cancel();
          if (!outcome.ok) this.lastError = `unregistration failed: ${outcome.reason}`;
          resolve();
        });
      });
    }
    this.state = 'idle';
    this.registeredUntil = null;
    this.notify();
  }

  private register(): void {
    const client = this.client;
    if (!client || this.phase !== 'running') return;
    if (this.state !== 'registered') this.state = 'registering';
    this.lastAttemptAt = this.options.clock.now();
    this.notify();
    client.exchange('register', (outcome) => {
      if (this.phase !== 'running') return;
      if (!outcome.ok) this.fail(outcome.reason);
      else if (outcome.grantedSeconds === 0) this.fail('the carrier granted the registration for 0 seconds');
      else this.registered(outcome.grantedSeconds);
    });
  }

  private registered(seconds: number): void {
    const now = this.options.clock.now();
    this.state = 'registered';
    this.lastError = null;
    this.failures = 0;
    this.registeredUntil = now + seconds * 1000;
    this.schedule(Math.round(seconds * 1000 * REFRESH_SHARE));
    this.notify();
  }

  private fail(reason: string): void {
    this.state = 'failed';
    this.lastError = reason;
    this.failures++;
    this.schedule(retryDelayMs(this.failures));
    this.notify();
  }

  private schedule(ms: number): void {
    this.timer?.cancel();
    this.timer = this.options.clock.setTimer(ms, () => this.register());
  }

  private notify(): void {
    this.options.onStatus?.(this.status);
  }
}
