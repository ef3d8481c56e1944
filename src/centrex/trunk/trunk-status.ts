/** What belay knows of a trunk at run time: its registration at the carrier and the calls it carries. */

/**
 * `idle`: not registering (stopped, not started, or a trunk that needs no registration);
 * `registering`: the first REGISTER (or a retry after a failure) is under way;
 * `registered`: the carrier granted a registration, refreshed before it runs out;
 * `failed`: the last attempt failed (`lastError` says why); a retry is scheduled.
 */
export type TrunkRegistrationState = 'idle' | 'registering' | 'registered' | 'failed';

export interface TrunkStatus {
  readonly trunkId: string;
  readonly state: TrunkRegistrationState;
  /** Why the last attempt failed; null once a registration succeeds. */
  readonly lastError: string | null;
  /** When the registration the carrier granted runs out (ms since the epoch); null when none is held. */
  readonly registeredUntil: number | null;
  /** When the last REGISTER was sent (ms since the epoch); null before the first. */
  readonly lastAttemptAt: number | null;
  /** Calls holding a slot of the trunk right now (see `TrunkGate`). */
  readonly activeCalls: number;
}

/** Where the API reads trunk states from. */
export interface TrunkStatusSource {
  /** The trunk's state, or undefined when the trunk is not configured here. */
  status(trunkId: string): TrunkStatus | undefined;
  all(): readonly TrunkStatus[];
}
