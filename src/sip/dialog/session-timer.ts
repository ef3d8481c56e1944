/**
 * Session timer values (RFC 4028): the `Session-Expires` and `Min-SE` headers read from and
 * written to messages, and the `timer` option tag.
 */
import { header, headerResult } from '../header-registry.js';
import { Header, MAX_DELTA_SECONDS } from '../header-specs.js';
import type { SipMessage } from '../message.js';
import { fail, ok, parseDigits } from '../scan.js';
import type { Parsed } from '../scan.js';

/** Which side of the transaction that negotiated the timer sends the refreshes (§4). */
export type Refresher = 'uac' | 'uas';

/** The smallest session interval anyone may ask for, in seconds (§4, §5). */
export const MIN_SESSION_INTERVAL = 90;
/** The recommended session interval, in seconds (§4). */
export const DEFAULT_SESSION_INTERVAL = 1800;
/** The option tag of the extension (§3). */
export const TIMER_OPTION = 'timer';

/** `Session-Expires: delta-seconds [;refresher=uac|uas]` (§4). */
export interface SessionExpires {
  readonly interval: number;
  readonly refresher?: Refresher;
}

/** A negotiated session timer: the interval in seconds and who refreshes. */
export interface SessionTimer {
  readonly interval: number;
  readonly refresher: Refresher;
}

/** The message's Session-Expires; `undefined` when absent. */
export function readSessionExpires(message: SipMessage): Parsed<SessionExpires> | undefined {
  const parsed = headerResult(message, Header.SessionExpires);
  if (parsed === undefined || !parsed.ok) return parsed;
  const interval = Number(parsed.value.value);
  const refresher = parsed.value.params.get('refresher');
  if (refresher === undefined) return ok({ interval });
  // the grammar's literals are case-insensitive (RFC 5234 §2.3)
  const side = refresher?.toLowerCase();
  return side === 'uac' || side === 'uas' ? ok({ interval, refresher: side }) : fail('invalid refresher parameter');
}

/** The message's Min-SE in seconds; `undefined` when absent. */
export function readMinSE(message: SipMessage): Parsed<number> | undefined {
  const parsed = headerResult(message, Header.MinSE);
  if (parsed === undefined || !parsed.ok) return parsed;
  const seconds = parseDigits(parsed.value.value, MAX_DELTA_SECONDS);
  return seconds === undefined ? fail('invalid delta-seconds') : ok(seconds);
}

export function formatSessionExpires(value: SessionExpires): string {
  return value.refresher === undefined ? String(value.interval) : `${value.interval};refresher=${value.refresher}`;
}

/** The message lists `timer` in Supported or Require: its sender implements the extension (§7.1). */
export function supportsTimer(message: SipMessage): boolean {
  return [Header.Supported, Header.Require].some((spec) => header(message, spec)?.includes(TIMER_OPTION) ?? false);
}
