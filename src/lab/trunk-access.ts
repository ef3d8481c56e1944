/**
 * Which customer trunk a request comes from. An ip-mode trunk is recognised by its source
 * address (and port over UDP); a register-mode trunk proves itself with Digest (RFC 3261 §22):
 * REGISTER is challenged with 401, INVITE with 407, and the credentials must be the trunk's
 * username and password. Wrong credentials get 403.
 */
import { Status, createResponse, formatUri, ha1, headerValues } from '../sip/index.js';
import type { DigestServer, IdSource, MessageSource, ServerTransaction, SipRequest, StatusCode } from '../sip/index.js';
import type { CarrierDirectory } from './carrier-directory.js';
import type { CarrierTrunk } from './carrier-trunk.js';

/** `www`: a registrar (401); `proxy`: the network's edge for calls (407). */
export type ChallengeKind = 'www' | 'proxy';

const HEADERS = {
  www: { status: Status.Unauthorized, challenge: 'WWW-Authenticate', credentials: 'Authorization' },
  proxy: { status: Status.ProxyAuthenticationRequired, challenge: 'Proxy-Authenticate', credentials: 'Proxy-Authorization' },
} as const;

export interface TrunkAccessOptions {
  readonly directory: CarrierDirectory;
  readonly digest: DigestServer;
  readonly realm: string;
  readonly ids: IdSource;
  readonly log: (line: string) => void;
}

export class TrunkAccess {
  constructor(private readonly options: TrunkAccessOptions) {}

  /** The trunk `request` comes from, or undefined once it has been answered (challenge, 400, 403). */
  authenticate(transaction: ServerTransaction, request: SipRequest, source: MessageSource, kind: ChallengeKind): CarrierTrunk | undefined {
    const { directory, digest, realm } = this.options;
    if (kind === 'proxy') {
      const peer = directory.trunkBySource(source.remoteAddress, source.remotePort, source.protocol === 'udp');
      if (peer) return peer;
    }
    const names = HEADERS[kind];
    const inspection = digest.inspect(headerValues(request, names.credentials), { method: request.method, requestUri: formatUri(request.uri), body: request.body }, realm);
    if (inspection.kind === 'missing') return this.challenge(transaction, kind, false);
    if (inspection.kind === 'malformed') return this.refuse(transaction, Status.BadRequest, `Bad Credentials (${inspection.reason})`);
    const trunk = directory.trunkByUsername(inspection.username);
    const stored = trunk?.auth.mode === 'register' ? ha1(trunk.auth.username, realm, trunk.auth.password, inspection.hash) : undefined;
    const verdict = digest.verify(inspection, stored);
    if (verdict.kind === 'ok' && trunk) return trunk;
    if (verdict.kind === 'stale') return this.challenge(transaction, kind, true);
    this.options.log(`${request.method} from ${source.remoteAddress}:${source.remotePort} with wrong credentials for ${inspection.username}`);
    return this.refuse(transaction, Status.Forbidden);
  }

  private challenge(transaction: ServerTransaction, kind: ChallengeKind, stale: boolean): undefined {
    const names = HEADERS[kind];
    const headers = this.options.digest.challenge(this.options.realm, { stale }).map((value) => ({ name: names.challenge, value }));
    transaction.respond(createResponse(transaction.request, names.status, { toTag: this.options.ids(), headers }));
    return undefined;
  }

  private refuse(transaction: ServerTransaction, status: StatusCode, reason?: string): undefined {
    transaction.respond(createResponse(transaction.request, status, { toTag: this.options.ids(), ...(reason === undefined ? {} : { reason }) }));
    return undefined;
  }
}
