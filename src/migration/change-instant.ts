import type { ChangeOptions } from '../centrex/index.js';
import { SystemClock } from '../sip/index.js';

const systemClock = new SystemClock();

/** The instant of a migration change in milliseconds: the options' clock, else the system clock. */
export function changeInstant(options: Pick<ChangeOptions, 'clock'>): number {
  return (options.clock ?? systemClock).now();
}

/** As stored: ISO-8601 UTC with milliseconds. */
export const isoInstant = (ms: number): string => new Date(ms).toISOString();
