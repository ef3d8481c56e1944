/**
 * Transaction timer values (RFC 3261 §17.1.1.1, Table 4 in Appendix A; RFC 6026 §8.4, §8.7).
 * Only T1, T2 and T4 are configurable; every other timer is derived from them and from whether
 * the transport is reliable.
 */

export interface TimerConfig {
  /** RTT estimate, default 500 ms (§17.1.1.1). */
  readonly t1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  readonly t2: number;
  /** Maximum time a message stays in the network, default 5 s. */
  readonly t4: number;
}

export const defaultTimerConfig: TimerConfig = { t1: 500, t2: 4000, t4: 5000 };

/** Every transaction timer; `Trying` is the INVITE server's 200 ms "send 100 Trying" rule (§17.2.1). */
export const transactionTimers = ['A', 'B', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'Trying'] as const;
export type TransactionTimer = (typeof transactionTimers)[number];

/** The timers whose interval doubles on each firing: request (A, E) and response (G) retransmission. */
export type RetransmitTimer = 'A' | 'E' | 'G';

export const isRetransmitTimer = (timer: TransactionTimer): timer is RetransmitTimer =>
  timer === 'A' || timer === 'E' || timer === 'G';

/** The "100 Trying unless the TU answers within 200 ms" delay (§17.2.1). */
export const TRYING_DELAY_MS = 200;

/** Timer D is "at least 32 seconds" for unreliable transports (§17.1.1.2). */
const MIN_TIMER_D_MS = 32_000;

/**
 * The value a timer is started with. Retransmit timers (A, E, G) start at T1 and are never
 * started on reliable transports (§17.1.1.2, §17.1.2.2, §17.2.1); D, I, J and K are zero on
 * reliable transports because there is nothing left to absorb (Table 4).
 */
export function timerDuration(timer: Exclude<TransactionTimer, RetransmitTimer>, config: TimerConfig, reliable: boolean): number {
  switch (timer) {
    case 'B':
    case 'F':
    case 'H':
    case 'L':
    case 'M':
      return 64 * config.t1;
    case 'D':
      return reliable ? 0 : Math.max(MIN_TIMER_D_MS, 64 * config.t1);
    case 'I':
    case 'K':
      return reliable ? 0 : config.t4;
    case 'J':
      return reliable ? 0 : 64 * config.t1;
    case 'Trying':
      return TRYING_DELAY_MS;
  }
}

/** Checks a configuration read from outside; throws a RangeError naming the bad value. */
export function checkTimerConfig(config: TimerConfig): TimerConfig {
  for (const key of ['t1', 't2', 't4'] as const) {
    const value = config[key];
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`timer ${key.toUpperCase()} must be a positive number of milliseconds, got ${value}`);
  }
  if (config.t2 < config.t1) throw new RangeError(`timer T2 (${config.t2} ms) must not be shorter than T1 (${config.t1} ms)`);
  return config;
}
