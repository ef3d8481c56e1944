/**
 * The network's registrar for register-mode trunks (RFC 3261 §10.3): a trunk registers its
 * contact under its username with Digest; expiries below a minute get 423 with Min-Expires,
 * longer ones are cut to an hour; `Expires: 0` (or `*`) removes the registration. Calls for the
 * trunk's numbers go to the newest contact, at the address its REGISTER came from.
 */
import { Header, Status, createResponse, formatUri, header, targetOfSource } from '../sip/index.js';
import type { Clock, IdSource, MessageSource, NameAddr, OutboundTarget, ResponseOptions, ServerTransaction, SipRequest, SipUri, StatusCode } from '../sip/index.js';
import type { CarrierTrunk } from './carrier-trunk.js';
import type { TrunkAccess } from './trunk-access.js';

export const MIN_EXPIRES = 60;
export const MAX_EXPIRES = 3600;
const DEFAULT_EXPIRES = 3600;

export interface TrunkBinding {
  readonly contact: SipUri;
  readonly target: OutboundTarget;
  readonly expiresAt: number;
}

export class TrunkRegistrar {
  /** Trunk id → contact URI text → binding, the newest last. */
  private readonly bindings = new Map<string, Map<string, TrunkBinding>>();

  constructor(
    private readonly access: TrunkAccess,
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  /** The newest live registration of `trunk`, if any. */
  contactOf(trunk: CarrierTrunk): TrunkBinding | undefined {
    const now = this.clock.now();
    const live = [...(this.bindings.get(trunk.id)?.values() ?? [])].filter((b) => b.expiresAt > now);
    return live[live.length - 1];
  }

  register(transaction: ServerTransaction, request: SipRequest, source: MessageSource): void {
    const trunk = this.access.authenticate(transaction, request, source, 'www');
    if (!trunk || trunk.auth.mode !== 'register') return;
    const answer = (status: StatusCode, options: ResponseOptions = {}): void =>
      transaction.respond(createResponse(request, status, { toTag: this.ids(), ...options }));
    const aor = request.to.uri.kind === 'sip' ? request.to.uri.user : undefined;
    if (aor !== trunk.auth.username) {
      answer(Status.Forbidden, { reason: 'To Is Not The Trunk Account' });
      return;
    }
    const expiresHeader = header(request, Header.Expires);
    const bindings = this.bindings.get(trunk.id) ?? new Map<string, TrunkBinding>();
    this.bindings.set(trunk.id, bindings);
    if (request.contactWildcard) {
      if (expiresHeader !== 0 || request.contacts.length > 0) {
        answer(Status.BadRequest, { reason: 'Wildcard Contact Needs Expires 0' });
        return;
      }
      bindings.clear();
      answer(Status.OK);
      return;
    }
    const now = this.clock.now();
    const changes: { readonly key: string; readonly binding: TrunkBinding | undefined }[] = [];
    for (const contact of request.contacts) {
      if (contact.uri.kind !== 'sip') {
        answer(Status.BadRequest, { reason: 'Contact Is Not A SIP URI' });
        return;
      }
      const param = contact.params.get('expires');
      const requested = param !== undefined && param !== null ? Number(param) : (expiresHeader ?? DEFAULT_EXPIRES);
      if (!Number.isInteger(requested) || requested < 0) {
        answer(Status.BadRequest, { reason: 'Bad Expires' });
        return;
      }
      if (requested > 0 && requested < MIN_EXPIRES) {
        answer(Status.IntervalTooBrief, { headers: [{ name: 'Min-Expires', value: String(MIN_EXPIRES) }] });
        return;
      }
      const key = formatUri(contact.uri);
      const expires = Math.min(requested, MAX_EXPIRES);
      changes.push({ key, binding: expires === 0 ? undefined : { contact: contact.uri, target: targetOfSource(source), expiresAt: now + expires * 1000 } });
    }
    for (const { key, binding } of changes) {
      bindings.delete(key);
      if (binding) bindings.set(key, binding);
    }
    const contacts: NameAddr[] = [...bindings.values()]
      .filter((b) => b.expiresAt > now)
      .map((b) => ({ uri: b.contact, params: new Map([['expires', String(Math.round((b.expiresAt - now) / 1000))]]) }));
    answer(Status.OK, { contacts });
  }
}

/** The Request-URI for a call to `number` at a registered contact: the number as user, `;user=phone`. */
export function numberAtContact(contact: SipUri, number: string): SipUri {
  return { ...contact, user: number, params: new Map([...contact.params, ['user', 'phone']]) };
}
