/**
 * The registrar (RFC 3261 §10.3): authenticates a REGISTER with Digest in the tenant's realm,
 * checks that the authenticated user owns the address-of-record, applies the request to the
 * user's bindings and answers 200 listing every current binding with its expiry (plus the
 * Path when the phone supports it, RFC 3327 §5.3, and a Date, §10.3 step 8).
 */
import { randomUUID } from 'node:crypto';
import { Header, Status, createResponse, header, headerValues, parseUri, quote, unescapeUri } from '../../sip/index.js';
import type { Clock, ExtraHeader, IdSource, NameAddr, ServerTransaction, SipRequest, StatusCode } from '../../sip/index.js';
import type { Directory, DirectoryTenant, DirectoryUser } from '../directory/index.js';
import { bindingSource } from './binding.js';
import type { Binding } from './binding.js';
import type { BindingTable } from './binding-table.js';
import { decideRegistration } from './registration-decision.js';
import type { RegistrationPolicy } from './registration-decision.js';
import type { SipAuthenticator } from './sip-authenticator.js';

export interface RegistrarOptions {
  readonly clock: Clock;
  readonly directory: Directory;
  readonly location: BindingTable;
  readonly authenticator: SipAuthenticator;
  readonly policy: RegistrationPolicy;
  readonly toTag: IdSource;
  /** Ids of new bindings; random UUIDs by default. */
  readonly bindingIds?: () => string;
}

/** The address-of-record a user's bindings are filed under. */
export const aorOf = (tenant: DirectoryTenant, user: DirectoryUser): string => `sip:${user.sipUsername}@${tenant.sipDomain}`;

/** A binding as a 200 to REGISTER lists it: the Contact with its remaining seconds, q, instance and reg-id. */
function listedContact(binding: Binding, now: number): NameAddr | undefined {
  const uri = parseUri(binding.contact);
  if (!uri.ok) return undefined;
  const params = new Map<string, string | null>([['expires', String(Math.max(0, Math.round((binding.expiresAt - now) / 1000)))]]);
  if (binding.q !== 1) params.set('q', String(binding.q));
  if (binding.instanceId !== undefined) params.set('+sip.instance', quote(binding.instanceId));
  if (binding.regId !== undefined) params.set('reg-id', String(binding.regId));
  return { uri: uri.value, params };
}

export class Registrar {
  private readonly bindingIds: () => string;

  constructor(private readonly options: RegistrarOptions) {
    this.bindingIds = options.bindingIds ?? randomUUID;
  }

  /** Answers the REGISTER of `transaction`; returns the status it answered with. */
  handle(transaction: ServerTransaction): StatusCode {
    const { request, source } = transaction;
    const { authenticator, location, clock, policy } = this.options;
    const auth = authenticator.authenticate(transaction, request, source, 'www');
    if (!auth.ok) return auth.status;
    const { tenant, user } = auth;
    if (this.ownerOfAor(request, tenant)?.id !== user.id) return this.answer(transaction, Status.Forbidden, { reason: 'Not Your Address-of-Record' });
    const now = clock.now();
    const decision = decideRegistration(request, {
      tenantId: tenant.id,
      userId: user.id,
      aor: aorOf(tenant, user),
      existing: location.registered(user.id),
      source: bindingSource(source),
      now,
      policy,
      newId: this.bindingIds,
    });
    if (decision.kind === 'refuse') {
      const headers = decision.minExpires === undefined ? [] : [{ name: 'Min-Expires', value: String(decision.minExpires) }];
      return this.answer(transaction, decision.status, { headers, ...(decision.reason === undefined ? {} : { reason: decision.reason }) });
    }
    location.replace(user.id, decision.bindings);
    const contacts = location.registered(user.id).flatMap((b) => listedContact(b, now) ?? []);
    const headers: ExtraHeader[] = [{ name: 'Date', value: new Date(now).toUTCString() }];
    if (header(request, Header.Supported)?.includes('path')) {
      headers.push(...headerValues(request, 'Path').map((value) => ({ name: 'Path', value })));
    }
    return this.answer(transaction, Status.OK, { contacts, headers });
  }

  /** The user the To URI names, by SIP username or extension, in the authenticated tenant. */
  private ownerOfAor(request: SipRequest, tenant: DirectoryTenant): DirectoryUser | undefined {
    const { uri } = request.to;
    if (uri.kind !== 'sip' || uri.user === undefined) return undefined;
    const name = unescapeUri(uri.user);
    const { directory } = this.options;
    return directory.userBySipUsername(tenant.id, name) ?? directory.userByExtension(tenant.id, name);
  }

  private answer(
    transaction: ServerTransaction,
    status: StatusCode,
    options: { readonly reason?: string; readonly contacts?: readonly NameAddr[]; readonly headers?: readonly ExtraHeader[] },
  ): StatusCode {
    transaction.respond(createResponse(transaction.request, status, { toTag: this.options.toTag(), ...options }));
    return status;
  }
}
