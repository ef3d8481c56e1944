/**
 * The registrations of all trunks: one {@link TrunkRegistration} per enabled register-mode
 * trunk. `reconcile` is called with the configured trunks whenever they change: it starts the
 * new ones, unregisters the removed or disabled ones, and restarts (unregister, then register
 * again) those whose registration settings changed. Reconciliations run one after another.
 */
import type { Clock, IdSource } from '../../sip/index.js';
import type { TrunkConfig } from '../telephony/index.js';
import type { RegistrationStack } from './register-client.js';
import { trunkContactUser } from './trunk-contact-user.js';
import type { TrunkGate } from './trunk-gate.js';
import { TrunkRegistration } from './trunk-registration.js';
import type { TrunkStatus, TrunkStatusSource } from './trunk-status.js';

export interface TrunkRegistrationsOptions {
  readonly stack: RegistrationStack;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Counts the trunks' calls for their status. */
  readonly gate: TrunkGate;
  /** Told after every change of a registration's state. */
  readonly onStatus?: (status: TrunkStatus) => void;
}

interface Running {
  readonly registration: TrunkRegistration;
  /** The settings it registers with: a change restarts it. */
  readonly key: string;
}

const registers = (trunk: TrunkConfig): boolean => trunk.enabled && trunk.mode === 'register';

/** What a registration depends on; other settings (name, profile, limits …) change without re-registering. */
const registrationKey = (t: TrunkConfig): string =>
  JSON.stringify([t.host, t.port, t.transport, t.domain, t.outboundProxy, t.username, t.authUsername, t.password, t.registerExpires]);

export class TrunkRegistrations implements TrunkStatusSource {
  private readonly running = new Map<string, Running>();
  private trunks: readonly TrunkConfig[] = [];
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: TrunkRegistrationsOptions) {}

  /** Brings the registrations in line with `trunks` (all configured trunks); resolves once removed ones are unregistered. */
  reconcile(trunks: readonly TrunkConfig[]): Promise<void> {
    this.queue = this.queue.then(() => this.apply(trunks));
    return this.queue;
  }

  status(trunkId: string): TrunkStatus | undefined {
    const running = this.running.get(trunkId);
    if (running) return running.registration.status;
    return this.trunks.some((trunk) => trunk.id === trunkId) ? this.idle(trunkId) : undefined;
  }

  /** Every configured trunk's status, in the order configured. */
  all(): readonly TrunkStatus[] {
    return this.trunks.map((trunk) => this.running.get(trunk.id)?.registration.status ?? this.idle(trunk.id));
  }

  /** Unregisters every trunk (at shutdown); no registration starts afterwards. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.reconcile([]);
  }

  private async apply(trunks: readonly TrunkConfig[]): Promise<void> {
    const wanted = new Map((this.stopped ? [] : trunks).filter(registers).map((trunk) => [trunk.id, trunk]));
    this.trunks = this.stopped ? [] : trunks;
    const stopping: Promise<void>[] = [];
    for (const [id, current] of [...this.running]) {
      const trunk = wanted.get(id);
      if (trunk && registrationKey(trunk) === current.key) {
        wanted.delete(id);
        continue;
      }
      this.running.delete(id);
      const next = trunk && this.create(trunk);
      wanted.delete(id);
      stopping.push(current.registration.stop().then(() => next?.start()));
    }
    for (const trunk of wanted.values()) this.create(trunk).start();
    await Promise.all(stopping);
  }

  /** A registration for `trunk`, listed at once (its status shows while the one it replaces unregisters). */
  private create(trunk: TrunkConfig): TrunkRegistration {
    const { stack, clock, ids, gate, onStatus } = this.options;
    const registration = new TrunkRegistration({
      stack,
      clock,
      ids,
      trunk,
      contactUser: trunkContactUser(trunk.id),
      activeCalls: () => gate.activeCalls(trunk.id),
      ...(onStatus ? { onStatus } : {}),
    });
    this.running.set(trunk.id, { registration, key: registrationKey(trunk) });
    return registration;
  }

  private idle(trunkId: string): TrunkStatus {
    return { trunkId, state: 'idle', lastError: null, registeredUntil: null, lastAttemptAt: null, activeCalls: this.options.gate.activeCalls(trunkId) };
  }
}
