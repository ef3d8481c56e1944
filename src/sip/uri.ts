import type { Params } from './params.js';

/** `sip:` / `sips:` URI (RFC 3261 §19.1). Text is kept as written: escapes are not decoded. */
export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  /** The userinfo user part, escapes kept (`%41lice`); compare with {@link uriEquals}. */
  readonly user?: string;
  readonly password?: string;
  /** Host name, IPv4 address, or IPv6 reference with brackets (`[::1]`). */
  readonly host: string;
  readonly port?: number;
  readonly params: Params;
  /** URI headers after `?`, in order, values escaped as written. */
  readonly headers: readonly UriHeader[];
}

export interface UriHeader {
  readonly name: string;
  readonly value: string;
}

/** `tel:` URI (RFC 3966). */
export interface TelUri {
  readonly kind: 'tel';
  /** The number as written, visual separators included (`+49-221-4711-0`). */
  readonly number: string;
  /** True for a global number (`+` followed by digits). */
  readonly global: boolean;
  /** Parameters, `phone-context`, `ext`, `isub` included. */
  readonly params: Params;
}

/** Any other absolute URI (`urn:`, `mailto:`, `http:` ...): kept opaque. */
export interface AbsoluteUri {
  readonly kind: 'absolute';
  /** Lower-cased scheme. */
  readonly scheme: string;
  /** Everything after the first `:`, as written. */
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;
