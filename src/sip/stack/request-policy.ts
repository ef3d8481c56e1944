/** What the stateless checks accept: configuration, never global state. */
export interface RequestPolicy {
  /**
   * Option tags this element implements (RFC 3261 §19.2, §20.37); a request that requires any
   * other is answered 420 with `Unsupported` listing them (§8.2.2.3).
   */
  readonly supportedExtensions: readonly string[];
  /** Request-URI schemes accepted (lower-case); any other is answered 416 (§8.2.2.1). */
  readonly uriSchemes: readonly string[];
}

export const defaultRequestPolicy: RequestPolicy = {
  supportedExtensions: [],
  uriSchemes: ['sip', 'sips', 'tel'],
};
