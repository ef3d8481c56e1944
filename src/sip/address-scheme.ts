/** Address schemes a registrar accepts (RFC 3261 §10.3; RFC 4475 §3.3.4 answers others with 416). */
import type { SipMessage } from './message.js';
import type { Uri } from './uri.js';

export interface UnsupportedScheme {
  readonly header: 'To' | 'From' | 'Contact';
  readonly scheme: string;
}

function schemeOf(uri: Uri): string {
  return uri.kind === 'tel' ? 'tel' : uri.scheme;
}

/** The first of To, From and Contact whose URI scheme is not in `schemes`, if any. */
export function unsupportedAddressScheme(msg: SipMessage, schemes: readonly string[] = ['sip', 'sips', 'tel']): UnsupportedScheme | undefined {
  const candidates: [UnsupportedScheme['header'], Uri][] = [['To', msg.to.uri], ['From', msg.from.uri], ...msg.contacts.map((c): [UnsupportedScheme['header'], Uri] => ['Contact', c.uri])];
  for (const [header, uri] of candidates) {
    const scheme = schemeOf(uri);
    if (!schemes.includes(scheme)) return { header, scheme };
  }
  return undefined;
}
