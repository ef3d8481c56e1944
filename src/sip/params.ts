/**
 * Generic parameters (`;name=value` on URIs and header values, RFC 3261 §25.1 `generic-param`).
 * Names are case-insensitive and stored lower-cased, in the order received; a flag parameter
 * such as `lr` or `rport` has the value `null`. Values are kept as written (escapes and quotes
 * intact) so that a forwarded value is unchanged.
 */
export type Params = ReadonlyMap<string, string | null>;

export const noParams: Params = new Map();
