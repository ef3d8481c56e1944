import { SystemClock } from '../../sip/index.js';
import type { Clock } from '../../sip/index.js';
import type { DirectoryUpdates } from './directory.js';

/** How a change made through a service is stamped and where it is reported once committed. */
export interface ChangeOptions {
  /** The time source of the change; the system clock unless a test supplies its own. */
  readonly clock?: Pick<Clock, 'now'>;
  /**
   * The live directory of this process, told about every committed change that affects it
   * (see `InMemoryDirectory`). Left out where no SIP service runs in the process (the CLI):
   * a running server then catches up through `refreshDirectory`.
   */
  readonly directory?: DirectoryUpdates;
}

const systemClock = new SystemClock();

/** The instant of a change, as stored: ISO-8601 UTC with milliseconds. */
export function changeTime(options: ChangeOptions): string {
  return new Date((options.clock ?? systemClock).now()).toISOString();
}
