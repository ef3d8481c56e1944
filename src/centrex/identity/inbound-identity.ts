/**
 * What an INVITE from a trunk says about the call: the called number, the caller, and — when the
 * old provider forwarded the call — the number originally dialled, recovered from Diversion
 * (RFC 5806: each diverter prepends an entry, so the bottom-most one is the original called
 * number) or else History-Info (RFC 7044: the entry with index=1, unless privacy=history hides it;
 * the RFC 4458 `cause` of the entry it was retargeted to gives the reason).
 *
 * Malformed identity headers count as absent: reading never fails.
 */
import { header, Header, headerValues, parseNameAddr, unescapeUri, unquote } from '../../sip/index.js';
import type { NameAddr, Params, SipRequest, Uri } from '../../sip/index.js';
import type { NumberFormat } from '../numbering/index.js';
import { numberOfUri } from './uri-number.js';

export interface OriginalCalled {
  /** E.164 */
  readonly number: string;
  /** RFC 5806 reason token (from Diversion, or mapped from the History-Info cause). */
  readonly reason?: string;
  readonly source: 'diversion' | 'history-info';
}

export interface InboundIdentity {
  /** E.164 from P-Called-Party-ID, else the Request-URI user, else To. */
  readonly called?: string;
  /** E.164 from P-Asserted-Identity, else From; undefined when anonymous. */
  readonly caller?: string;
  readonly callerName?: string;
  readonly anonymous: boolean;
  /** The originally dialled number when the call was forwarded (and it differs from `called`). */
  readonly original?: OriginalCalled;
}

/** RFC 4458 cause → RFC 5806 reason, as RFC 6044 maps them. */
const REASON_OF_CAUSE: ReadonlyMap<string, string> = new Map([
  ['302', 'unconditional'],
  ['404', 'unknown'],
  ['408', 'no-answer'],
  ['480', 'deflection'],
  ['486', 'user-busy'],
  ['487', 'deflection'],
  ['503', 'unavailable'],
]);

function privacyValues(invite: SipRequest): string[] {
  return (header(invite, Header.Privacy) ?? []).map((value) => value.toLowerCase());
}

/** RFC 3455 P-Called-Party-ID: the called identity as the network saw it, before retargeting to our contact. */
function calledPartyId(invite: SipRequest): Uri | undefined {
  const [value] = headerValues(invite, 'P-Called-Party-ID');
  if (value === undefined) return undefined;
  const parsed = parseNameAddr(value);
  return parsed.ok ? parsed.value.uri : undefined;
}

function calledNumber(invite: SipRequest, format: NumberFormat | undefined): string | undefined {
  const sources = [calledPartyId(invite), invite.uri, invite.to.uri];
  for (const uri of sources) {
    const number = uri === undefined ? undefined : numberOfUri(uri, format);
    if (number !== undefined) return number;
  }
  return undefined;
}

function isAnonymous(invite: SipRequest, privacy: readonly string[]): boolean {
  if (privacy.includes('id') || privacy.includes('user')) return true;
  const { displayName, uri } = invite.from;
  if (displayName?.toLowerCase() === 'anonymous') return true;
  return uri.kind === 'sip' && (uri.user?.toLowerCase() === 'anonymous' || uri.host.toLowerCase() === 'anonymous.invalid');
}

function paramValue(params: Params, name: string): string | undefined {
  const value = params.get(name);
  if (value === undefined || value === null) return undefined;
  return value.startsWith('"') ? unquote(value) : value;
}

function uriParams(uri: Uri): Params | undefined {
  return uri.kind === 'absolute' ? undefined : uri.params;
}

function fromDiversion(invite: SipRequest, format: NumberFormat | undefined): OriginalCalled | undefined {
  const bottom = (header(invite, Header.Diversion) ?? []).at(-1);
  if (bottom === undefined) return undefined;
  const number = numberOfUri(bottom.uri, format);
  if (number === undefined) return undefined;
  const reason = paramValue(bottom.params, 'reason')?.toLowerCase();
  return { number, reason, source: 'diversion' };
}

/** An entry whose URI carries an escaped `Privacy: history` (RFC 7044 §10.1.2). */
function hiddenEntry(entry: NameAddr): boolean {
  if (entry.uri.kind !== 'sip') return false;
  return entry.uri.headers.some(
    (h) => h.name.toLowerCase() === 'privacy' && unescapeUri(h.value).toLowerCase().split(';').some((v) => v.trim() === 'history'),
  );
}

function fromHistoryInfo(invite: SipRequest, privacy: readonly string[], format: NumberFormat | undefined): OriginalCalled | undefined {
  if (privacy.includes('history')) return undefined;
  const entries = header(invite, Header.HistoryInfo) ?? [];
  const first = entries.findIndex((entry) => entry.params.get('index') === '1');
  const entry = entries[first];
  if (entry === undefined || hiddenEntry(entry)) return undefined;
  const number = numberOfUri(entry.uri, format);
  if (number === undefined) return undefined;
  const cause = entries
    .slice(first + 1)
    .map((next) => uriParams(next.uri)?.get('cause') ?? undefined)
    .find((value) => value !== undefined);
  const reason = cause === undefined ? undefined : (REASON_OF_CAUSE.get(cause) ?? 'unknown');
  return { number, reason, source: 'history-info' };
}

function callerOf(invite: SipRequest, format: NumberFormat | undefined): { readonly number?: string; readonly name?: string } {
  const asserted = (header(invite, Header.PAssertedIdentity) ?? [])
    .map((entry) => ({ entry, number: numberOfUri(entry.uri, format) }))
    .find((candidate) => candidate.number !== undefined);
  const number = asserted?.number ?? numberOfUri(invite.from.uri, format);
  const name = asserted?.entry.displayName || invite.from.displayName || undefined;
  return { number, name };
}

/** Reads an INVITE from a trunk; `format` is the trunk profile's, for numbers written without a prefix (`49…`). */
export function inboundIdentity(invite: SipRequest, format?: NumberFormat): InboundIdentity {
  const privacy = privacyValues(invite);
  const called = calledNumber(invite, format);
  const anonymous = isAnonymous(invite, privacy);
  const caller = anonymous ? {} : callerOf(invite, format);
  const recovered = fromDiversion(invite, format) ?? fromHistoryInfo(invite, privacy, format);
  const original = recovered !== undefined && recovered.number !== called ? recovered : undefined;
  return { called, caller: caller.number, callerName: caller.name, anonymous, original };
}
