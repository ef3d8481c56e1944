/**
 * The redirection history a call carries through the network: Diversion (RFC 5806, the latest
 * diversion on top) and History-Info (RFC 7044, in index order, the retargeted entry tagged
 * with the RFC 4458 `cause`). The old provider adds to it when it forwards a number.
 */
import { Status, formatNameAddr, headerValues, noParams, splitList } from '../sip/index.js';
import type { NameAddr, SipRequest } from '../sip/index.js';

export type ForwardingStyle = 'diversion' | 'history-info' | 'both' | 'none';

export interface Redirection {
  /** Diversion header values, top (latest) first. */
  readonly diversion: readonly string[];
  /** History-Info header values in index order. */
  readonly historyInfo: readonly string[];
}

export const NO_REDIRECTION: Redirection = { diversion: [], historyInfo: [] };

/** RFC 4458: 302 marks an unconditional forward. */
const UNCONDITIONAL_CAUSE = String(Status.MovedTemporarily);

/** `<sip:+49…@domain;user=phone>` with the given URI and header parameters. */
export function numberAddress(number: string, domain: string, uriParams: readonly [string, string][] = [], params: readonly [string, string][] = []): NameAddr {
  return {
    uri: { kind: 'sip', scheme: 'sip', user: number, host: domain, params: new Map([['user', 'phone'], ...uriParams]), headers: [] },
    params: params.length === 0 ? noParams : new Map(params),
  };
}

/** One entry per list element, as written (a line that cannot be split is kept whole). */
function entries(invite: SipRequest, name: string): readonly string[] {
  const values = headerValues(invite, name);
  const split = splitList(values);
  return split.ok ? split.value : values;
}

/** The history an INVITE arrived with, carried on unchanged as the network does. */
export function redirectionOf(invite: SipRequest): Redirection {
  return { diversion: entries(invite, 'Diversion'), historyInfo: entries(invite, 'History-Info') };
}

/** The index of the last History-Info entry, if any. */
function lastIndex(historyInfo: readonly string[]): string | undefined {
  const last = historyInfo[historyInfo.length - 1];
  return last === undefined ? undefined : /;index=([\d.]+)/.exec(last)?.[1];
}

/** The history after the network forwarded `from` to `to` unconditionally, in `style`. */
export function forwarded(history: Redirection, from: string, to: string, style: ForwardingStyle, domain: string): Redirection {
  const diversion =
    style === 'diversion' || style === 'both'
      ? [formatNameAddr(numberAddress(from, domain, [], [['reason', 'unconditional'], ['counter', '1']])), ...history.diversion]
      : history.diversion;
  if (style !== 'history-info' && style !== 'both') return { diversion, historyInfo: history.historyInfo };
  const entries = [...history.historyInfo];
  let parent = lastIndex(entries);
  if (parent === undefined) {
    parent = '1';
    entries.push(formatNameAddr(numberAddress(from, domain, [], [['index', parent]])));
  }
  entries.push(formatNameAddr(numberAddress(to, domain, [['cause', UNCONDITIONAL_CAUSE]], [['index', `${parent}.1`], ['mp', parent]])));
  return { diversion, historyInfo: entries };
}
