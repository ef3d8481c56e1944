/**
 * What the network makes of the caller identity in an INVITE from a customer trunk (CLIP no
 * screening, § 120 TKG, 1TR119): the NPN, read where this trunk puts it, must be one of the
 * trunk's numbers, else 403. With CLIP no screening the UPN must be one the customer may present
 * (its `allowed` numbers or the trunk's own) and never a number the network bars since 1.12.2022,
 * else 403, as Telekom answers; on a forwarded call (a Diversion or History-Info naming one of
 * the customer's numbers as the diverting one) the original caller's number may be presented
 * too (§ 120 (2) sentence 2 TKG). Without CLIP no screening the UPN is replaced by the NPN. A
 * withheld identity (Privacy: id, From anonymous) keeps its NPN for the network and shows nothing.
 */
import { Header, header } from '../sip/index.js';
import type { NameAddr, SipRequest } from '../sip/index.js';
import { isAnonymous, isEmergencyNumber, uriNumber } from './carrier-number.js';
import type { CarrierTrunk, NpnField, UpnField } from './carrier-trunk.js';
import { readCarrierNumber } from './carrier-number.js';

/** The caller as the network knows it. */
export interface CallerIdentity {
  /** The number shown to the called party; null when withheld. */
  readonly shown: string | null;
  /** The network number: billing, emergency location; null only for calls from outside the network that carry none. */
  readonly npn: string | null;
  readonly anonymous: boolean;
}

export type Screening =
  | { readonly ok: true; readonly identity: CallerIdentity; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

/** Premium (0900), mass traffic (0137), directory enquiry (118xx): never presentable (BNetzA, 1.12.2022). */
const BARRED_PREFIXES = ['+49900', '+49137', '+49118'];

const isBarred = (number: string): boolean => isEmergencyNumber(number) || BARRED_PREFIXES.some((prefix) => number.startsWith(prefix));

type Field = { readonly kind: 'absent' } | { readonly kind: 'anonymous' } | { readonly kind: 'number'; readonly number: string } | { readonly kind: 'unreadable'; readonly text: string };

function readField(invite: SipRequest, field: UpnField | Exclude<NpnField, 'account'>): Field {
  if (field === 'from-display') {
    const name = invite.from.displayName;
    if (name === undefined) return { kind: 'absent' };
    if (name.toLowerCase() === 'anonymous') return { kind: 'anonymous' };
    const number = readCarrierNumber(name);
    return number === undefined ? { kind: 'unreadable', text: name } : { kind: 'number', number };
  }
  const address = field === 'from-user' ? invite.from : header(invite, field === 'ppi' ? Header.PPreferredIdentity : Header.PAssertedIdentity)?.[0];
  if (!address) return { kind: 'absent' };
  if (isAnonymous(address)) return { kind: 'anonymous' };
  const number = uriNumber(address.uri);
  return number === undefined ? { kind: 'unreadable', text: address.uri.kind === 'sip' ? (address.uri.user ?? '') : address.uri.kind } : { kind: 'number', number };
}

/** The numbers a forwarded INVITE names as diverting: the latest Diversion entry, else every History-Info entry but the last (the target). */
function divertingNumbers(invite: SipRequest): readonly string[] {
  const diversion = header(invite, Header.Diversion)?.[0];
  const entries: readonly NameAddr[] = diversion ? [diversion] : (header(invite, Header.HistoryInfo) ?? []).slice(0, -1);
  return entries.flatMap((entry) => uriNumber(entry.uri) ?? []);
}

function readNpn(invite: SipRequest, trunk: CarrierTrunk, mainNumber: string | undefined): { readonly npn: string } | { readonly reason: string } {
  if (trunk.reads.npn === 'account') {
    const user = invite.from.uri.kind === 'sip' ? invite.from.uri.user : undefined;
    const account = trunk.auth.mode === 'register' ? trunk.auth.username : undefined;
    if (user !== account && !isAnonymous(invite.from)) return { reason: `From user ${user ?? '(none)'} is not the trunk account` };
    return mainNumber === undefined ? { reason: 'the trunk has no active number' } : { npn: mainNumber };
  }
  let field = readField(invite, trunk.reads.npn);
  // a withheld call (From anonymous) still carries the network number, in P-Preferred- or P-Asserted-Identity (RFC 3325)
  if (field.kind === 'anonymous' && trunk.reads.npn === 'from-user') {
    const asserted = [readField(invite, 'ppi'), readField(invite, 'pai')].find((candidate) => candidate.kind === 'number');
    if (asserted) field = asserted;
  }
  switch (field.kind) {
    case 'number':
      return { npn: field.number };
    case 'unreadable':
      return { reason: `the network number ${field.text} cannot be read` };
    default:
      return { reason: `no network number in ${trunk.reads.npn}` };
  }
}

/**
 * @param active the trunk's numbers its provider holds now (ported-away numbers are not);
 * the first is the trunk's main number.
 */
export function screenTrunkCall(invite: SipRequest, trunk: CarrierTrunk, active: readonly string[]): Screening {
  const npnRead = readNpn(invite, trunk, active[0]);
  if ('reason' in npnRead) return { ok: false, reason: npnRead.reason };
  const { npn } = npnRead;
  if (!active.includes(npn)) return { ok: false, reason: `network number ${npn} is not a number of trunk ${trunk.id}` };
  const privacy = (header(invite, Header.Privacy) ?? []).map((p) => p.toLowerCase());
  const upnField = readField(invite, trunk.reads.upn);
  const anonymous = privacy.includes('id') || privacy.includes('user') || upnField.kind === 'anonymous' || isAnonymous(invite.from);
  if (upnField.kind === 'unreadable') return { ok: false, reason: `the presented number ${upnField.text} cannot be read` };
  const upn = upnField.kind === 'number' ? upnField.number : npn;
  if (upn === npn) return { ok: true, identity: { shown: anonymous ? null : npn, npn, anonymous } };
  if (!trunk.screening.clipNoScreening) {
    return { ok: true, identity: { shown: anonymous ? null : npn, npn, anonymous }, note: `presented number ${upn} replaced by ${npn} (no CLIP no screening)` };
  }
  if (isBarred(upn)) return { ok: false, reason: `presented number ${upn} may never be presented` };
  const { allowed } = trunk.screening;
  const mayUse = (number: string): boolean => allowed.includes(number) || active.includes(number);
  const identity = { shown: anonymous ? null : upn, npn, anonymous };
  if (mayUse(upn)) return { ok: true, identity };
  const diverter = divertingNumbers(invite).find(mayUse);
  if (diverter !== undefined) return { ok: true, identity, note: `forwarded by ${diverter}: the caller's number ${upn} is presented` };
  return { ok: false, reason: `presented number ${upn} is not allowed on trunk ${trunk.id}` };
}
