import type { UserRow } from '../../store/index.js';
import type { ClassOfService } from '../numbering/index.js';
import type { CallForwarding, DirectoryUser, ForwardTarget } from './directory.js';
import { forwardTargetFromText, forwardTargetText } from './forward-target.js';

/** An employee of a tenant as the API shows them: never a password or its hashes. */
export interface User {
  /** UUID */
  readonly id: string;
  readonly tenantId: string;
  readonly extension: string;
  readonly name: string;
  readonly email: string | null;
  readonly sipUsername: string;
  /** Whether a SIP password is set (without one the user's phones cannot register). */
  readonly hasPassword: boolean;
  /** Do not disturb. */
  readonly dnd: boolean;
  readonly forwarding: CallForwarding;
  /** What the user may dial out to (emergency calls always). */
  readonly classOfService: ClassOfService;
  /** Withhold the user's number on outbound calls. */
  readonly clir: boolean;
  /** An external number (E.164) rung in parallel with the user's devices. */
  readonly ringExternal: string | null;
  /** ISO-8601 UTC */
  readonly createdAt: string;
  readonly updatedAt: string;
}

type ForwardingColumns = Pick<
  UserRow,
  'forward_always' | 'forward_busy' | 'forward_no_answer' | 'forward_no_answer_seconds' | 'forward_unregistered'
>;

const target = (text: string | null): ForwardTarget | undefined => (text === null ? undefined : forwardTargetFromText(text));

export function forwardingFromRow(row: UserRow): CallForwarding {
  const always = target(row.forward_always);
  const busy = target(row.forward_busy);
  const noAnswer = target(row.forward_no_answer);
  const unregistered = target(row.forward_unregistered);
  return {
    ...(always && { always }),
    ...(busy && { busy }),
    ...(noAnswer && { noAnswer: { target: noAnswer, seconds: row.forward_no_answer_seconds ?? 0 } }),
    ...(unregistered && { unregistered }),
  };
}

export function forwardingColumns(forwarding: CallForwarding): ForwardingColumns {
  const text = (t: ForwardTarget | undefined): string | null => (t === undefined ? null : forwardTargetText(t));
  return {
    forward_always: text(forwarding.always),
    forward_busy: text(forwarding.busy),
    forward_no_answer: text(forwarding.noAnswer?.target),
    forward_no_answer_seconds: forwarding.noAnswer?.seconds ?? null,
    forward_unregistered: text(forwarding.unregistered),
  };
}

export const hasPassword = (row: UserRow): boolean => row.ha1_md5 !== null || row.ha1_sha256 !== null;

export function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    extension: row.extension,
    name: row.display_name,
    email: row.email,
    sipUsername: row.sip_username,
    hasPassword: hasPassword(row),
    dnd: row.dnd === 1,
    forwarding: forwardingFromRow(row),
    classOfService: row.class_of_service,
    clir: row.clir === 1,
    ringExternal: row.ring_external,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The user as the SIP side reads it; `realm` is the tenant's SIP domain the hashes were made with. */
export function directoryUserFromRow(row: UserRow, realm: string): DirectoryUser {
  const ha1 = {
    ...(row.ha1_md5 !== null && { MD5: row.ha1_md5 }),
    ...(row.ha1_sha256 !== null && { 'SHA-256': row.ha1_sha256 }),
  };
  return {
    id: row.id,
    tenantId: row.tenant_id,
    extension: row.extension,
    displayName: row.display_name,
    sipUsername: row.sip_username,
    credentials: hasPassword(row) ? { username: row.sip_username, realm, ha1 } : null,
    dnd: row.dnd === 1,
    forwarding: forwardingFromRow(row),
    classOfService: row.class_of_service,
    clir: row.clir === 1,
    ringExternal: row.ring_external,
  };
}
