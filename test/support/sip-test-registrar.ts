/**
 * The test peer's registrar: a Digest challenge through the library's `DigestServer`, then the
 * bindings of the address-of-record in a small in-memory map (RFC 3261 §10.3).
 */
import {
  DigestServer, Header, Status, createResponse, formatUri, ha1, header, headerValues,
} from '../../src/sip/index.js';
import type { Clock, NameAddr, SipRequest, SipResponse, Uri } from '../../src/sip/index.js';

export interface TestRegistrarOptions {
  readonly clock: Clock;
  readonly realm: string;
  /** username → password */
  readonly users: ReadonlyMap<string, string>;
  readonly toTag: () => string;
}

interface Binding {
  readonly contact: NameAddr;
  readonly expiresAt: number;
}

const DEFAULT_EXPIRES = 3600;

const aorOf = (uri: Uri): string => (uri.kind === 'sip' ? `${uri.user ?? ''}@${uri.host}` : formatUri(uri));

export class TestRegistrar {
  private readonly digest: DigestServer;
  private readonly bindings = new Map<string, Map<string, Binding>>();

  constructor(private readonly options: TestRegistrarOptions) {
    this.digest = new DigestServer({ clock: options.clock, secret: 'belay test registrar secret', algorithms: ['MD5'] });
  }

  /** Current contacts of an address-of-record (`user@host`). */
  contactsOf(aor: string): readonly NameAddr[] {
    return [...this.current(aor).values()].map((binding) => binding.contact);
  }

  register(request: SipRequest): SipResponse {
    const { realm, users, toTag } = this.options;
    const answer = (status: Parameters<typeof createResponse>[1], extra: Parameters<typeof createResponse>[2] = {}) =>
      createResponse(request, status, { toTag: toTag(), ...extra });
    const digestRequest = { method: request.method, requestUri: formatUri(request.uri) };
    const inspection = this.digest.inspect(headerValues(request, 'Authorization'), digestRequest, realm);
    if (inspection.kind === 'missing') return this.challenge(request, false);
    if (inspection.kind === 'malformed') return answer(Status.BadRequest, { reason: `Bad credentials (${inspection.reason})` });
    const password = users.get(inspection.username);
    const verdict = this.digest.verify(inspection, password === undefined ? undefined : ha1(inspection.username, realm, password, inspection.hash));
    if (verdict.kind === 'stale') return this.challenge(request, true);
    const aor = aorOf(request.to.uri);
    if (verdict.kind === 'wrong_credentials' || !aor.startsWith(`${verdict.username}@`)) return answer(Status.Forbidden);
    this.update(aor, request);
    const now = this.options.clock.now();
    const contacts = [...this.current(aor).values()].map(({ contact, expiresAt }) => ({
      ...contact,
      params: new Map([...contact.params, ['expires', String(Math.round((expiresAt - now) / 1000))]]),
    }));
    return answer(Status.OK, { contacts });
  }

  private challenge(request: SipRequest, stale: boolean): SipResponse {
    const challenges = this.digest.challenge(this.options.realm, { stale });
    return createResponse(request, Status.Unauthorized, {
      toTag: this.options.toTag(),
      headers: challenges.map((value) => ({ name: 'WWW-Authenticate', value })),
    });
  }

  /** §10.3 steps 6–8: `*` removes every binding, each Contact is added, refreshed or (expires 0) removed. */
  private update(aor: string, request: SipRequest): void {
    const bindings = this.current(aor);
    const requested = header(request, Header.Expires);
    if (request.contactWildcard) {
      bindings.clear();
      return;
    }
    for (const contact of request.contacts) {
      const param = contact.params.get('expires');
      const expires = param && /^\d+$/.test(param) ? Number(param) : (requested ?? DEFAULT_EXPIRES);
      const key = formatUri(contact.uri);
      if (expires === 0) bindings.delete(key);
      else bindings.set(key, { contact: { uri: contact.uri, params: new Map() }, expiresAt: this.options.clock.now() + expires * 1000 });
    }
    this.bindings.set(aor, bindings);
  }

  private current(aor: string): Map<string, Binding> {
    const bindings = this.bindings.get(aor) ?? new Map<string, Binding>();
    const now = this.options.clock.now();
    for (const [key, binding] of bindings) if (binding.expiresAt <= now) bindings.delete(key);
    return bindings;
  }
}
